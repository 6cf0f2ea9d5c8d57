//! Remembered devices (pools with device tracking): after a sign-in that met a new device,
//! `ConfirmDevice` registers a random device password's verifier and the device is stored; when
//! the pool leaves it to the user (`UserConfirmationNecessary`), the signed-in screen asks
//! "Remember this device?" until answered (`UpdateDeviceStatus`). The signed-in screen lists the
//! user's devices (`ListDevices`) when this device is tracked, and can forget one (`ForgetDevice`,
//! and this device's stored secrets with it) or change whether it is remembered. Account calls run
//! with a fresh access token, as the other account actions.
//! <https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html>

use super::account::fresh;
use super::session::{discard, verify};
use super::totp::account_failed;
use super::{go, rest, unexpected, Context, Outcome};
use crate::cognito::NewDevice;
use crate::error::{AuthError, InputProblem};
use crate::machine::state::{Account, AccountAction};
use crate::machine::{AuthEvent, AuthState, Effect, Feedback};
use crate::view::NoticeKind;

/// After the session of a sign-in that met a new device is stored: confirm the device.
/// `stored`: what storing the session said, shown once the user is loaded.
pub(super) fn confirm(account: Account, device: NewDevice, stored: Feedback) -> Outcome {
    let access_token = account.session.access_token.clone();
    let username = account.session.username().to_owned();
    go(
        AuthState::ConfirmingDevice {
            account,
            feedback: stored,
        },
        Effect::ConfirmDevice {
            access_token,
            username,
            device,
        },
    )
}

/// After `GetUser`: list the devices when this one is tracked, else show the signed-in screen.
pub(super) fn list(account: Account, feedback: Feedback) -> Outcome {
    if account.session.device_key.is_none() {
        return rest(AuthState::SignedIn { account, feedback });
    }
    let access_token = account.session.access_token.clone();
    go(
        AuthState::ListingDevices { account, feedback },
        Effect::CallListDevices { access_token },
    )
}

/// A device request on the signed-in screen: refused when it names what the screen did not offer.
pub(super) fn requested(
    account: Account,
    feedback: Feedback,
    event: AuthEvent,
    cx: Context<'_>,
) -> Outcome {
    use AuthEvent as E;
    let listed = |key: &str| account.devices.iter().any(|d| d.key == key);
    let action = match event {
        E::DevicePromptAnswered { remember } => match &account.session.device_key {
            Some(device_key) if account.device_prompt => Some(AccountAction::SetDeviceStatus {
                device_key: device_key.clone(),
                remembered: remember,
            }),
            _ => None,
        },
        E::DeviceStatusSubmitted {
            device_key,
            remembered,
        } if listed(&device_key) => Some(AccountAction::SetDeviceStatus {
            device_key,
            remembered,
        }),
        E::DeviceForgetRequested { device_key } if listed(&device_key) => {
            Some(AccountAction::ForgetDevice { device_key })
        }
        E::DeviceStatusSubmitted { .. } | E::DeviceForgetRequested { .. } => None,
        other => return unexpected(AuthState::SignedIn { account, feedback }, &other),
    };
    match action {
        Some(action) => fresh(account, action, cx),
        None => rest(AuthState::SignedIn {
            account,
            feedback: Feedback::error(AuthError::invalid_form(InputProblem::NotOffered)),
        }),
    }
}

/// The call of a device action, with a fresh access token.
pub(super) fn start(account: Account, action: AccountAction) -> Outcome {
    let access_token = account.session.access_token.clone();
    match action {
        AccountAction::SetDeviceStatus {
            device_key,
            remembered,
        } => go(
            AuthState::UpdatingDevice {
                account,
                device_key: device_key.clone(),
                remembered,
            },
            Effect::CallUpdateDeviceStatus {
                access_token,
                device_key,
                remembered,
            },
        ),
        AccountAction::ForgetDevice { device_key } => go(
            AuthState::ForgettingDevice {
                account,
                device_key: device_key.clone(),
            },
            Effect::CallForgetDevice {
                access_token,
                device_key,
            },
        ),
        _ => unreachable!("account::start hands only device actions to devices::start"),
    }
}

pub(super) fn transition(state: AuthState, event: AuthEvent, cx: Context<'_>) -> Outcome {
    use AuthEvent as E;
    use AuthState as S;
    match state {
        // A device that could not be confirmed or stored only means the next sign-in asks for
        // every factor again: the sign-in goes on.
        S::ConfirmingDevice { account, feedback } => match event {
            E::DeviceConfirmed { prompt } => verify(
                Account {
                    device_prompt: prompt,
                    ..account
                },
                true,
                false,
                feedback,
            ),
            E::CallFailed(_) | E::StoreFailed(_) => verify(account, true, false, feedback),
            other => unexpected(S::ConfirmingDevice { account, feedback }, &other),
        },
        S::ListingDevices { account, feedback } => match event {
            E::DevicesListed(devices) => rest(S::SignedIn {
                account: Account { devices, ..account },
                feedback,
            }),
            E::CallFailed(error) if error.ends_session() => discard(&account, cx),
            // The list is an extra: without it the screen shows the rest.
            E::CallFailed(_) => rest(S::SignedIn { account, feedback }),
            other => unexpected(S::ListingDevices { account, feedback }, &other),
        },
        S::UpdatingDevice {
            account,
            device_key,
            remembered,
        } => match event {
            E::DeviceStatusUpdated => {
                let this_device = account.session.device_key.as_deref() == Some(&device_key);
                let feedback = if remembered {
                    Feedback::notice(NoticeKind::DeviceRemembered)
                } else {
                    Feedback::default()
                };
                let account = Account {
                    device_prompt: account.device_prompt && !this_device,
                    ..account
                };
                verify(account, true, true, feedback)
            }
            E::CallFailed(error) => account_failed(account, error, cx),
            other => unexpected(
                S::UpdatingDevice {
                    account,
                    device_key,
                    remembered,
                },
                &other,
            ),
        },
        S::ForgettingDevice {
            account,
            device_key,
        } => match event {
            // This device: forget its stored secrets too, so the next sign-in starts afresh.
            E::DeviceForgotten if account.session.device_key.as_deref() == Some(&device_key) => {
                let username = account.session.username().to_owned();
                go(
                    S::ForgettingDevice {
                        account: Account {
                            device_prompt: false,
                            ..account
                        },
                        device_key,
                    },
                    Effect::ClearDevice { username },
                )
            }
            E::DeviceForgotten | E::DeviceCleared => verify(
                account,
                true,
                true,
                Feedback::notice(NoticeKind::DeviceForgotten),
            ),
            E::StoreFailed(error) => verify(account, true, true, Feedback::error(error)),
            E::CallFailed(error) => account_failed(account, error, cx),
            other => unexpected(
                S::ForgettingDevice {
                    account,
                    device_key,
                },
                &other,
            ),
        },
        other => unexpected(other, &event),
    }
}

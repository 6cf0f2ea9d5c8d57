//! The signed-in screen: authenticator setup, MFA preferences (`SetUserMFAPreference`), sign-out
//! (`RevokeToken`) and sign-out everywhere (`GlobalSignOut`); the account requests (attributes,
//! password, deletion) are handed to `user_account`. Calls that carry the access token refresh it first
//! when it is due.

use super::session::{clear, discard, refresh, verify};
use super::totp::account_failed;
use super::{devices, go, rest, unexpected, user_account, Context, Outcome};
use crate::cognito::{RemoteUser, TokenAuth};
use crate::error::AuthError;
use crate::error::InputProblem;
use crate::machine::state::{Account, AccountAction, Resume, TotpContext};
use crate::machine::{AuthEvent, AuthState, Effect, Feedback};
use crate::settings::PoolSettings;
use crate::view::{MfaChoice, MfaMethod, NoticeKind};

pub(super) fn transition(state: AuthState, event: AuthEvent, cx: Context<'_>) -> Outcome {
    use AuthEvent as E;
    use AuthState as S;
    match state {
        S::SignedIn { account, feedback } => match event {
            E::SignOutRequested => {
                let refresh_token = account.session.refresh_token.clone();
                go(
                    S::SigningOut { account },
                    Effect::CallRevokeToken { refresh_token },
                )
            }
            E::SignOutEverywhereRequested => fresh(account, AccountAction::SignOutEverywhere, cx),
            E::TotpSetupRequested => fresh(account, AccountAction::SetUpTotp, cx),
            E::MfaPreferenceSubmitted { sms, totp } => {
                match validate_preference(sms, totp, cx.pool) {
                    Ok(()) => fresh(account, AccountAction::SetMfaPreference { sms, totp }, cx),
                    Err(error) => rest(S::SignedIn {
                        account,
                        feedback: Feedback::error(error),
                    }),
                }
            }
            event @ (E::AttributesSubmitted { .. }
            | E::AttributeCodeSubmitted { .. }
            | E::AttributeCodeResendRequested { .. }
            | E::PasswordChangeSubmitted { .. }
            | E::AccountDeletionRequested) => user_account::requested(account, feedback, event, cx),
            event @ (E::DevicePromptAnswered { .. }
            | E::DeviceStatusSubmitted { .. }
            | E::DeviceForgetRequested { .. }) => devices::requested(account, feedback, event, cx),
            E::FreshSessionRequested if account.session.needs_refresh_at(cx.now) => {
                refresh(account, Resume::Show(feedback))
            }
            E::FreshSessionRequested => rest(S::SignedIn { account, feedback }),
            other => unexpected(S::SignedIn { account, feedback }, &other),
        },
        S::SettingMfaPreference { account, notice } => match event {
            E::MfaPreferenceSaved => verify(account, true, true, Feedback::notice(notice)),
            E::CallFailed(error) => account_failed(account, error, cx),
            other => unexpected(S::SettingMfaPreference { account, notice }, &other),
        },
        // Signing out of this app always ends here, even when the pool could not be told: the user
        // asked to leave, and keeping the tokens would keep them signed in. A network failure is
        // said, since the refresh token then stays valid on the pool until it expires.
        S::SigningOut { account } => match event {
            E::TokenRevoked => clear(cx.pool.sign_in_name(&account.session), Feedback::default()),
            E::CallFailed(error) if error.is_transient() => clear(
                cx.pool.sign_in_name(&account.session),
                Feedback::notice(NoticeKind::SignedOutLocally),
            ),
            E::CallFailed(_) => clear(cx.pool.sign_in_name(&account.session), Feedback::default()),
            other => unexpected(S::SigningOut { account }, &other),
        },
        // Sign-out everywhere must reach the pool: on failure the user stays signed in and sees why.
        S::SigningOutEverywhere { account } => match event {
            E::SignedOutEverywhere => clear(
                cx.pool.sign_in_name(&account.session),
                Feedback::notice(NoticeKind::SignedOutEverywhere),
            ),
            // Revoked already (signed out everywhere from another device): the session is over.
            E::CallFailed(error) if error.ends_session() => discard(&account, cx),
            E::CallFailed(error) => rest(S::SignedIn {
                account,
                feedback: Feedback::error(error),
            }),
            other => unexpected(S::SigningOutEverywhere { account }, &other),
        },
        other => unexpected(other, &event),
    }
}

/// Runs `action` now, or after a refresh when the access token is about to expire.
pub(super) fn fresh(account: Account, action: AccountAction, cx: Context<'_>) -> Outcome {
    if account.session.needs_refresh_at(cx.now) {
        refresh(account, Resume::Action(action))
    } else {
        start(account, action, cx)
    }
}

pub(super) fn start(account: Account, action: AccountAction, _cx: Context<'_>) -> Outcome {
    let access_token = account.session.access_token.clone();
    match action {
        AccountAction::SignOutEverywhere => go(
            AuthState::SigningOutEverywhere { account },
            Effect::CallGlobalSignOut { access_token },
        ),
        AccountAction::SetUpTotp => go(
            AuthState::AssociatingTotp {
                context: TotpContext::Account(Box::new(account)),
            },
            Effect::CallAssociateSoftwareToken(TokenAuth::Access(access_token)),
        ),
        AccountAction::SetMfaPreference { sms, totp } => {
            save_preference(account, sms, totp, NoticeKind::MfaSaved)
        }
        action @ (AccountAction::UpdateAttributes(_)
        | AccountAction::VerifyAttribute { .. }
        | AccountAction::ResendAttributeCode { .. }
        | AccountAction::ChangePassword { .. }
        | AccountAction::DeleteAccount) => user_account::start(account, action),
        action @ (AccountAction::SetDeviceStatus { .. } | AccountAction::ForgetDevice { .. }) => {
            devices::start(account, action)
        }
    }
}

pub(super) fn save_preference(
    account: Account,
    sms: MfaChoice,
    totp: MfaChoice,
    notice: NoticeKind,
) -> Outcome {
    let access_token = account.session.access_token.clone();
    go(
        AuthState::SettingMfaPreference { account, notice },
        Effect::CallSetMfaPreference {
            access_token,
            sms,
            totp,
        },
    )
}

/// The preference that turns a just-verified authenticator on: Cognito only registers it, but
/// the user set it up to use it. It becomes the preferred factor unless another one already is;
/// text messages keep their setting.
pub(super) fn with_totp_on(user: Option<&RemoteUser>) -> (MfaChoice, MfaChoice) {
    let (sms_on, preferred) = user.map_or((false, None), |user| {
        (
            user.mfa_enabled.contains(&MfaMethod::Sms),
            user.mfa_preferred,
        )
    });
    let sms = match (preferred, sms_on) {
        (Some(MfaMethod::Sms), _) => MfaChoice::Preferred,
        (_, true) => MfaChoice::Enabled,
        (_, false) => MfaChoice::Disabled,
    };
    let totp = match preferred {
        Some(MfaMethod::Sms) => MfaChoice::Enabled,
        _ => MfaChoice::Preferred,
    };
    (sms, totp)
}

/// What the pool would refuse anyway, said before the call: a factor the pool does not offer,
/// two preferred factors, or every factor off when the pool requires one.
fn validate_preference(
    sms: MfaChoice,
    totp: MfaChoice,
    pool: &PoolSettings,
) -> Result<(), AuthError> {
    for (method, choice) in [(MfaMethod::Sms, sms), (MfaMethod::Totp, totp)] {
        if choice != MfaChoice::Disabled && !pool.mfa_methods.contains(&method) {
            return Err(AuthError::invalid_form(InputProblem::NotOffered));
        }
    }
    if sms == MfaChoice::Preferred && totp == MfaChoice::Preferred {
        return Err(AuthError::invalid_form(InputProblem::NotOffered));
    }
    if pool.mfa_required && sms == MfaChoice::Disabled && totp == MfaChoice::Disabled {
        return Err(AuthError::invalid_form(InputProblem::MfaRequired));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(enabled: &[MfaMethod], preferred: Option<MfaMethod>) -> RemoteUser {
        RemoteUser {
            username: "ana".into(),
            attributes: Default::default(),
            mfa_enabled: enabled.to_vec(),
            mfa_preferred: preferred,
        }
    }

    #[test]
    fn a_new_authenticator_is_preferred_unless_text_messages_already_are() {
        use MfaChoice::{Disabled, Enabled, Preferred};
        use MfaMethod::{Sms, Totp};
        assert_eq!(with_totp_on(None), (Disabled, Preferred));
        assert_eq!(with_totp_on(Some(&user(&[], None))), (Disabled, Preferred));
        assert_eq!(
            with_totp_on(Some(&user(&[Sms], None))),
            (Enabled, Preferred)
        );
        assert_eq!(
            with_totp_on(Some(&user(&[Sms], Some(Sms)))),
            (Preferred, Enabled)
        );
        assert_eq!(
            with_totp_on(Some(&user(&[Sms, Totp], Some(Totp)))),
            (Enabled, Preferred)
        );
    }
}

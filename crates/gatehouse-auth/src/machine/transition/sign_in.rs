//! Sign-in: `USER_SRP_AUTH`, then the challenges Cognito may send after the password proof
//! (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `SELECT_MFA_TYPE`, `MFA_SETUP`, `NEW_PASSWORD_REQUIRED`),
//! each answered with the challenge's `Session`, which expires after three minutes. In a pool that
//! tracks devices, each answer names the device remembered for the user (`DEVICE_KEY`), and a
//! remembered device may be asked to prove itself (`DEVICE_SRP_AUTH`) instead of a second factor.
//! <https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html>

use super::session::authenticated;
use super::{go, recovery, rest, sign_in_again, sign_up, signed_out, unexpected, Context, Outcome};
use crate::cognito::{ChallengeAnswer, ChallengeKind, ChallengeResponse, ChallengeStep, TokenAuth};
use crate::error::{AuthError, InputProblem};
use crate::machine::input::{
    validate_attributes, validate_code, validate_new_password, validate_password, validate_username,
};
use crate::machine::state::{Challenge, ResetReason, TotpContext};
use crate::machine::{AuthEvent, AuthState, Effect, Feedback};
use crate::settings::PoolSettings;
use crate::view::AttributeField;

pub(super) fn transition(state: AuthState, event: AuthEvent, cx: Context<'_>) -> Outcome {
    use AuthEvent as E;
    use AuthState as S;
    match state {
        S::SignedOut { username, feedback } => match event {
            E::SignInSubmitted {
                username: typed,
                password,
            } => match validate_username(&typed).and_then(|()| validate_password(&password)) {
                Ok(()) => go(
                    S::SigningIn {
                        username: typed.clone(),
                    },
                    Effect::InitiateSrpAuth {
                        username: typed,
                        password,
                    },
                ),
                Err(error) => rest(signed_out(Some(typed), Feedback::error(error))),
            },
            E::SignUpFormRequested => rest(sign_up::form(Feedback::default())),
            E::SignInFormRequested => rest(signed_out(username, Feedback::default())),
            E::ForgotPasswordRequested { username: typed } => rest(S::ForgotPasswordForm {
                username: typed.filter(|u| !u.is_empty()).or(username),
                feedback: Feedback::default(),
            }),
            other => unexpected(S::SignedOut { username, feedback }, &other),
        },
        S::SigningIn { username } => match event {
            E::PasswordVerifierRequested {
                handshake,
                challenge,
                device,
            } => {
                let device_key = device.as_ref().map(|d| d.key.clone());
                go(
                    S::VerifyingPassword {
                        username,
                        user_id: challenge.user_id_for_srp.clone(),
                        device,
                    },
                    Effect::RespondToPasswordVerifier {
                        handshake,
                        challenge,
                        device_key,
                    },
                )
            }
            E::Authenticated(tokens) => authenticated(username, tokens, None, cx),
            E::CallFailed(error) => sign_in_failed(username, error),
            other => unexpected(S::SigningIn { username }, &other),
        },
        S::VerifyingPassword {
            username,
            user_id,
            device,
        } => match event {
            E::Authenticated(tokens) => {
                authenticated(username, tokens, device.map(|d| d.key.clone()), cx)
            }
            E::ChallengeReceived(step) => match (step.kind, device) {
                (ChallengeKind::DeviceSrp, Some(device)) => go(
                    S::VerifyingDevice {
                        username,
                        user_id: user_id.clone(),
                        device_key: device.key.clone(),
                    },
                    Effect::ProveDevice {
                        user_id: step.user_id.unwrap_or(user_id),
                        session: step.session,
                        device,
                    },
                ),
                (kind, device) => challenged(
                    username,
                    &user_id,
                    device.map(|d| d.key.clone()),
                    ChallengeStep { kind, ..step },
                    cx,
                ),
            },
            // The remembered device is gone from the pool (forgotten elsewhere): forget it here
            // and prove the password again without it; the challenge is still valid.
            E::DeviceUnknown { mut answer } if device.is_some() => {
                answer.device_key = None;
                Ok((
                    S::VerifyingPassword {
                        username,
                        user_id: user_id.clone(),
                        device: None,
                    },
                    vec![
                        Effect::ClearDevice { username: user_id },
                        Effect::ResendPasswordVerifier(answer),
                    ],
                ))
            }
            // Forgetting the stale device is best effort: the next sign-in meets it again.
            E::DeviceCleared | E::StoreFailed(_) if device.is_none() => {
                rest(S::VerifyingPassword {
                    username,
                    user_id,
                    device,
                })
            }
            E::CallFailed(error) => sign_in_failed(username, error),
            other => unexpected(
                S::VerifyingPassword {
                    username,
                    user_id,
                    device,
                },
                &other,
            ),
        },
        S::VerifyingDevice {
            username,
            user_id,
            device_key,
        } => match event {
            E::Authenticated(tokens) => authenticated(username, tokens, Some(device_key), cx),
            E::ChallengeReceived(step) => {
                challenged(username, &user_id, Some(device_key), step, cx)
            }
            E::CallFailed(error) => sign_in_failed(username, error),
            other => unexpected(
                S::VerifyingDevice {
                    username,
                    user_id,
                    device_key,
                },
                &other,
            ),
        },
        S::AwaitingMfaCode {
            challenge,
            method,
            delivery,
            feedback,
        } => match event {
            E::SignInCodeSubmitted { code } => match validate_code(&code) {
                Ok(()) => go(
                    S::ConfirmingMfaCode {
                        challenge: challenge.clone(),
                        method,
                        delivery,
                    },
                    answer(&challenge, ChallengeAnswer::MfaCode { method, code }),
                ),
                Err(error) => rest(S::AwaitingMfaCode {
                    challenge,
                    method,
                    delivery,
                    feedback: Feedback::error(error),
                }),
            },
            E::SignInFormRequested => {
                rest(signed_out(Some(challenge.username), Feedback::default()))
            }
            other => unexpected(
                S::AwaitingMfaCode {
                    challenge,
                    method,
                    delivery,
                    feedback,
                },
                &other,
            ),
        },
        S::ConfirmingMfaCode {
            challenge,
            method,
            delivery,
        } => match event {
            E::Authenticated(tokens) => {
                authenticated(challenge.username, tokens, challenge.device_key, cx)
            }
            E::ChallengeReceived(step) => challenged(
                challenge.username,
                &challenge.user_id,
                challenge.device_key,
                step,
                cx,
            ),
            E::CallFailed(error) => {
                answer_refused(challenge, error, |challenge, feedback| S::AwaitingMfaCode {
                    challenge,
                    method,
                    delivery,
                    feedback,
                })
            }
            other => unexpected(
                S::ConfirmingMfaCode {
                    challenge,
                    method,
                    delivery,
                },
                &other,
            ),
        },
        S::AwaitingMfaChoice {
            challenge,
            options,
            feedback,
        } => match event {
            E::MfaSelected { method } if options.contains(&method) => go(
                S::SubmittingMfaChoice {
                    challenge: challenge.clone(),
                    options,
                },
                answer(&challenge, ChallengeAnswer::SelectMfa(method)),
            ),
            E::MfaSelected { .. } => rest(S::AwaitingMfaChoice {
                challenge,
                options,
                feedback: Feedback::error(AuthError::invalid_form(InputProblem::NotOffered)),
            }),
            E::SignInFormRequested => {
                rest(signed_out(Some(challenge.username), Feedback::default()))
            }
            other => unexpected(
                S::AwaitingMfaChoice {
                    challenge,
                    options,
                    feedback,
                },
                &other,
            ),
        },
        S::SubmittingMfaChoice { challenge, options } => match event {
            E::Authenticated(tokens) => {
                authenticated(challenge.username, tokens, challenge.device_key, cx)
            }
            E::ChallengeReceived(step) => challenged(
                challenge.username,
                &challenge.user_id,
                challenge.device_key,
                step,
                cx,
            ),
            E::CallFailed(error) => answer_refused(challenge, error, |challenge, feedback| {
                S::AwaitingMfaChoice {
                    challenge,
                    options,
                    feedback,
                }
            }),
            other => unexpected(S::SubmittingMfaChoice { challenge, options }, &other),
        },
        S::AwaitingNewPassword {
            challenge,
            required,
            feedback,
        } => match event {
            E::NewPasswordSubmitted {
                password,
                attributes,
            } => match validate_new_password(&password, &cx.pool.password_policy)
                .and_then(|()| validate_attributes(&required, &attributes))
            {
                Ok(attributes) => go(
                    S::SettingNewPassword {
                        challenge: challenge.clone(),
                        required,
                    },
                    answer(
                        &challenge,
                        ChallengeAnswer::NewPassword {
                            password,
                            attributes,
                        },
                    ),
                ),
                Err(error) => rest(S::AwaitingNewPassword {
                    challenge,
                    required,
                    feedback: Feedback::error(error),
                }),
            },
            E::SignInFormRequested => {
                rest(signed_out(Some(challenge.username), Feedback::default()))
            }
            other => unexpected(
                S::AwaitingNewPassword {
                    challenge,
                    required,
                    feedback,
                },
                &other,
            ),
        },
        S::SettingNewPassword {
            challenge,
            required,
        } => match event {
            E::Authenticated(tokens) => {
                authenticated(challenge.username, tokens, challenge.device_key, cx)
            }
            E::ChallengeReceived(step) => challenged(
                challenge.username,
                &challenge.user_id,
                challenge.device_key,
                step,
                cx,
            ),
            E::CallFailed(error) => answer_refused(challenge, error, |challenge, feedback| {
                S::AwaitingNewPassword {
                    challenge,
                    required,
                    feedback,
                }
            }),
            other => unexpected(
                S::SettingNewPassword {
                    challenge,
                    required,
                },
                &other,
            ),
        },
        other => unexpected(other, &event),
    }
}

/// Where a challenge leads. The answer names `USER_ID_FOR_SRP` when the pool sent one.
pub(super) fn challenged(
    username: String,
    user_id: &str,
    device_key: Option<String>,
    step: ChallengeStep,
    cx: Context<'_>,
) -> Outcome {
    let challenge = Challenge {
        username,
        user_id: step.user_id.unwrap_or_else(|| user_id.to_owned()),
        session: step.session,
        device_key,
    };
    let feedback = Feedback::default();
    match step.kind {
        ChallengeKind::Mfa { method, delivery } => rest(AuthState::AwaitingMfaCode {
            challenge,
            method,
            delivery,
            feedback,
        }),
        ChallengeKind::SelectMfa { options } => rest(AuthState::AwaitingMfaChoice {
            challenge,
            options,
            feedback,
        }),
        ChallengeKind::MfaSetup => {
            let auth = TokenAuth::Session(challenge.session.clone());
            go(
                AuthState::AssociatingTotp {
                    context: TotpContext::SignIn(challenge),
                },
                Effect::CallAssociateSoftwareToken(auth),
            )
        }
        ChallengeKind::NewPassword {
            required_attributes,
        } => rest(AuthState::AwaitingNewPassword {
            challenge,
            required: required_attributes
                .iter()
                .map(|name| required_field(name, cx.pool))
                .collect(),
            feedback,
        }),
        // Only a remembered device named in the password answer is asked to prove itself.
        ChallengeKind::DeviceSrp => sign_in_again(
            challenge.username,
            AuthError::UnsupportedChallenge {
                name: "DEVICE_SRP_AUTH".into(),
            },
        ),
    }
}

/// The pool refused a challenge answer. "Invalid code or auth state for the user." means the
/// session is spent: back to sign-in. Anything else (a wrong or expired code, a refused password)
/// may be tried again with the same session, on the screen that asked.
fn answer_refused(
    challenge: Challenge,
    error: AuthError,
    ask_again: impl FnOnce(Challenge, Feedback) -> AuthState,
) -> Outcome {
    match error {
        AuthError::ChallengeExpired
        | AuthError::NotAuthorized { .. }
        | AuthError::IncorrectCredentials
        | AuthError::PasswordAttemptsExceeded => sign_in_again(challenge.username, error),
        error => rest(ask_again(challenge, Feedback::error(error))),
    }
}

pub(super) fn answer(challenge: &Challenge, answer: ChallengeAnswer) -> Effect {
    Effect::RespondToChallenge(ChallengeResponse {
        user_id: challenge.user_id.clone(),
        session: challenge.session.clone(),
        answer,
        device_key: challenge.device_key.clone(),
    })
}

/// How to ask for a required attribute: as the sign-up form does when it knows it, otherwise from
/// its name.
fn required_field(name: &str, pool: &PoolSettings) -> AttributeField {
    if let Some(known) = pool.sign_up_fields.iter().find(|f| f.name == name) {
        return AttributeField {
            required: true,
            ..known.clone()
        };
    }
    AttributeField {
        required: true,
        ..pool.attribute(name).field
    }
}

/// `UserNotConfirmed` leads to the confirm screen with a fresh code, as the Amplify libraries do;
/// `PasswordResetRequired` sends a reset code (`ForgotPassword`) and opens the reset screen.
fn sign_in_failed(username: String, error: AuthError) -> Outcome {
    match error {
        AuthError::UserNotConfirmed => sign_up::resend(username, None, true),
        AuthError::PasswordResetRequired => recovery::request(username, ResetReason::Required),
        error => sign_in_again(username, error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::AttributeKind;

    #[test]
    fn required_attributes_are_asked_for_by_kind() {
        let pool = PoolSettings::new("local", "us-east-1", "us-east-1_P", "c", None);
        let field = required_field("phone_number", &pool);
        assert_eq!(
            (field.kind, field.label.as_str(), field.required),
            (AttributeKind::Phone, "Phone number", true)
        );
        assert_eq!(required_field("email", &pool).kind, AttributeKind::Email);
        let team = required_field("custom:team", &pool);
        assert_eq!(
            (team.kind, team.label.as_str()),
            (AttributeKind::Text, "Team")
        );
    }
}

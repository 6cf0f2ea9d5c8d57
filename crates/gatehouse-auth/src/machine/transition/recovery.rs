//! Forgot password: `ForgotPassword` sends a code, `ConfirmForgotPassword` sets the new password
//! (checked locally against the pool's policy first). A sign-in answered with
//! `PasswordResetRequiredException` enters here too: the user needs a code, so one is requested.
//! <https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html>

use super::{go, rest, signed_out, unexpected, Context, Outcome};
use crate::error::AuthError;
use crate::machine::input::{validate_code, validate_new_password, validate_username};
use crate::machine::state::ResetReason;
use crate::machine::{AuthEvent, AuthState, Effect, Feedback};
use crate::view::NoticeKind;

pub(super) fn transition(state: AuthState, event: AuthEvent, cx: Context<'_>) -> Outcome {
    use AuthEvent as E;
    use AuthState as S;
    match state {
        S::ForgotPasswordForm { username, feedback } => match event {
            E::PasswordResetRequested { username: typed } => match validate_username(&typed) {
                Ok(()) => request(typed, ResetReason::Asked),
                Err(error) => rest(S::ForgotPasswordForm {
                    username: Some(typed),
                    feedback: Feedback::error(error),
                }),
            },
            E::ForgotPasswordRequested { username: typed } => rest(S::ForgotPasswordForm {
                username: typed.or(username),
                feedback: Feedback::default(),
            }),
            E::SignInFormRequested => rest(signed_out(username, Feedback::default())),
            other => unexpected(S::ForgotPasswordForm { username, feedback }, &other),
        },
        S::RequestingPasswordReset { username, reason } => match event {
            E::ResetCodeSent { delivery } => {
                let feedback = match &reason {
                    ResetReason::Asked => Feedback::sent(NoticeKind::CodeSent, delivery.as_ref()),
                    ResetReason::Required => Feedback {
                        error: Some(AuthError::PasswordResetRequired),
                        ..Feedback::sent(NoticeKind::CodeSent, delivery.as_ref())
                    },
                    ResetReason::Resend { .. } => {
                        Feedback::sent(NoticeKind::NewCodeSent, delivery.as_ref())
                    }
                };
                let delivery = match reason {
                    ResetReason::Resend { delivery: before } => delivery.or(before),
                    _ => delivery,
                };
                rest(S::AwaitingResetCode {
                    username,
                    delivery,
                    feedback,
                })
            }
            E::CallFailed(error) => rest(match reason {
                ResetReason::Asked => S::ForgotPasswordForm {
                    username: Some(username),
                    feedback: Feedback::error(error),
                },
                ResetReason::Required => signed_out(Some(username), Feedback::error(error)),
                ResetReason::Resend { delivery } => S::AwaitingResetCode {
                    username,
                    delivery,
                    feedback: Feedback::error(error),
                },
            }),
            other => unexpected(S::RequestingPasswordReset { username, reason }, &other),
        },
        S::AwaitingResetCode {
            username,
            delivery,
            feedback,
        } => match event {
            E::PasswordResetSubmitted { code, password } => match validate_code(&code)
                .and_then(|()| validate_new_password(&password, &cx.pool.password_policy))
            {
                Ok(()) => go(
                    S::ConfirmingPasswordReset {
                        username: username.clone(),
                        delivery,
                    },
                    Effect::CallConfirmForgotPassword {
                        username,
                        code,
                        password,
                    },
                ),
                Err(error) => rest(S::AwaitingResetCode {
                    username,
                    delivery,
                    feedback: Feedback::error(error),
                }),
            },
            E::ResetCodeResendRequested => request(username, ResetReason::Resend { delivery }),
            E::ForgotPasswordRequested { username: typed } => rest(S::ForgotPasswordForm {
                username: typed.or(Some(username)),
                feedback: Feedback::default(),
            }),
            E::SignInFormRequested => rest(signed_out(Some(username), Feedback::default())),
            other => unexpected(
                S::AwaitingResetCode {
                    username,
                    delivery,
                    feedback,
                },
                &other,
            ),
        },
        S::ConfirmingPasswordReset { username, delivery } => match event {
            E::PasswordReset => rest(signed_out(
                Some(username),
                Feedback::notice(NoticeKind::PasswordReset),
            )),
            E::CallFailed(error) => rest(S::AwaitingResetCode {
                username,
                delivery,
                feedback: Feedback::error(error),
            }),
            other => unexpected(S::ConfirmingPasswordReset { username, delivery }, &other),
        },
        other => unexpected(other, &event),
    }
}

/// `ForgotPassword` for `username`.
pub(super) fn request(username: String, reason: ResetReason) -> Outcome {
    go(
        AuthState::RequestingPasswordReset {
            username: username.clone(),
            reason,
        },
        Effect::CallForgotPassword { username },
    )
}

//! Sign-up: the form (attributes checked against the pool's fields), `SignUp`, the confirmation
//! code and its resend. <https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html>

use super::{go, rest, signed_out, unexpected, Context, Outcome};
use crate::error::AuthError;
use crate::machine::input::{validate_code, validate_sign_up};
use crate::machine::{AuthEvent, AuthState, Effect, Feedback};
use crate::view::{CodeDelivery, NoticeKind};

pub(super) fn transition(state: AuthState, event: AuthEvent, cx: Context<'_>) -> Outcome {
    use AuthEvent as E;
    use AuthState as S;
    match state {
        S::SignUpForm { feedback } => match event {
            E::SignUpSubmitted {
                username,
                password,
                attributes,
            } => match validate_sign_up(cx.pool, username, &password, &attributes) {
                Ok((username, attributes)) => go(
                    S::SigningUp {
                        username: username.clone(),
                    },
                    Effect::CallSignUp {
                        username,
                        password,
                        attributes,
                    },
                ),
                Err(error) => rest(form(Feedback::error(error))),
            },
            E::SignInFormRequested => rest(signed_out(None, Feedback::default())),
            E::SignUpFormRequested => rest(form(Feedback::default())),
            other => unexpected(S::SignUpForm { feedback }, &other),
        },
        S::SigningUp { username } => match event {
            E::SignUpAccepted(outcome) if outcome.user_confirmed => rest(signed_out(
                Some(username),
                Feedback::notice(NoticeKind::AccountReady),
            )),
            E::SignUpAccepted(outcome) => rest(S::AwaitingSignUpCode {
                username,
                delivery: outcome.delivery,
                feedback: Feedback::default(),
            }),
            E::CallFailed(error) => rest(form(Feedback::error(error))),
            other => unexpected(S::SigningUp { username }, &other),
        },
        S::AwaitingSignUpCode {
            username,
            delivery,
            feedback,
        } => match event {
            E::SignUpCodeSubmitted { code } => match validate_code(&code) {
                Ok(()) => go(
                    S::ConfirmingSignUp {
                        username: username.clone(),
                        delivery,
                    },
                    Effect::CallConfirmSignUp { username, code },
                ),
                Err(error) => rest(S::AwaitingSignUpCode {
                    username,
                    delivery,
                    feedback: Feedback::error(error),
                }),
            },
            E::SignUpCodeResendRequested => resend(username, delivery, false),
            E::SignInFormRequested => rest(signed_out(Some(username), Feedback::default())),
            E::SignUpFormRequested => rest(form(Feedback::default())),
            other => unexpected(
                S::AwaitingSignUpCode {
                    username,
                    delivery,
                    feedback,
                },
                &other,
            ),
        },
        S::ConfirmingSignUp { username, delivery } => match event {
            E::SignUpConfirmed => rest(signed_out(
                Some(username),
                Feedback::notice(NoticeKind::AccountConfirmed),
            )),
            E::CallFailed(error) => rest(S::AwaitingSignUpCode {
                username,
                delivery,
                feedback: Feedback::error(error),
            }),
            other => unexpected(S::ConfirmingSignUp { username, delivery }, &other),
        },
        S::ResendingCode {
            username,
            delivery,
            unconfirmed,
        } => match event {
            E::CodeResent { delivery: sent } => {
                let feedback = Feedback {
                    error: unconfirmed.then_some(AuthError::UserNotConfirmed),
                    ..Feedback::sent(NoticeKind::NewCodeSent, sent.as_ref())
                };
                rest(S::AwaitingSignUpCode {
                    username,
                    delivery: sent.or(delivery),
                    feedback,
                })
            }
            E::CallFailed(error) => rest(S::AwaitingSignUpCode {
                username,
                delivery,
                feedback: Feedback::error(error),
            }),
            other => unexpected(
                S::ResendingCode {
                    username,
                    delivery,
                    unconfirmed,
                },
                &other,
            ),
        },
        other => unexpected(other, &event),
    }
}

pub(super) fn form(feedback: Feedback) -> AuthState {
    AuthState::SignUpForm { feedback }
}

/// `ResendConfirmationCode`; `unconfirmed` when a sign-in found the account unconfirmed.
pub(super) fn resend(
    username: String,
    delivery: Option<CodeDelivery>,
    unconfirmed: bool,
) -> Outcome {
    go(
        AuthState::ResendingCode {
            username: username.clone(),
            delivery,
            unconfirmed,
        },
        Effect::CallResendConfirmationCode { username },
    )
}

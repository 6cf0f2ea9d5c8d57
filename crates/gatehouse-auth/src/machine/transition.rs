//! The pure function that decides: `(state, event, now) -> (state, effects)`.
//!
//! Every state matches its events explicitly; an event a state does not expect is returned as
//! `UnexpectedEvent` (with the state, unchanged) so the caller sees it, as rustls answers an
//! inappropriate message. The only judgement calls live here: validation before any call, where
//! `UserNotConfirmed` leads (the confirm screen, with a new code), and which failures end a session
//! (definitive answers only, never the network).

use chrono::{DateTime, Utc};

use super::input::{validate_code, validate_email, validate_password, validate_username};
use super::{AuthEvent, AuthState, Effect, Feedback};
use crate::error::AuthError;
use crate::session::Session;

/// The event does not apply in the state; `state` is handed back unchanged (boxed: the error path
/// should not make every `Ok` as large as a state).
#[derive(Debug, thiserror::Error)]
#[error("{event} is not expected in {}", state.name())]
pub struct UnexpectedEvent {
    pub state: Box<AuthState>,
    pub event: &'static str,
}

pub type Outcome = Result<(AuthState, Vec<Effect>), UnexpectedEvent>;

pub fn transition(state: AuthState, event: AuthEvent, now: DateTime<Utc>) -> Outcome {
    use AuthEvent as E;
    use AuthState as S;
    match state {
        S::Starting => match event {
            E::StartRequested => go(S::RestoringSession, Effect::LoadTokens),
            other => unexpected(S::Starting, &other),
        },
        S::RestoringSession => match event {
            E::StoredSessionLoaded(None) => rest(signed_out(None, Feedback::default())),
            E::StoredSessionLoaded(Some(stored)) => match Session::restore(&stored) {
                Ok(session) if session.needs_refresh_at(now) => refresh(session, false),
                Ok(session) => {
                    let access_token = session.access_token.clone();
                    go(
                        S::VerifyingSession { session },
                        Effect::CallGetUser { access_token },
                    )
                }
                Err(error) => rest(signed_out(Some(stored.username), Feedback::error(error))),
            },
            E::StoreFailed(error) => rest(signed_out(None, Feedback::error(error))),
            other => unexpected(S::RestoringSession, &other),
        },
        S::VerifyingSession { session } => match event {
            E::SessionVerified => rest(signed_in(session, Feedback::default())),
            // An access token can be refused while the refresh token still works (clock skew).
            E::CallFailed(AuthError::NotAuthorized) => refresh(session, false),
            E::CallFailed(error) if error.ends_session() => discard(&session),
            E::CallFailed(error) => rest(signed_in(session, Feedback::error(error))),
            other => unexpected(S::VerifyingSession { session }, &other),
        },
        S::RefreshingSession { session, shown } => match event {
            E::TokensRefreshed(tokens) => match session.refreshed(tokens, now) {
                Ok(next) => store(next),
                Err(error) => rest(keep_if_valid(session, error, now)),
            },
            E::CallFailed(error) if error.ends_session() => discard(&session),
            E::CallFailed(error) => rest(keep_if_valid(session, error, now)),
            other => unexpected(S::RefreshingSession { session, shown }, &other),
        },
        S::StoringSession { session } => match event {
            E::TokensStored => rest(signed_in(session, Feedback::default())),
            // Signed in for this run; the next start will ask for the password again.
            E::StoreFailed(error) => rest(signed_in(session, Feedback::error(error))),
            other => unexpected(S::StoringSession { session }, &other),
        },
        S::DiscardingSession { username, error } => match event {
            // A keyring failure here is logged by the driver; the user needs the first reason.
            E::TokensCleared | E::StoreFailed(_) => {
                rest(signed_out(Some(username), Feedback::error(error)))
            }
            other => unexpected(S::DiscardingSession { username, error }, &other),
        },
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
            E::SignUpFormRequested => rest(sign_up_form(Feedback::default())),
            E::SignInFormRequested => rest(signed_out(username, Feedback::default())),
            other => unexpected(S::SignedOut { username, feedback }, &other),
        },
        S::SignUpForm { feedback } => match event {
            E::SignUpSubmitted {
                username,
                password,
                email,
            } => match validate_username(&username)
                .and_then(|()| validate_password(&password))
                .and_then(|()| validate_email(&email))
            {
                Ok(()) => go(
                    S::SigningUp {
                        username: username.clone(),
                    },
                    Effect::CallSignUp {
                        username,
                        password,
                        email,
                    },
                ),
                Err(error) => rest(sign_up_form(Feedback::error(error))),
            },
            E::SignInFormRequested => rest(signed_out(None, Feedback::default())),
            E::SignUpFormRequested => rest(sign_up_form(Feedback::default())),
            other => unexpected(S::SignUpForm { feedback }, &other),
        },
        S::SigningUp { username } => match event {
            E::SignUpAccepted(outcome) if outcome.user_confirmed => rest(signed_out(
                Some(username),
                Feedback::notice("Your account is ready. Sign in."),
            )),
            E::SignUpAccepted(outcome) => rest(S::AwaitingSignUpCode {
                username,
                delivery: outcome.delivery,
                feedback: Feedback::default(),
            }),
            E::CallFailed(error) => rest(sign_up_form(Feedback::error(error))),
            other => unexpected(S::SigningUp { username }, &other),
        },
        S::AwaitingSignUpCode {
            username,
            delivery,
            feedback,
        } => match event {
            E::CodeSubmitted { code } => match validate_code(&code) {
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
            E::CodeResendRequested => resend(username, delivery, false),
            E::SignInFormRequested => rest(signed_out(Some(username), Feedback::default())),
            E::SignUpFormRequested => rest(sign_up_form(Feedback::default())),
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
                Feedback::notice("Your account is confirmed. Sign in."),
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
                let notice = match &sent {
                    Some(to) => format!("We sent a new code to {}.", to.destination),
                    None => "We sent a new code.".to_owned(),
                };
                let error = unconfirmed.then_some(AuthError::UserNotConfirmed);
                rest(S::AwaitingSignUpCode {
                    username,
                    delivery: sent.or(delivery),
                    feedback: Feedback {
                        error,
                        notice: Some(notice),
                    },
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
        S::SigningIn { username } => match event {
            E::PasswordVerifierRequested {
                handshake,
                challenge,
            } => go(
                S::VerifyingPassword { username },
                Effect::RespondToPasswordVerifier {
                    handshake,
                    challenge,
                },
            ),
            E::Authenticated(tokens) => authenticated(username, tokens, now),
            E::CallFailed(error) => sign_in_failed(username, error),
            other => unexpected(S::SigningIn { username }, &other),
        },
        S::VerifyingPassword { username } => match event {
            E::Authenticated(tokens) => authenticated(username, tokens, now),
            E::CallFailed(error) => sign_in_failed(username, error),
            other => unexpected(S::VerifyingPassword { username }, &other),
        },
        S::SignedIn { session, feedback } => match event {
            E::SignOutRequested => go(S::SigningOut { session }, Effect::ClearTokens),
            E::FreshSessionRequested if session.needs_refresh_at(now) => refresh(session, true),
            E::FreshSessionRequested => rest(signed_in(session, feedback)),
            other => unexpected(S::SignedIn { session, feedback }, &other),
        },
        S::SigningOut { session } => match event {
            E::TokensCleared => rest(signed_out(
                Some(session.username().to_owned()),
                Feedback::default(),
            )),
            E::StoreFailed(error) => rest(signed_out(
                Some(session.username().to_owned()),
                Feedback::error(error),
            )),
            other => unexpected(S::SigningOut { session }, &other),
        },
    }
}

fn go(state: AuthState, effect: Effect) -> Outcome {
    Ok((state, vec![effect]))
}

fn rest(state: AuthState) -> Outcome {
    Ok((state, Vec::new()))
}

fn unexpected(state: AuthState, event: &AuthEvent) -> Outcome {
    Err(UnexpectedEvent {
        state: Box::new(state),
        event: event.name(),
    })
}

fn signed_out(username: Option<String>, feedback: Feedback) -> AuthState {
    AuthState::SignedOut { username, feedback }
}

fn signed_in(session: Session, feedback: Feedback) -> AuthState {
    AuthState::SignedIn { session, feedback }
}

fn sign_up_form(feedback: Feedback) -> AuthState {
    AuthState::SignUpForm { feedback }
}

fn refresh(session: Session, shown: bool) -> Outcome {
    let refresh_token = session.refresh_token.clone();
    go(
        AuthState::RefreshingSession { session, shown },
        Effect::RefreshTokens { refresh_token },
    )
}

fn store(session: Session) -> Outcome {
    let stored = session.to_stored();
    go(
        AuthState::StoringSession { session },
        Effect::StoreTokens(stored),
    )
}

fn discard(session: &Session) -> Outcome {
    go(
        AuthState::DiscardingSession {
            username: session.username().to_owned(),
            error: AuthError::SessionEnded,
        },
        Effect::ClearTokens,
    )
}

fn resend(
    username: String,
    delivery: Option<crate::view::CodeDelivery>,
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

/// A refresh that failed for a transient reason: stay signed in while the access token lasts,
/// otherwise show the sign-in form, keeping the stored tokens so the next start can retry.
fn keep_if_valid(session: Session, error: AuthError, now: DateTime<Utc>) -> AuthState {
    if session.is_valid_at(now) {
        signed_in(session, Feedback::error(error))
    } else {
        signed_out(Some(session.username().to_owned()), Feedback::error(error))
    }
}

fn authenticated(username: String, tokens: crate::session::Tokens, now: DateTime<Utc>) -> Outcome {
    match Session::from_tokens(tokens, now) {
        Ok(session) => store(session),
        Err(error) => rest(signed_out(Some(username), Feedback::error(error))),
    }
}

/// `UserNotConfirmed` leads to the confirm screen with a fresh code, as the Amplify libraries do.
fn sign_in_failed(username: String, error: AuthError) -> Outcome {
    match error {
        AuthError::UserNotConfirmed => resend(username, None, true),
        error => rest(signed_out(Some(username), Feedback::error(error))),
    }
}

//! The session's life: restore at start, `GetUser` to check it and load the user, refresh before
//! expiry, store, and clear. A session is cleared only on a definitive answer from the pool (a
//! refused refresh token, a deleted user); the network failing never clears it.

use super::{account, devices, go, rest, signed_out, unexpected, Context, Outcome};
use crate::error::AuthError;
use crate::machine::state::{Account, Resume};
use crate::machine::{AuthEvent, AuthState, Effect, Feedback};
use crate::session::{Session, Tokens};

pub(super) fn transition(state: AuthState, event: AuthEvent, cx: Context<'_>) -> Outcome {
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
                Ok(session) => {
                    let account = Account::new(session);
                    if account.session.needs_refresh_at(cx.now) {
                        refresh(account, Resume::Restore)
                    } else {
                        verify(account, false, true, Feedback::default())
                    }
                }
                // The stored name is Cognito's username: in a pool that signs in by email it
                // is generated, and not what the user types.
                Err(error) => {
                    let username = cx
                        .pool
                        .username_attributes
                        .is_empty()
                        .then_some(stored.username);
                    rest(signed_out(username, Feedback::error(error)))
                }
            },
            E::StoreFailed(error) => rest(signed_out(None, Feedback::error(error))),
            other => unexpected(S::RestoringSession, &other),
        },
        S::VerifyingSession {
            account,
            shown,
            may_refresh,
            feedback,
        } => match event {
            E::UserLoaded(user) => devices::list(
                Account {
                    user: Some(user),
                    ..account
                },
                feedback,
            ),
            // An access token can be refused while the refresh token still works (clock skew, or
            // a revoked access token whose refresh token is refused next: then the session ends).
            E::CallFailed(AuthError::NotAuthorized { .. }) if may_refresh => {
                let resume = if shown {
                    Resume::Show(feedback)
                } else {
                    Resume::Restore
                };
                refresh(account, resume)
            }
            E::CallFailed(error) if error.ends_session() => discard(&account, cx),
            // Signed in on the tokens we have; the screen says what could not be loaded.
            E::CallFailed(error) => rest(S::SignedIn {
                account,
                feedback: Feedback::error(error),
            }),
            other => unexpected(
                S::VerifyingSession {
                    account,
                    shown,
                    may_refresh,
                    feedback,
                },
                &other,
            ),
        },
        S::RefreshingSession { account, resume } => match event {
            E::TokensRefreshed(tokens) => match account.session.refreshed(tokens, cx.now) {
                Ok(session) => store(Account { session, ..account }, resume),
                Err(error) => rest(keep_if_valid(account, error, cx)),
            },
            E::CallFailed(error) if error.ends_session() => discard(&account, cx),
            E::CallFailed(error) => rest(keep_if_valid(account, error, cx)),
            other => unexpected(S::RefreshingSession { account, resume }, &other),
        },
        S::StoringSession { account, resume } => match event {
            E::TokensStored => resume_with(account, resume, Feedback::default(), cx),
            // Signed in for this run; the next start will ask for the password again.
            E::StoreFailed(error) => resume_with(account, resume, Feedback::error(error), cx),
            other => unexpected(S::StoringSession { account, resume }, &other),
        },
        S::ClearingSession { username, feedback } => match event {
            E::TokensCleared => rest(signed_out(username, feedback)),
            // The first reason stays; a keyring failure with no other reason is shown, since the
            // session may still be in the keyring.
            E::StoreFailed(error) => {
                let feedback = Feedback {
                    error: feedback.error.or(Some(error)),
                    ..feedback
                };
                rest(signed_out(username, feedback))
            }
            other => unexpected(S::ClearingSession { username, feedback }, &other),
        },
        other => unexpected(other, &event),
    }
}

/// After a refreshed or new session is stored.
fn resume_with(account: Account, resume: Resume, stored: Feedback, cx: Context<'_>) -> Outcome {
    match resume {
        Resume::Restore => verify(account, false, false, stored),
        Resume::SignIn => verify(account, true, false, stored),
        Resume::ConfirmDevice(device) => devices::confirm(account, device, stored),
        Resume::Show(feedback) => {
            let feedback = if stored.error.is_some() {
                stored
            } else {
                without_transient_error(feedback)
            };
            if account.user.is_some() {
                rest(AuthState::SignedIn { account, feedback })
            } else {
                verify(account, true, false, feedback)
            }
        }
        Resume::Action(action) if stored.error.is_none() => account::start(account, action, cx),
        Resume::Action(_) => rest(AuthState::SignedIn {
            account,
            feedback: stored,
        }),
    }
}

/// The pool just answered: a message that it could not be reached, was slow or failing is stale.
fn without_transient_error(feedback: Feedback) -> Feedback {
    if feedback.error.as_ref().is_some_and(AuthError::is_transient) {
        Feedback {
            error: None,
            ..feedback
        }
    } else {
        feedback
    }
}

/// `GetUser` with the session's access token.
pub(super) fn verify(
    account: Account,
    shown: bool,
    may_refresh: bool,
    feedback: Feedback,
) -> Outcome {
    let access_token = account.session.access_token.clone();
    go(
        AuthState::VerifyingSession {
            account,
            shown,
            may_refresh,
            feedback,
        },
        Effect::CallGetUser { access_token },
    )
}

pub(super) fn refresh(account: Account, resume: Resume) -> Outcome {
    let refresh_token = account.session.refresh_token.clone();
    let sub = account.session.claims.sub.clone();
    let device_key = account.session.device_key.clone();
    go(
        AuthState::RefreshingSession { account, resume },
        Effect::RefreshTokens {
            refresh_token,
            sub,
            device_key,
        },
    )
}

pub(super) fn store(account: Account, resume: Resume) -> Outcome {
    let stored = account.session.to_stored();
    go(
        AuthState::StoringSession { account, resume },
        Effect::StoreTokens(stored),
    )
}

/// The pool ended the session: clear it and say so on the sign-in form.
pub(super) fn discard(account: &Account, cx: Context<'_>) -> Outcome {
    clear(
        cx.pool.sign_in_name(&account.session),
        Feedback::error(AuthError::SessionEnded),
    )
}

pub(super) fn clear(username: Option<String>, feedback: Feedback) -> Outcome {
    go(
        AuthState::ClearingSession { username, feedback },
        Effect::ClearTokens,
    )
}

/// Tokens from a sign-in: store them (with the `DEVICE_KEY` they were issued with: the device
/// the sign-in named, or the new one the pool met), confirm a new device, then load the user.
pub(super) fn authenticated(
    username: String,
    mut tokens: Tokens,
    device_key: Option<String>,
    cx: Context<'_>,
) -> Outcome {
    let new_device = tokens.new_device.take();
    match Session::from_tokens(tokens, cx.now) {
        Ok(session) => {
            let session = Session {
                device_key: new_device.as_ref().map(|d| d.key.clone()).or(device_key),
                ..session
            };
            let resume = match new_device {
                Some(device) => Resume::ConfirmDevice(device),
                None => Resume::SignIn,
            };
            store(Account::new(session), resume)
        }
        Err(error) => super::sign_in_again(username, error),
    }
}

/// A refresh that failed for a transient reason: stay signed in while the access token lasts,
/// otherwise show the sign-in form, keeping the stored tokens so the next start can retry.
/// After a failed refresh that did not end the session: signed in, with the error, while the
/// access token lasts; past it, still signed in when the failure was the network's or the pool's
/// own (`is_transient`: the refresh token is probably fine, and every action refreshes first), so
/// that a pool that is down never signs anyone out (issue 6). Other failures past expiry show
/// sign-in, the tokens kept for the next start.
fn keep_if_valid(account: Account, error: AuthError, cx: Context<'_>) -> AuthState {
    if account.session.is_valid_at(cx.now) || error.is_transient() {
        AuthState::SignedIn {
            account,
            feedback: Feedback::error(error),
        }
    } else {
        signed_out(
            cx.pool.sign_in_name(&account.session),
            Feedback::error(error),
        )
    }
}

//! The pure function that decides: `(state, event, context) -> (state, effects)`.
//!
//! Every state matches its events explicitly; an event a state does not expect is returned as
//! `UnexpectedEvent` (with the state, unchanged) so the caller sees it, as rustls answers an
//! inappropriate message. One file per flow: `session` (restore, refresh, sign-out), `sign_up`,
//! `sign_in` (SRP and the challenges after it), `totp` (authenticator setup), `recovery` (forgot
//! password), `account` (the signed-in screen: MFA, sign-out) and `user_account` (the user's attributes,
//! password and account deletion), `devices` (remembered devices). Validation happens before any call; failures
//! end a session only when the pool's answer is definitive, never on the network.

mod account;
mod devices;
mod recovery;
mod session;
mod sign_in;
mod sign_up;
mod totp;
mod user_account;

use chrono::{DateTime, Utc};

use super::{AuthEvent, AuthState, Effect, Feedback};
use crate::settings::PoolSettings;

/// What a transition may consult besides the state and the event: the time and the pool.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub now: DateTime<Utc>,
    pub pool: &'a PoolSettings,
}

/// The event does not apply in the state; `state` is handed back unchanged (boxed: the error path
/// should not make every `Ok` as large as a state).
#[derive(Debug, thiserror::Error)]
#[error("{event} is not expected in {}", state.name())]
pub struct UnexpectedEvent {
    pub state: Box<AuthState>,
    pub event: &'static str,
}

pub type Outcome = Result<(AuthState, Vec<Effect>), UnexpectedEvent>;

pub fn transition(state: AuthState, event: AuthEvent, cx: Context<'_>) -> Outcome {
    use AuthState as S;
    match state {
        S::Starting
        | S::RestoringSession
        | S::VerifyingSession { .. }
        | S::RefreshingSession { .. }
        | S::StoringSession { .. }
        | S::ClearingSession { .. } => session::transition(state, event, cx),
        S::SignUpForm { .. }
        | S::SigningUp { .. }
        | S::AwaitingSignUpCode { .. }
        | S::ConfirmingSignUp { .. }
        | S::ResendingCode { .. } => sign_up::transition(state, event, cx),
        S::SignedOut { .. }
        | S::SigningIn { .. }
        | S::VerifyingPassword { .. }
        | S::VerifyingDevice { .. }
        | S::AwaitingMfaCode { .. }
        | S::ConfirmingMfaCode { .. }
        | S::AwaitingMfaChoice { .. }
        | S::SubmittingMfaChoice { .. }
        | S::AwaitingNewPassword { .. }
        | S::SettingNewPassword { .. } => sign_in::transition(state, event, cx),
        S::AssociatingTotp { .. }
        | S::SettingUpTotp { .. }
        | S::VerifyingTotp { .. }
        | S::CompletingMfaSetup { .. } => totp::transition(state, event, cx),
        S::ForgotPasswordForm { .. }
        | S::RequestingPasswordReset { .. }
        | S::AwaitingResetCode { .. }
        | S::ConfirmingPasswordReset { .. } => recovery::transition(state, event, cx),
        S::SignedIn { .. }
        | S::SettingMfaPreference { .. }
        | S::SigningOut { .. }
        | S::SigningOutEverywhere { .. } => account::transition(state, event, cx),
        S::SavingAttributes { .. }
        | S::VerifyingAttribute { .. }
        | S::SendingAttributeCode { .. }
        | S::ChangingPassword { .. }
        | S::DeletingAccount { .. } => user_account::transition(state, event, cx),
        S::ConfirmingDevice { .. }
        | S::ListingDevices { .. }
        | S::UpdatingDevice { .. }
        | S::ForgettingDevice { .. } => devices::transition(state, event, cx),
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

/// Back to the sign-in form with the username and the error.
fn sign_in_again(username: String, error: crate::error::AuthError) -> Outcome {
    rest(signed_out(Some(username), Feedback::error(error)))
}

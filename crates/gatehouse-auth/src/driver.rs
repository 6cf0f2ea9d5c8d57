//! The driver: runs the state machine against the real world.
//!
//! `Auth` turns each `Intent` into an event, applies `transition`, performs every effect (a Cognito
//! call through the port, a keyring call on a blocking thread) and feeds its outcome back as an
//! event, until the machine rests. The observer sees the view after every transition, so the UI
//! shows `busy` and then the result. A `tokio::sync::Mutex` held for the whole run serialises
//! intents: a second click waits, then meets the state the first one left.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use crate::cognito::{AuthStep, CognitoPort, SdkCognito};
use crate::error::AuthError;
use crate::machine::{transition, AuthEvent, AuthState, Effect};
use crate::secret::{ConfirmationCode, Password};
use crate::srp::SrpHandshake;
use crate::store::{StoreError, StoreKey, TokenStore};
use crate::view::AuthView;
use crate::PoolSettings;

/// What the user asks for.
#[derive(Debug)]
pub enum Intent {
    ShowSignUp,
    ShowSignIn,
    SignUp {
        username: String,
        password: Password,
        email: String,
    },
    ConfirmSignUp {
        code: ConfirmationCode,
    },
    ResendSignUpCode,
    SignIn {
        username: String,
        password: Password,
    },
    SignOut,
}

impl From<Intent> for AuthEvent {
    fn from(intent: Intent) -> Self {
        match intent {
            Intent::ShowSignUp => Self::SignUpFormRequested,
            Intent::ShowSignIn => Self::SignInFormRequested,
            Intent::SignUp {
                username,
                password,
                email,
            } => Self::SignUpSubmitted {
                username,
                password,
                email,
            },
            Intent::ConfirmSignUp { code } => Self::CodeSubmitted { code },
            Intent::ResendSignUpCode => Self::CodeResendRequested,
            Intent::SignIn { username, password } => Self::SignInSubmitted { username, password },
            Intent::SignOut => Self::SignOutRequested,
        }
    }
}

pub type Observer = Box<dyn Fn(&AuthView) + Send + Sync>;
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

pub struct Auth {
    settings: PoolSettings,
    key: StoreKey,
    port: Arc<dyn CognitoPort>,
    store: Arc<dyn TokenStore>,
    observer: Observer,
    clock: Clock,
    state: tokio::sync::Mutex<AuthState>,
    view: Mutex<AuthView>,
}

impl Auth {
    /// The core on the AWS SDK. No IO happens until `start`.
    pub fn new(settings: PoolSettings, store: Arc<dyn TokenStore>, observer: Observer) -> Self {
        let port = Arc::new(SdkCognito::new(&settings));
        Self::with_port(settings, port, store, observer)
    }

    /// The core on any Cognito port (a fake one in unit tests).
    pub fn with_port(
        settings: PoolSettings,
        port: Arc<dyn CognitoPort>,
        store: Arc<dyn TokenStore>,
        observer: Observer,
    ) -> Self {
        let initial = AuthState::Starting;
        Self {
            key: settings.store_key(),
            settings,
            port,
            store,
            observer,
            clock: Arc::new(Utc::now),
            view: Mutex::new(AuthView::of(&initial)),
            state: tokio::sync::Mutex::new(initial),
        }
    }

    /// Replaces the clock used for expiry and refresh decisions (tests move time forward with it).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn settings(&self) -> &PoolSettings {
        &self.settings
    }

    /// Restores the stored session, refreshing it if due; ends on the signed-in or sign-in screen.
    /// Calling it again after the first time only returns the current view.
    pub async fn start(&self) -> AuthView {
        let mut state = self.state.lock().await;
        if matches!(*state, AuthState::Starting) {
            self.run(&mut state, AuthEvent::StartRequested).await;
        }
        self.view()
    }

    pub async fn dispatch(&self, intent: Intent) -> AuthView {
        let mut state = self.state.lock().await;
        self.run(&mut state, intent.into()).await;
        self.view()
    }

    /// Refreshes the session if it expires within `REFRESH_MARGIN`; a no-op otherwise.
    pub async fn ensure_fresh_session(&self) -> AuthView {
        let mut state = self.state.lock().await;
        if matches!(*state, AuthState::SignedIn { .. }) {
            self.run(&mut state, AuthEvent::FreshSessionRequested).await;
        }
        self.view()
    }

    pub fn view(&self) -> AuthView {
        self.view_slot().clone()
    }

    async fn run(&self, state: &mut AuthState, first: AuthEvent) {
        let mut events = VecDeque::from([first]);
        while let Some(event) = events.pop_front() {
            let event_name = event.name();
            let current = std::mem::replace(state, AuthState::Starting);
            match transition(current, event, (self.clock)()) {
                Ok((next, effects)) => {
                    tracing::debug!(event = event_name, state = next.name(), "transition");
                    *state = next;
                    self.publish(AuthView::of(state));
                    for effect in effects {
                        events.push_back(self.perform(effect).await);
                    }
                }
                Err(unexpected) => {
                    tracing::warn!(
                        event = unexpected.event,
                        state = unexpected.state.name(),
                        "unexpected event"
                    );
                    *state = *unexpected.state;
                    let mut view = AuthView::of(state);
                    view.error = Some(AuthError::UnexpectedAction.to_view());
                    self.publish(view);
                    return;
                }
            }
        }
    }

    fn publish(&self, view: AuthView) {
        *self.view_slot() = view.clone();
        (self.observer)(&view);
    }

    fn view_slot(&self) -> std::sync::MutexGuard<'_, AuthView> {
        // The guarded value is a plain view, valid even if a panicking observer poisoned the lock.
        self.view
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    async fn perform(&self, effect: Effect) -> AuthEvent {
        tracing::debug!(effect = effect.name(), "performing");
        let failed = |error: AuthError| {
            tracing::info!(kind = ?error.kind(), error = %log_detail(&error), "call failed");
            AuthEvent::CallFailed(error)
        };
        match effect {
            Effect::LoadTokens => match self.blocking_store(|s, k| s.load(k)).await {
                Ok(stored) => AuthEvent::StoredSessionLoaded(stored),
                Err(error) => AuthEvent::StoreFailed(error),
            },
            Effect::StoreTokens(stored) => {
                match self.blocking_store(move |s, k| s.save(k, &stored)).await {
                    Ok(()) => AuthEvent::TokensStored,
                    Err(error) => AuthEvent::StoreFailed(error),
                }
            }
            Effect::ClearTokens => match self.blocking_store(|s, k| s.clear(k)).await {
                Ok(()) => AuthEvent::TokensCleared,
                Err(error) => AuthEvent::StoreFailed(error),
            },
            Effect::CallSignUp {
                username,
                password,
                email,
            } => {
                let secret = password.clone();
                match self.port.sign_up(username, password, email).await {
                    Ok(outcome) => AuthEvent::SignUpAccepted(outcome),
                    Err(error) => failed(error.scrub(secret.expose())),
                }
            }
            Effect::CallConfirmSignUp { username, code } => {
                let secret = code.clone();
                match self.port.confirm_sign_up(username, code).await {
                    Ok(()) => AuthEvent::SignUpConfirmed,
                    Err(error) => failed(error.scrub(secret.expose())),
                }
            }
            Effect::CallResendConfirmationCode { username } => {
                match self.port.resend_confirmation_code(username).await {
                    Ok(delivery) => AuthEvent::CodeResent { delivery },
                    Err(error) => failed(error),
                }
            }
            Effect::InitiateSrpAuth { username, password } => {
                let (handshake, srp_a) = SrpHandshake::start(
                    &self.settings.user_pool_id,
                    &self.settings.client_id,
                    &username,
                    &password,
                );
                match self.port.initiate_srp_auth(username, srp_a).await {
                    Ok(AuthStep::PasswordVerifier(challenge)) => {
                        AuthEvent::PasswordVerifierRequested {
                            handshake,
                            challenge,
                        }
                    }
                    Ok(step) => auth_step_event(step),
                    Err(error) => failed(error.scrub(password.expose())),
                }
            }
            Effect::RespondToPasswordVerifier {
                handshake,
                challenge,
            } => {
                let answer = match handshake.answer(challenge) {
                    Ok(answer) => answer,
                    Err(error) => return failed(error),
                };
                match self.port.respond_to_password_verifier(answer).await {
                    Ok(step) => auth_step_event(step),
                    Err(error) => failed(error),
                }
            }
            Effect::RefreshTokens { refresh_token } => {
                match self.port.refresh_tokens(refresh_token).await {
                    Ok(tokens) => AuthEvent::TokensRefreshed(tokens),
                    Err(error) => failed(error),
                }
            }
            Effect::CallGetUser { access_token } => match self.port.get_user(access_token).await {
                Ok(_) => AuthEvent::SessionVerified,
                Err(error) => failed(error),
            },
        }
    }

    /// Runs a store call on a blocking thread: keyring's Secret Service client blocks, and must not
    /// run on a tokio worker.
    async fn blocking_store<T, F>(&self, call: F) -> Result<T, AuthError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn TokenStore, &StoreKey) -> Result<T, StoreError> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        let key = self.key.clone();
        let result = tokio::task::spawn_blocking(move || call(store.as_ref(), &key))
            .await
            .unwrap_or_else(|_| {
                Err(StoreError::Unavailable {
                    detail: "the keyring task panicked".into(),
                })
            });
        result.map_err(|error| {
            tracing::warn!(error = %error, "token store failed");
            AuthError::Keyring {
                detail: error.to_string(),
            }
        })
    }
}

/// A second `PASSWORD_VERIFIER` or another challenge after the proof: not part of this slice.
fn auth_step_event(step: AuthStep) -> AuthEvent {
    match step {
        AuthStep::Authenticated(tokens) => AuthEvent::Authenticated(tokens),
        AuthStep::PasswordVerifier(_) => AuthEvent::CallFailed(AuthError::UnsupportedChallenge {
            name: "PASSWORD_VERIFIER".into(),
        }),
        AuthStep::OtherChallenge { name } => {
            AuthEvent::CallFailed(AuthError::UnsupportedChallenge { name })
        }
    }
}

/// The log line of an error: its user message plus the transport detail that only logs get.
fn log_detail(error: &AuthError) -> String {
    match error {
        AuthError::Network { detail } | AuthError::Keyring { detail } => detail.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
#[path = "driver_tests/mod.rs"]
mod tests;

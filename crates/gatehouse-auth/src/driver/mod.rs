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

use crate::cognito::{CognitoPort, NetworkPolicy, SdkCognito};
use crate::error::AuthError;
use crate::intent::Intent;
use crate::machine::{transition, AuthEvent, AuthState, Context};
use crate::store::{StoreError, StoreKey, TokenStore};
use crate::view::AuthView;
use crate::PoolSettings;

impl From<Intent> for AuthEvent {
    fn from(intent: Intent) -> Self {
        match intent {
            Intent::ShowSignUp => Self::SignUpFormRequested,
            Intent::ShowSignIn => Self::SignInFormRequested,
            Intent::ShowForgotPassword { username } => Self::ForgotPasswordRequested { username },
            Intent::SignUp {
                username,
                password,
                attributes,
            } => Self::SignUpSubmitted {
                username,
                password,
                attributes,
            },
            Intent::ConfirmSignUp { code } => Self::SignUpCodeSubmitted { code },
            Intent::ResendSignUpCode => Self::SignUpCodeResendRequested,
            Intent::SignIn { username, password } => Self::SignInSubmitted { username, password },
            Intent::ConfirmSignIn { code } => Self::SignInCodeSubmitted { code },
            Intent::SelectMfa { method } => Self::MfaSelected { method },
            Intent::SetUpTotp => Self::TotpSetupRequested,
            Intent::VerifyTotp { code, device_name } => {
                Self::TotpCodeSubmitted { code, device_name }
            }
            Intent::CancelTotpSetup => Self::TotpSetupCancelled,
            Intent::SetMfaPreference { sms, totp } => Self::MfaPreferenceSubmitted { sms, totp },
            Intent::CompleteNewPassword {
                password,
                attributes,
            } => Self::NewPasswordSubmitted {
                password,
                attributes,
            },
            Intent::RequestPasswordReset { username } => Self::PasswordResetRequested { username },
            Intent::ResendPasswordResetCode => Self::ResetCodeResendRequested,
            Intent::ConfirmPasswordReset { code, password } => {
                Self::PasswordResetSubmitted { code, password }
            }
            Intent::SignOut => Self::SignOutRequested,
            Intent::SignOutEverywhere => Self::SignOutEverywhereRequested,
            Intent::UpdateAttributes { attributes } => Self::AttributesSubmitted { attributes },
            Intent::VerifyAttribute { attribute, code } => {
                Self::AttributeCodeSubmitted { attribute, code }
            }
            Intent::ResendAttributeCode { attribute } => {
                Self::AttributeCodeResendRequested { attribute }
            }
            Intent::ChangePassword { current, new } => {
                Self::PasswordChangeSubmitted { current, new }
            }
            Intent::DeleteAccount => Self::AccountDeletionRequested,
            Intent::RememberDevice { remember } => Self::DevicePromptAnswered { remember },
            Intent::ForgetDevice { device_key } => Self::DeviceForgetRequested { device_key },
            Intent::SetDeviceRemembered {
                device_key,
                remembered,
            } => Self::DeviceStatusSubmitted {
                device_key,
                remembered,
            },
        }
    }
}

mod devices;
mod effects;

/// How often `Auth::keep_fresh` looks at the session at the least.
pub const FRESHNESS_CHECK: std::time::Duration = std::time::Duration::from_secs(15);

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
        Self::with_network(settings, NetworkPolicy::default(), store, observer)
    }

    /// The core on the AWS SDK with the given timeouts and retries (the app shortens them in tests).
    pub fn with_network(
        settings: PoolSettings,
        network: NetworkPolicy,
        store: Arc<dyn TokenStore>,
        observer: Observer,
    ) -> Self {
        let port = Arc::new(SdkCognito::with_network(&settings, network));
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
        let view = AuthView::of(&initial, &settings);
        Self {
            key: settings.store_key(),
            settings,
            port,
            store,
            observer,
            clock: Arc::new(Utc::now),
            view: Mutex::new(view),
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

    /// When the signed-in session becomes due for a refresh (access-token expiry on the client
    /// clock, minus `REFRESH_MARGIN`), so the shell can schedule `ensure_fresh_session`; `None`
    /// when no one is signed in. Waits for an action in flight to finish.
    pub async fn refresh_due_at(&self) -> Option<DateTime<Utc>> {
        match &*self.state.lock().await {
            AuthState::SignedIn { account, .. } => {
                Some(account.session.expires_at - crate::session::REFRESH_MARGIN)
            }
            _ => None,
        }
    }

    /// Keeps the session fresh for as long as the `Auth` lives: at the due time (see
    /// `refresh_due_at`) it runs `ensure_fresh_session`, and it looks again at least every
    /// `FRESHNESS_CHECK` (the clock may jump, a sign-in may happen). A refresh that failed for a
    /// transient reason keeps the session (see `AuthError::ends_session`); the next try waits
    /// `refresh_backoff` of the failures in a row, so a pool that is down is not hammered.
    /// Spawn it once: `tokio::spawn(Auth::keep_fresh(weak))`.
    pub async fn keep_fresh(auth: std::sync::Weak<Auth>) {
        let mut failures = 0u32;
        loop {
            let Some(core) = auth.upgrade() else {
                return;
            };
            let wait = match core.refresh_due_at().await {
                Some(due) if due <= (core.clock)() => {
                    core.ensure_fresh_session().await;
                    // Still due after the attempt: it failed and the session was kept.
                    let still_due = core
                        .refresh_due_at()
                        .await
                        .is_some_and(|due| due <= (core.clock)());
                    failures = if still_due {
                        failures.saturating_add(1)
                    } else {
                        0
                    };
                    refresh_backoff(failures)
                }
                Some(due) => (due - (core.clock)())
                    .to_std()
                    .unwrap_or_default()
                    .min(FRESHNESS_CHECK),
                None => FRESHNESS_CHECK,
            };
            drop(core);
            tokio::time::sleep(wait).await;
        }
    }

    pub fn view(&self) -> AuthView {
        self.view_slot().clone()
    }

    async fn run(&self, state: &mut AuthState, first: AuthEvent) {
        let mut events = VecDeque::from([first]);
        while let Some(event) = events.pop_front() {
            let event_name = event.name();
            let current = std::mem::replace(state, AuthState::Starting);
            let cx = Context {
                now: (self.clock)(),
                pool: &self.settings,
            };
            match transition(current, event, cx) {
                Ok((next, effects)) => {
                    tracing::debug!(event = event_name, state = next.name(), "transition");
                    *state = next;
                    self.publish(AuthView::of(state, &self.settings));
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
                    let mut view = AuthView::of(state, &self.settings);
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

    /// Runs a store call on a blocking thread: keyring's Secret Service client blocks, and must not
    /// run on a tokio worker.
    pub(crate) async fn blocking_store<T, F>(&self, call: F) -> Result<T, AuthError>
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

/// The wait before the next refresh after `failures` failed ones in a row: `FRESHNESS_CHECK`,
/// doubling with each failure up to 16 times that (4 minutes).
pub fn refresh_backoff(failures: u32) -> std::time::Duration {
    FRESHNESS_CHECK * 2u32.pow(failures.saturating_sub(1).min(4))
}

#[cfg(test)]
mod tests;

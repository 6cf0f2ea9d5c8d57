//! Driver tests against a scripted fake pool (a unit-level mock of the port): the user journeys,
//! every Cognito error a flow meets, session restore, and that no view ever carries a secret.
//! This module holds the fake pool and the harness; each submodule one group of scenarios.

mod account;
mod challenges;
mod devices;
mod errors;
mod fake;
mod journeys;
mod lifetime;
mod recovery;
mod restore;
mod user_account;
mod username;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::cognito::errors::from_code;
use crate::cognito::{
    AuthStep, ChallengeKind, ChallengeStep, PasswordVerifierChallenge, RemoteUser, SignUpOutcome,
    SoftwareTokenAssociation,
};
use crate::secret::{ChallengeSession, ConfirmationCode, Password};
pub(super) use crate::session::Session;
use crate::session::{fixtures, Tokens};
use crate::store::MemoryStore;
use crate::view::{CodeDelivery, ErrorKind, Field, Screen};
use crate::view::{MfaChoice, MfaMethod};

pub(super) const PASSWORD: &str = "Correct-Horse-Battery-9";
pub(super) const CODE: &str = "482913";
pub(super) const NEW_PASSWORD: &str = "Brand-New-Password-7";

pub(super) use fake::{FakePool, Reply};

pub(super) fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000, 0).unwrap()
}

pub(super) fn settings() -> PoolSettings {
    PoolSettings {
        mfa_methods: vec![MfaMethod::Sms, MfaMethod::Totp],
        ..PoolSettings::new("local", "us-east-1", "us-east-1_Local", "client", None)
    }
}

pub(super) struct Harness {
    pub(super) auth: Auth,
    pub(super) pool: Arc<FakePool>,
    pub(super) store: Arc<MemoryStore>,
    pub(super) seen: Arc<Mutex<Vec<AuthView>>>,
    now: Arc<Mutex<DateTime<Utc>>>,
}

impl Harness {
    pub(super) fn new(replies: Vec<Reply>, store: Arc<MemoryStore>, now: DateTime<Utc>) -> Self {
        Self::on(settings(), replies, store, now)
    }

    /// A harness on a pool other than `settings()` (same store key).
    pub(super) fn on(
        settings: PoolSettings,
        replies: Vec<Reply>,
        store: Arc<MemoryStore>,
        now: DateTime<Utc>,
    ) -> Self {
        let pool = FakePool::new(replies);
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        let now = Arc::new(Mutex::new(now));
        let clock = Arc::clone(&now);
        let auth = Auth::with_port(
            settings,
            pool.clone(),
            store.clone(),
            Box::new(move |view: &AuthView| sink.lock().unwrap().push(view.clone())),
        )
        .with_clock(Arc::new(move || *clock.lock().unwrap()));
        Self {
            auth,
            pool,
            store,
            seen,
            now,
        }
    }

    /// Signed out at start: an empty store, the clock at `t0()`.
    pub(super) async fn signed_out(replies: Vec<Reply>) -> Self {
        let h = Self::new(replies, Arc::new(MemoryStore::new()), t0());
        h.auth.start().await;
        h
    }

    /// Signed in at start from a session stored at `t0()` (one hour), `GetUser` answering with
    /// no MFA; `replies` follow. The clock reads `t0() + 5 min`.
    pub(super) async fn signed_in(replies: Vec<Reply>) -> Self {
        let store = Arc::new(MemoryStore::new());
        let session = Session::from_tokens(tokens_at(t0()), t0())
            .unwrap()
            .to_stored();
        store.save(&settings().store_key(), &session).unwrap();
        let mut script = vec![user(&[], None)];
        script.extend(replies);
        let h = Self::new(script, store, t0() + Duration::minutes(5));
        let view = h.auth.start().await;
        assert!(matches!(view.screen, Screen::SignedIn { .. }), "{view:?}");
        h
    }

    pub(super) fn set_now(&self, now: DateTime<Utc>) {
        *self.now.lock().unwrap() = now;
    }

    pub(super) fn stored(&self) -> Option<crate::store::StoredSession> {
        self.store.get(&settings().store_key())
    }

    /// Every view the observer saw, serialised, must be free of every secret of the flow.
    pub(super) fn assert_no_secret_reached_the_ui(&self, secrets: &[&str]) {
        for view in self.seen.lock().unwrap().iter() {
            let json = serde_json::to_string(view).unwrap();
            for secret in secrets {
                assert!(!json.contains(secret), "{json} contains a secret");
            }
        }
    }
}

pub(super) fn delivery() -> CodeDelivery {
    CodeDelivery {
        medium: "EMAIL".into(),
        destination: "a***@e***.com".into(),
        attribute: Some("email".into()),
    }
}

pub(super) fn challenge(user_id: &str, session: Option<&str>) -> Reply {
    Reply::Step(Ok(AuthStep::PasswordVerifier(PasswordVerifierChallenge {
        user_id_for_srp: user_id.into(),
        srp_b: "8f3a".repeat(96),
        salt: "a1b2c3d4".into(),
        secret_block: "c2VjcmV0LWJsb2Nr".into(),
        session: session.map(|s| ChallengeSession::new(s.into())),
    })))
}

pub(super) fn tokens_at(now: DateTime<Utc>) -> Tokens {
    fixtures::tokens("ana", now, Duration::hours(1))
}

pub(super) fn password() -> Password {
    Password::new(PASSWORD.into())
}

pub(super) fn sign_in() -> Intent {
    Intent::SignIn {
        username: "ana".into(),
        password: password(),
    }
}

pub(super) fn sign_up() -> Intent {
    Intent::SignUp {
        username: "ana".into(),
        password: password(),
        attributes: email("a@b.co"),
    }
}

/// The kind and the field of the error a view shows; the view must show one.
pub(super) fn refusal(view: &AuthView) -> (ErrorKind, Option<Field>) {
    let error = view
        .error
        .as_ref()
        .unwrap_or_else(|| panic!("no error in {view:?}"));
    (error.kind, error.field)
}

pub(super) fn email(address: &str) -> BTreeMap<String, String> {
    BTreeMap::from([("email".to_owned(), address.to_owned())])
}

pub(super) fn sign_up_form() -> Screen {
    Screen::SignUp {
        form: crate::view::SignUpForm {
            username_field: crate::view::UsernameField::Username,
            fields: settings().sign_up_fields,
            policy: settings().password_policy,
        },
    }
}

/// What `GetUser` answers for ana, with her MFA settings.
pub(super) fn user(enabled: &[MfaMethod], preferred: Option<MfaMethod>) -> Reply {
    Reply::User(Ok(RemoteUser {
        username: "ana".into(),
        attributes: [("email".to_owned(), "ana@example.com".to_owned())].into(),
        mfa_enabled: enabled.to_vec(),
        mfa_preferred: preferred,
    }))
}

/// A challenge after the password proof.
pub(super) fn challenged(kind: ChallengeKind, session: &str) -> Reply {
    Reply::Step(Ok(AuthStep::Challenge(ChallengeStep {
        kind,
        session: ChallengeSession::new(session.into()),
        user_id: None,
    })))
}

pub(super) fn signed_in(tokens: &Tokens) -> Reply {
    Reply::Step(Ok(AuthStep::Authenticated(tokens.clone())))
}

pub(super) fn code(text: &str) -> ConfirmationCode {
    ConfirmationCode::new(text.into())
}

pub(super) fn err(code: &str) -> AuthError {
    from_code(Some(code), Some("message from the pool"))
}

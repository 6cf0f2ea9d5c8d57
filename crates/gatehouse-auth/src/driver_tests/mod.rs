//! Driver tests against a scripted fake pool (a unit-level mock of the port): the user journeys,
//! every Cognito error a flow meets, session restore, and that no view ever carries a secret.
//! This module holds the fake pool and the harness; each submodule one group of scenarios.

mod errors;
mod journeys;
mod restore;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::cognito::errors::from_code;
use crate::cognito::{
    PasswordVerifierAnswer, PasswordVerifierChallenge, PortFuture, RemoteUser, SignUpOutcome,
};
use crate::secret::{AccessToken, ChallengeSession, RefreshToken};
pub(super) use crate::session::Session;
use crate::session::{fixtures, Tokens};
use crate::store::MemoryStore;
use crate::view::{CodeDelivery, ErrorKind, Field, Screen};

pub(super) const PASSWORD: &str = "Correct-Horse-Battery-9";
pub(super) const CODE: &str = "482913";

pub(super) enum Reply {
    SignUp(Result<SignUpOutcome, AuthError>),
    Unit(Result<(), AuthError>),
    Resend(Result<Option<CodeDelivery>, AuthError>),
    Step(Result<AuthStep, AuthError>),
    Tokens(Result<Tokens, AuthError>),
    User(Result<RemoteUser, AuthError>),
}

/// Replies in order and records each call; a call the script did not plan fails the test.
#[derive(Default)]
pub(super) struct FakePool {
    script: Mutex<VecDeque<Reply>>,
    calls: Mutex<Vec<String>>,
}

impl FakePool {
    fn new(replies: Vec<Reply>) -> Arc<Self> {
        Arc::new(Self {
            script: Mutex::new(replies.into()),
            calls: Mutex::default(),
        })
    }

    fn next(&self, call: String) -> Reply {
        self.calls.lock().unwrap().push(call.clone());
        self.script
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or_else(|| panic!("unplanned call {call}"))
    }

    pub(super) fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }
}

macro_rules! reply {
    ($self:ident, $call:expr, $variant:ident) => {{
        let call = $call;
        let reply = match $self.next(call.clone()) {
            Reply::$variant(reply) => reply,
            _ => panic!("{call}: the script planned another operation"),
        };
        Box::pin(async move { reply })
    }};
}

impl CognitoPort for FakePool {
    fn sign_up(
        &self,
        username: String,
        password: Password,
        email: String,
    ) -> PortFuture<'_, SignUpOutcome> {
        assert_eq!(password.expose(), PASSWORD, "the typed password is sent");
        reply!(self, format!("SignUp {username} {email}"), SignUp)
    }
    fn confirm_sign_up(&self, username: String, code: ConfirmationCode) -> PortFuture<'_, ()> {
        reply!(
            self,
            format!("ConfirmSignUp {username} {}", code.expose()),
            Unit
        )
    }
    fn resend_confirmation_code(&self, username: String) -> PortFuture<'_, Option<CodeDelivery>> {
        reply!(self, format!("ResendConfirmationCode {username}"), Resend)
    }
    fn initiate_srp_auth(&self, username: String, srp_a: String) -> PortFuture<'_, AuthStep> {
        assert!(srp_a.len() >= 512, "SRP_A is a 3072-bit number in hex");
        reply!(self, format!("InitiateAuth {username}"), Step)
    }
    fn respond_to_password_verifier(
        &self,
        answer: PasswordVerifierAnswer,
    ) -> PortFuture<'_, AuthStep> {
        let session = answer
            .session
            .as_ref()
            .map_or("none", |s| s.expose())
            .to_owned();
        assert!(!answer.signature.is_empty() && !answer.timestamp.is_empty());
        reply!(
            self,
            format!("RespondToAuthChallenge {} {session}", answer.username),
            Step
        )
    }
    fn refresh_tokens(&self, refresh_token: RefreshToken) -> PortFuture<'_, Tokens> {
        reply!(self, format!("Refresh {}", refresh_token.expose()), Tokens)
    }
    fn get_user(&self, _access_token: AccessToken) -> PortFuture<'_, RemoteUser> {
        reply!(self, "GetUser".to_owned(), User)
    }
    fn global_sign_out(&self, _access_token: AccessToken) -> PortFuture<'_, ()> {
        reply!(self, "GlobalSignOut".to_owned(), Unit)
    }
}

pub(super) fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000, 0).unwrap()
}

pub(super) fn settings() -> PoolSettings {
    PoolSettings {
        region: "us-east-1".into(),
        user_pool_id: "us-east-1_Local".into(),
        client_id: "client".into(),
        endpoint: None,
    }
}

pub(super) struct Harness {
    pub(super) auth: Auth,
    pub(super) pool: Arc<FakePool>,
    pub(super) store: Arc<MemoryStore>,
    pub(super) seen: Arc<Mutex<Vec<AuthView>>>,
}

impl Harness {
    pub(super) fn new(replies: Vec<Reply>, store: Arc<MemoryStore>, now: DateTime<Utc>) -> Self {
        let pool = FakePool::new(replies);
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        let auth = Auth::with_port(
            settings(),
            pool.clone(),
            store.clone(),
            Box::new(move |view: &AuthView| sink.lock().unwrap().push(view.clone())),
        )
        .with_clock(Arc::new(move || now));
        Self {
            auth,
            pool,
            store,
            seen,
        }
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

pub(super) fn err(code: &str) -> AuthError {
    from_code(Some(code), Some("message from the pool"))
}

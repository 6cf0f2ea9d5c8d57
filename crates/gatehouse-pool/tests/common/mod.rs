//! A pool on a loopback port with its data in a temporary directory, and a tiny Cognito client
//! that speaks the JSON protocol over real HTTP. The helpers are grouped by what they drive:
//! pools and clients, users, sign-in, authenticator apps, SigV4 signing.
#![allow(dead_code)]

mod account;
pub mod load;
mod pools;
mod sign_in;
mod signing;
pub mod store_check;
mod totp;
mod users;

use gatehouse_pool::{start_with_clock, Clock, ManualTime, PoolServerConfig, RunningPool};
use serde_json::Value;

#[allow(unused_imports)] // Each test binary uses only some of these.
pub use self::{
    sign_in::{json_in, password_verifier_answer, srp_initiate, verify_with_jwks},
    signing::{Signer, KEY_ID, MISMATCH, SECRET},
    totp::{rfc6238, totp_code, verified_authenticator},
    users::other_code,
};

pub const PASSWORD: &str = "Correct-h0rse";

pub struct TestPool {
    pub pool: RunningPool,
    pub time: ManualTime,
    pub dir: tempfile::TempDir,
    http: reqwest::Client,
    /// Set on a pool that checks signatures: `call` signs every request with it.
    signer: Option<Signer>,
}

/// The pool's answer: the JSON body, or Cognito's error code and message.
pub type Answer = Result<Value, (String, String)>;

impl TestPool {
    pub async fn start() -> Self {
        Self::start_at(chrono::Utc::now()).await
    }

    /// A pool whose clock starts at `start`: to let days pass before an SRP sign-in, whose
    /// TIMESTAMP the client takes from the real clock, start in the past and advance to now.
    pub async fn start_at(start: chrono::DateTime<chrono::Utc>) -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        Self::launch(dir, start).await
    }

    pub async fn start_in(dir: tempfile::TempDir) -> Self {
        Self::launch(dir, chrono::Utc::now()).await
    }

    /// A pool that requires IAM-authorised operations to be signed with `admin`'s key; `call`
    /// signs with it, `send` sends what it is given.
    pub async fn start_signed(admin: Signer) -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let mut config = PoolServerConfig::new(dir.path());
        config.admin_credentials = Some(admin.credentials());
        let mut pool = Self::launch_with(config, dir, chrono::Utc::now()).await;
        pool.signer = Some(admin);
        pool
    }

    /// From now on `call` sends requests unsigned, as an app signing users in does.
    pub fn stop_signing(&mut self) {
        self.signer = None;
    }

    async fn launch(dir: tempfile::TempDir, start: chrono::DateTime<chrono::Utc>) -> Self {
        Self::launch_with(PoolServerConfig::new(dir.path()), dir, start).await
    }

    async fn launch_with(
        config: PoolServerConfig,
        dir: tempfile::TempDir,
        start: chrono::DateTime<chrono::Utc>,
    ) -> Self {
        let (clock, time) = Clock::manual(start);
        let pool = start_with_clock(config, clock)
            .await
            .expect("the pool starts");
        Self {
            pool,
            time,
            dir,
            http: reqwest::Client::new(),
            signer: None,
        }
    }

    /// Stops the pool and starts a new one on the same data directory.
    pub async fn restart(self) -> Self {
        let Self { pool, dir, .. } = self;
        pool.shutdown().await;
        Self::start_in(dir).await
    }

    /// Calls `operation`, signed at the pool's time when the pool checks signatures.
    pub async fn call(&self, operation: &str, body: Value) -> Answer {
        let body = body.to_string();
        let headers = match &self.signer {
            Some(signer) => signer.sign(&self.pool.endpoint(), operation, &body, self.time.now()),
            None => Vec::new(),
        };
        self.send(operation, body, &headers).await
    }

    /// Posts `body` as `operation` with exactly `headers` added: signed, unsigned, or tampered.
    pub async fn send(
        &self,
        operation: &str,
        body: String,
        headers: &[(String, String)],
    ) -> Answer {
        let mut request = self
            .http
            .post(self.pool.endpoint())
            .header(
                "X-Amz-Target",
                format!("AWSCognitoIdentityProviderService.{operation}"),
            )
            .header("Content-Type", "application/x-amz-json-1.1");
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let response = request.body(body).send().await.expect("the pool answers");
        let status = response.status();
        let body: Value = response.json().await.expect("a JSON body");
        if status.is_success() {
            Ok(body)
        } else {
            assert_eq!(status, 400, "errors are HTTP 400");
            Err((
                body["__type"].as_str().unwrap().to_owned(),
                body["message"].as_str().unwrap().to_owned(),
            ))
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.pool.endpoint()))
            .send()
            .await
            .expect("the pool answers")
    }

    /// The pool's clock, in Unix seconds.
    pub fn now(&self) -> i64 {
        self.time.now().timestamp()
    }
}

pub fn code_of(answer: Answer) -> String {
    answer.expect_err("the pool refuses").0
}

/// A Cognito error as `TestPool::call` returns it.
pub fn error(code: &str, message: &str) -> (String, String) {
    (code.into(), message.into())
}

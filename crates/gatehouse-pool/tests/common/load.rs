//! The workload of the load and crash tests (issue 6): concurrent clients that sign up (two clients
//! race for each username), confirm with the code from the outbox (sent several times at once, to
//! see it accepted only once), sign in by SRP and refresh, over real HTTP. Every answer the pool
//! gives is written in a `Ledger`, so that the tests can hold the pool to what it acknowledged.
//!
//! The client is `Remote` rather than `TestPool` because the crash test's pool is another process
//! that dies under it: a transport error is then an expected outcome, not a test failure.

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex},
};

use serde_json::{json, Value};

use super::{
    sign_in::{password_verifier_answer, srp_initiate},
    Answer, PASSWORD,
};

/// How many `ConfirmSignUp` with the same code each client sends at once.
pub const REPLAYS: usize = 3;

/// The pool's answer, or the transport error of a pool that stopped answering.
pub type Sent = Result<Answer, reqwest::Error>;

/// A pool reached over HTTP at `endpoint`.
#[derive(Clone)]
pub struct Remote {
    pub endpoint: String,
    http: reqwest::Client,
}

impl Remote {
    pub fn new(endpoint: impl Into<String>) -> Self {
        // A guard, not a timing check: a request the pool never answers ends as a transport
        // error (the pool is gone) instead of hanging the test.
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .expect("an HTTP client");
        Self {
            endpoint: endpoint.into(),
            http,
        }
    }

    pub async fn call(&self, operation: &str, body: Value) -> Sent {
        let response = self
            .http
            .post(&self.endpoint)
            .header(
                "X-Amz-Target",
                format!("AWSCognitoIdentityProviderService.{operation}"),
            )
            .header("Content-Type", "application/x-amz-json-1.1")
            .body(body.to_string())
            .send()
            .await?;
        let success = response.status().is_success();
        let body: Value = response.json().await?;
        Ok(if success {
            Ok(body)
        } else {
            let text = |name: &str| body[name].as_str().unwrap_or_default().to_owned();
            Err((text("__type"), text("message")))
        })
    }

    /// The last code the outbox holds for `username`, read as a person would (`GET`).
    pub async fn last_code(&self, username: &str) -> Result<Option<String>, reqwest::Error> {
        let url = format!("{}/_gatehouse/outbox", self.endpoint);
        let messages: Vec<Value> = self
            .http
            .get(url)
            .query(&[("username", username)])
            .send()
            .await?
            .json()
            .await?;
        Ok(messages
            .last()
            .and_then(|message| message["code"].as_str().map(str::to_owned)))
    }

    /// A pool that emails codes and a public client with SRP and refresh: `(pool_id, client_id)`.
    pub async fn pool_and_client(&self) -> (String, String) {
        let pool = self
            .call(
                "CreateUserPool",
                json!({"PoolName": "load", "AutoVerifiedAttributes": ["email"]}),
            )
            .await
            .expect("the pool answers")
            .expect("the pool is created");
        let pool_id = pool["UserPool"]["Id"].as_str().expect("an id").to_owned();
        let client = self
            .call(
                "CreateUserPoolClient",
                json!({"UserPoolId": pool_id, "ClientName": "load",
                "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
            )
            .await
            .expect("the pool answers")
            .expect("the client is created");
        let client_id = client["UserPoolClient"]["ClientId"]
            .as_str()
            .expect("an id");
        (pool_id, client_id.to_owned())
    }

    /// An SRP sign-in by an independent client (`aws-cognito-srp`) with `PASSWORD`.
    pub async fn sign_in(&self, pool_id: &str, client_id: &str, username: &str) -> Sent {
        let (srp, initiate) = srp_initiate(pool_id, client_id, username, PASSWORD);
        let challenge = match self.call("InitiateAuth", initiate).await? {
            Ok(challenge) => challenge,
            refused => return Ok(refused),
        };
        self.call(
            "RespondToAuthChallenge",
            password_verifier_answer(&srp, client_id, &challenge),
        )
        .await
    }
}

/// What the pool acknowledged (answered with success), per username. Not `Debug`: it holds
/// refresh tokens.
#[derive(Default)]
pub struct Ledger {
    /// Successful `SignUp` answers per username (the rule: never more than one).
    pub sign_ups: BTreeMap<String, usize>,
    /// Successful `ConfirmSignUp` answers per username, out of `REPLAYS` sent at once.
    pub confirmations: BTreeMap<String, usize>,
    /// Usernames signed up but deliberately left unconfirmed.
    pub left_unconfirmed: Vec<String>,
    pub sign_ins: usize,
    /// The refresh token each acknowledged sign-in returned, `(username, token)`.
    pub refresh_tokens: Vec<(String, String)>,
    pub refreshes: usize,
    /// Refusals the workload did not expect, `(operation, username, code)`.
    pub unexpected: Vec<(String, String, String)>,
}

/// A workload: `clients` clients, each trying up to `names_per_client` usernames.
#[derive(Clone)]
pub struct Workload {
    pub remote: Remote,
    pub pool_id: String,
    pub client_id: String,
    /// Usernames start with this, so that rounds of a test do not collide.
    pub prefix: String,
    pub clients: usize,
    pub names_per_client: usize,
    pub ledger: Arc<Mutex<Ledger>>,
}

/// How a client's run ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    /// It tried every username it had.
    Finished,
    /// The pool stopped answering.
    PoolGone,
}

impl Workload {
    /// Runs every client to its end; returns how each ended.
    pub async fn run(&self) -> Vec<Ended> {
        let runs: Vec<_> = (0..self.clients)
            .map(|client| {
                let workload = self.clone();
                tokio::spawn(async move { workload.client(client).await })
            })
            .collect();
        let mut ended = Vec::new();
        for run in runs {
            ended.push(run.await.expect("a client does not panic"));
        }
        ended
    }

    fn note(&self, update: impl FnOnce(&mut Ledger)) {
        update(
            &mut self
                .ledger
                .lock()
                .unwrap_or_else(|poison| poison.into_inner()),
        );
    }

    fn unexpected(&self, operation: &str, username: &str, code: String) {
        self.note(|ledger| {
            ledger
                .unexpected
                .push((operation.into(), username.into(), code))
        });
    }

    /// Client `client`: clients `2k` and `2k+1` try the same usernames, so every sign-up races.
    async fn client(&self, client: usize) -> Ended {
        for index in 0..self.names_per_client {
            let username = format!("{}-{}-{index}", self.prefix, client / 2);
            match self.user(&username, index).await {
                Ok(()) => {}
                Err(_) => return Ended::PoolGone,
            }
        }
        Ended::Finished
    }

    /// One username's life: sign-up, then (three times in four) confirmation, sign-in, refresh.
    async fn user(&self, username: &str, index: usize) -> Result<(), reqwest::Error> {
        let email = format!("{username}@example.com");
        let sign_up = self
            .remote
            .call(
                "SignUp",
                json!({"ClientId": self.client_id, "Username": username,
                "Password": PASSWORD, "UserAttributes": [{"Name": "email", "Value": email}]}),
            )
            .await?;
        match sign_up {
            Ok(_) => self.note(|ledger| *ledger.sign_ups.entry(username.into()).or_default() += 1),
            // The other client of the pair won the race for this username.
            Err((code, _)) if code == "UsernameExistsException" => return Ok(()),
            Err((code, _)) => {
                self.unexpected("SignUp", username, code);
                return Ok(());
            }
        }
        if index % 4 == 3 {
            self.note(|ledger| ledger.left_unconfirmed.push(username.into()));
            return Ok(());
        }
        let Some(code) = self.remote.last_code(username).await? else {
            self.unexpected("outbox", username, "no code".into());
            return Ok(());
        };
        let confirm = json!({"ClientId": self.client_id, "Username": username,
            "ConfirmationCode": code});
        // Sent at once from separate tasks: the pool must accept the code exactly once.
        let replays: Vec<_> = (0..REPLAYS)
            .map(|_| {
                let (remote, confirm) = (self.remote.clone(), confirm.clone());
                tokio::spawn(async move { remote.call("ConfirmSignUp", confirm).await })
            })
            .collect();
        let (mut accepted, mut gone) = (0, None);
        for replay in replays {
            match replay.await.expect("a request does not panic") {
                Ok(Ok(_)) => accepted += 1,
                // Too late: the user is confirmed, or the code is spent.
                Ok(Err((code, _)))
                    if code == "NotAuthorizedException" || code == "CodeMismatchException" => {}
                Ok(Err((code, _))) => self.unexpected("ConfirmSignUp", username, code),
                Err(error) => gone = Some(error),
            }
        }
        // Recorded even when some replays were cut off: an acceptance is an acknowledgement.
        self.note(|ledger| {
            ledger.confirmations.insert(username.into(), accepted);
        });
        if let Some(error) = gone {
            return Err(error);
        }
        if accepted == 0 {
            return Ok(());
        }
        let tokens = match self
            .remote
            .sign_in(&self.pool_id, &self.client_id, username)
            .await?
        {
            Ok(answer) => answer["AuthenticationResult"].clone(),
            Err((code, _)) => {
                self.unexpected("sign-in", username, code);
                return Ok(());
            }
        };
        let refresh_token = tokens["RefreshToken"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        self.note(|ledger| {
            ledger.sign_ins += 1;
            ledger.refresh_tokens.push((username.into(), refresh_token));
        });
        let refresh = self
            .remote
            .call(
                "InitiateAuth",
                json!({"AuthFlow": "REFRESH_TOKEN_AUTH",
                "ClientId": self.client_id,
                "AuthParameters": {"REFRESH_TOKEN": tokens["RefreshToken"]}}),
            )
            .await?;
        match refresh {
            Ok(answer) if answer["AuthenticationResult"]["AccessToken"].is_string() => {
                self.note(|ledger| ledger.refreshes += 1)
            }
            Ok(_) => self.unexpected("refresh", username, "no access token".into()),
            Err((code, _)) => self.unexpected("refresh", username, code),
        }
        Ok(())
    }
}

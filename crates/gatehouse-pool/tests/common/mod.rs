//! A pool on a loopback port with its data in a temporary directory, and a tiny Cognito client
//! that speaks the JSON protocol over real HTTP.
#![allow(dead_code)]

use aws_cognito_srp::{SrpClient, User};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64URL, Engine};
use gatehouse_pool::{start_with_clock, Clock, ManualTime, PoolServerConfig, RunningPool};
use rsa::{
    pkcs1v15::{Signature, VerifyingKey},
    signature::Verifier,
    BigUint, RsaPublicKey,
};
use serde_json::{json, Value};

pub const PASSWORD: &str = "Correct-h0rse";

pub struct TestPool {
    pub pool: RunningPool,
    pub time: ManualTime,
    pub dir: tempfile::TempDir,
    http: reqwest::Client,
}

/// The pool's answer: the JSON body, or Cognito's error code and message.
pub type Answer = Result<Value, (String, String)>;

impl TestPool {
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        Self::start_in(dir).await
    }

    pub async fn start_in(dir: tempfile::TempDir) -> Self {
        let (clock, time) = Clock::manual(chrono::Utc::now());
        let pool = start_with_clock(PoolServerConfig::new(dir.path()), clock)
            .await
            .expect("the pool starts");
        Self {
            pool,
            time,
            dir,
            http: reqwest::Client::new(),
        }
    }

    /// Stops the pool and starts a new one on the same data directory.
    pub async fn restart(self) -> Self {
        let Self { pool, dir, .. } = self;
        pool.shutdown().await;
        Self::start_in(dir).await
    }

    pub async fn call(&self, operation: &str, body: Value) -> Answer {
        let response = self
            .http
            .post(self.pool.endpoint())
            .header(
                "X-Amz-Target",
                format!("AWSCognitoIdentityProviderService.{operation}"),
            )
            .header("Content-Type", "application/x-amz-json-1.1")
            .body(body.to_string())
            .send()
            .await
            .expect("the pool answers");
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

    /// A pool that emails codes, and a public client allowing SRP and refresh.
    pub async fn pool_and_client(&self, client_settings: Value) -> (String, String) {
        let pool = self
            .call(
                "CreateUserPool",
                json!({"PoolName": "test", "AutoVerifiedAttributes": ["email"]}),
            )
            .await
            .unwrap();
        let pool_id = pool["UserPool"]["Id"].as_str().unwrap().to_owned();
        let mut request = json!({"UserPoolId": pool_id, "ClientName": "desktop",
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]});
        for (key, value) in client_settings.as_object().unwrap() {
            request[key] = value.clone();
        }
        let client = self.call("CreateUserPoolClient", request).await.unwrap();
        (
            pool_id,
            client["UserPoolClient"]["ClientId"]
                .as_str()
                .unwrap()
                .to_owned(),
        )
    }

    pub async fn sign_up(&self, client_id: &str, username: &str, email: &str) -> Answer {
        self.call(
            "SignUp",
            json!({"ClientId": client_id, "Username": username, "Password": PASSWORD,
                "UserAttributes": [{"Name": "email", "Value": email}]}),
        )
        .await
    }

    pub fn last_code(&self, username: &str) -> String {
        self.pool
            .outbox(Some(username))
            .unwrap()
            .last()
            .expect("a message was sent")
            .code
            .clone()
    }

    pub async fn confirmed_user(&self, client_id: &str, username: &str) {
        self.sign_up(client_id, username, &format!("{username}@example.com"))
            .await
            .unwrap();
        let code = self.last_code(username);
        self.call(
            "ConfirmSignUp",
            json!({"ClientId": client_id, "Username": username, "ConfirmationCode": code}),
        )
        .await
        .unwrap();
    }

    /// A full SRP sign-in by an independent client (the `aws-cognito-srp` crate).
    pub async fn srp_sign_in(
        &self,
        pool_id: &str,
        client_id: &str,
        username: &str,
        password: &str,
    ) -> Answer {
        let srp = SrpClient::new(User::new(pool_id, username, password), client_id, None);
        let challenge = self
            .call(
                "InitiateAuth",
                json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client_id,
                "AuthParameters": {"USERNAME": username, "SRP_A": srp.get_auth_parameters().a}}),
            )
            .await?;
        assert_eq!(challenge["ChallengeName"], "PASSWORD_VERIFIER");
        let parameters = &challenge["ChallengeParameters"];
        let text = |name: &str| parameters[name].as_str().unwrap().to_owned();
        let proof = srp
            .verify(
                &text("SECRET_BLOCK"),
                &text("USER_ID_FOR_SRP"),
                &text("SALT"),
                &text("SRP_B"),
            )
            .expect("the challenge is well formed");
        self.call("RespondToAuthChallenge", json!({
            "ChallengeName": "PASSWORD_VERIFIER", "ClientId": client_id, "Session": challenge["Session"],
            "ChallengeResponses": {"USERNAME": text("USER_ID_FOR_SRP"),
                "PASSWORD_CLAIM_SECRET_BLOCK": proof.password_claim_secret_block,
                "PASSWORD_CLAIM_SIGNATURE": proof.password_claim_signature,
                "TIMESTAMP": proof.timestamp}}))
            .await
    }
}

pub fn code_of(answer: Answer) -> String {
    answer.expect_err("the pool refuses").0
}

/// Verifies a JWT with the pool's published JWKS, as a resource server would; returns its claims.
pub async fn verify_with_jwks(pool: &TestPool, pool_id: &str, token: &str) -> Value {
    let jwks: Value = pool
        .get(&format!("/{pool_id}/.well-known/jwks.json"))
        .await
        .json()
        .await
        .unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let header: Value = serde_json::from_slice(&B64URL.decode(parts[0]).unwrap()).unwrap();
    assert_eq!(header["alg"], "RS256");
    let jwk = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|key| key["kid"] == header["kid"])
        .expect("the kid is published");
    let number =
        |name: &str| BigUint::from_bytes_be(&B64URL.decode(jwk[name].as_str().unwrap()).unwrap());
    let key =
        VerifyingKey::<sha2::Sha256>::new(RsaPublicKey::new(number("n"), number("e")).unwrap());
    let signature = Signature::try_from(B64URL.decode(parts[2]).unwrap().as_slice()).unwrap();
    key.verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature)
        .expect("the signature verifies");
    serde_json::from_slice(&B64URL.decode(parts[1]).unwrap()).unwrap()
}

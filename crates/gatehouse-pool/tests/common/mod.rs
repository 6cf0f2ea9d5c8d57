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

/// RFC 6238 TOTP (HMAC-SHA1, 30-second steps), written apart from the pool's own so that each
/// checks the other; `digits` long.
pub fn rfc6238(key: &[u8], unix_time: i64, digits: u32) -> u32 {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key).unwrap();
    mac.update(&(unix_time / 30).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0xf) as usize;
    let value = u32::from_be_bytes(digest[offset..offset + 4].try_into().unwrap()) & 0x7fff_ffff;
    value % 10u32.pow(digits)
}

/// The 6-digit code an authenticator app shows at `unix_time` for a base32 `SecretCode`.
pub fn totp_code(secret_base32: &str, unix_time: i64) -> String {
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut key, mut buffer, mut bits) = (Vec::new(), 0u64, 0);
    for c in secret_base32.trim_end_matches('=').chars() {
        buffer = (buffer << 5) | alphabet.find(c).expect("base32") as u64;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            key.push((buffer >> bits) as u8);
        }
    }
    format!("{:06}", rfc6238(&key, unix_time, 6))
}

impl TestPool {
    /// The pool's clock, in Unix seconds.
    pub fn now(&self) -> i64 {
        self.time.now().timestamp()
    }

    /// `RespondToAuthChallenge` with a session and responses (USERNAME added).
    pub async fn respond(
        &self,
        client_id: &str,
        challenge: &str,
        session: &Value,
        username: &str,
        responses: Value,
    ) -> Answer {
        let mut responses = responses;
        responses["USERNAME"] = json!(username);
        self.call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": challenge, "ClientId": client_id, "Session": session,
                "ChallengeResponses": responses}),
        )
        .await
    }

    /// A confirmed user with a phone number, in a pool whose MFA is set to `mode` with SMS and
    /// software tokens; returns `(pool_id, client_id)`.
    pub async fn mfa_pool_with_user(&self, mode: &str, username: &str) -> (String, String) {
        let (pool_id, client_id) = self.pool_and_client(json!({})).await;
        self.call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": pool_id, "MfaConfiguration": mode,
                "SmsMfaConfiguration": {"SmsAuthenticationMessage": "Your code is {####}"},
                "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
        )
        .await
        .unwrap();
        self.call(
            "SignUp",
            json!({"ClientId": client_id, "Username": username, "Password": PASSWORD,
                "UserAttributes": [{"Name": "email", "Value": format!("{username}@example.com")},
                    {"Name": "phone_number", "Value": "+447700901234"}]}),
        )
        .await
        .unwrap();
        self.call(
            "AdminConfirmSignUp",
            json!({"UserPoolId": pool_id, "Username": username}),
        )
        .await
        .unwrap();
        (pool_id, client_id)
    }
}

impl TestPool {
    /// A pool with `pool_settings` (email auto-verified unless they say otherwise) and a public
    /// client with SRP and refresh plus `client_settings`; returns `(pool_id, client_id)`.
    pub async fn pool_with(
        &self,
        pool_settings: Value,
        client_settings: Value,
    ) -> (String, String) {
        let mut request = json!({"PoolName": "test", "AutoVerifiedAttributes": ["email"]});
        for (key, value) in pool_settings.as_object().unwrap() {
            request[key] = value.clone();
        }
        let pool = self.call("CreateUserPool", request).await.unwrap();
        let pool_id = pool["UserPool"]["Id"].as_str().unwrap().to_owned();
        let mut request = json!({"UserPoolId": pool_id, "ClientName": "desktop",
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]});
        for (key, value) in client_settings.as_object().unwrap() {
            request[key] = value.clone();
        }
        let client = self.call("CreateUserPoolClient", request).await.unwrap();
        let client_id = client["UserPoolClient"]["ClientId"].as_str().unwrap();
        (pool_id, client_id.to_owned())
    }

    /// Signs in with SRP and returns the `AuthenticationResult` (tokens).
    pub async fn tokens(
        &self,
        pool_id: &str,
        client_id: &str,
        username: &str,
        password: &str,
    ) -> Value {
        let answer = self
            .srp_sign_in(pool_id, client_id, username, password)
            .await
            .expect("the sign-in succeeds");
        answer["AuthenticationResult"].clone()
    }

    /// `InitiateAuth` with `REFRESH_TOKEN_AUTH`.
    pub async fn refresh(&self, client_id: &str, refresh_token: &Value) -> Answer {
        self.call(
            "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client_id,
                "AuthParameters": {"REFRESH_TOKEN": refresh_token}}),
        )
        .await
    }

    /// The user's status as `AdminGetUser` reports it.
    pub async fn status_of(&self, pool_id: &str, username: &str) -> String {
        let user = self
            .call(
                "AdminGetUser",
                json!({"UserPoolId": pool_id, "Username": username}),
            )
            .await
            .unwrap();
        user["UserStatus"].as_str().unwrap().to_owned()
    }

    /// The messages the pool "sent" to a user.
    pub fn outbox_of(&self, username: &str) -> Vec<gatehouse_pool::OutboxMessage> {
        self.pool.outbox(Some(username)).unwrap()
    }
}

impl TestPool {
    /// A pool whose clock starts at `start`: to let days pass before an SRP sign-in, whose
    /// TIMESTAMP the client takes from the real clock, start in the past and advance to now.
    pub async fn start_at(start: chrono::DateTime<chrono::Utc>) -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let (clock, time) = Clock::manual(start);
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
}

/// A Cognito error as `TestPool::call` returns it.
pub fn error(code: &str, message: &str) -> (String, String) {
    (code.into(), message.into())
}

impl TestPool {
    /// Signs in with `PASSWORD` (no second factor due) and returns the access token.
    pub async fn access_token(&self, pool_id: &str, client_id: &str, username: &str) -> Value {
        let signed_in = self
            .srp_sign_in(pool_id, client_id, username, PASSWORD)
            .await
            .unwrap();
        signed_in["AuthenticationResult"]["AccessToken"].clone()
    }
}

/// Associates and verifies an authenticator from the account screen; returns its secret.
pub async fn verified_authenticator(pool: &TestPool, access: &Value) -> String {
    let associated = pool
        .call("AssociateSoftwareToken", json!({"AccessToken": access}))
        .await
        .unwrap();
    let secret = associated["SecretCode"].as_str().unwrap().to_owned();
    let verified = pool
        .call(
            "VerifySoftwareToken",
            json!({"AccessToken": access, "UserCode": totp_code(&secret, pool.now()),
                "FriendlyDeviceName": "phone"}),
        )
        .await
        .unwrap();
    assert_eq!(verified["Status"], "SUCCESS");
    secret
}

impl TestPool {
    /// Whether `AdminGetUser` finds the user (a refused sign-up must leave none behind).
    pub async fn user_exists(&self, pool_id: &str, username: &str) -> bool {
        match self
            .call(
                "AdminGetUser",
                json!({"UserPoolId": pool_id, "Username": username}),
            )
            .await
        {
            Ok(_) => true,
            Err((code, _)) if code == "UserNotFoundException" => false,
            Err(other) => panic!("AdminGetUser failed: {other:?}"),
        }
    }
}

//! An administrator of a Cognito-compatible user pool, as the suites need one: Cognito's JSON
//! protocol over HTTP (`POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`
//! and `Content-Type: application/x-amz-json-1.1`; a refusal is HTTP 400 `{"__type", "message"}`).
//! The local pool accepts admin operations unsigned, so no credentials are involved.
//! See <https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_Operations.html>.

use std::fmt;

use serde_json::{json, Value};

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";
const AMZ_JSON: &str = "application/x-amz-json-1.1";

/// Talks to the pool at one endpoint.
pub struct PoolAdmin {
    endpoint: String,
    http: reqwest::Client,
}

/// Why a call failed: the pool refused it (with Cognito's code), or it could not be made.
#[derive(Debug)]
pub enum CallError {
    Refused { code: String, message: String },
    Transport(String),
}

impl CallError {
    /// Cognito's error code (`UserNotFoundException`...), when the pool refused.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Refused { code, .. } => Some(code),
            Self::Transport(_) => None,
        }
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Refused { code, message } => write!(f, "the pool refused: {code}: {message}"),
            Self::Transport(detail) => write!(f, "the pool could not be reached: {detail}"),
        }
    }
}

impl std::error::Error for CallError {}

/// A user pool and one of its app clients.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolClient {
    pub region: String,
    pub user_pool_id: String,
    pub client_id: String,
}

impl PoolAdmin {
    pub fn new(endpoint: impl Into<String>) -> Self {
        Self {
            endpoint: endpoint.into(),
            http: reqwest::Client::new(),
        }
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// One operation: the request as Cognito's JSON, the answer as JSON.
    pub async fn call(&self, operation: &str, request: Value) -> Result<Value, CallError> {
        let response = self
            .http
            .post(&self.endpoint)
            .header("X-Amz-Target", format!("{TARGET_PREFIX}{operation}"))
            .header("Content-Type", AMZ_JSON)
            .body(request.to_string())
            .send()
            .await
            .map_err(|error| CallError::Transport(error.to_string()))?;
        let status = response.status();
        let body: Value = response
            .json()
            .await
            .map_err(|error| CallError::Transport(format!("{operation}: {error}")))?;
        if status.is_success() {
            return Ok(body);
        }
        let text = |key: &str| body[key].as_str().unwrap_or_default().to_owned();
        Err(CallError::Refused {
            // Cognito's `__type` may carry a namespace prefix (`...#UserNotFoundException`).
            code: text("__type")
                .rsplit('#')
                .next()
                .unwrap_or_default()
                .to_owned(),
            message: text("message"),
        })
    }

    /// `call`, for set-up steps that must succeed: panics naming the operation otherwise.
    pub async fn expect(&self, operation: &str, request: Value) -> Value {
        self.call(operation, request)
            .await
            .unwrap_or_else(|error| panic!("{operation} succeeds: {error}"))
    }

    /// A new pool (email verified on sign-up) and an app client for SRP sign-in with refresh
    /// tokens that can be revoked, as a desktop app's client is configured.
    pub async fn create_pool_and_client(&self, pool_name: &str) -> PoolClient {
        self.create_pool_with_client(pool_name, None).await
    }

    /// `create_pool_and_client` with ID and access tokens that live `token_seconds` (the local
    /// pool accepts lifetimes under Cognito's five-minute minimum, for tests of refreshing).
    pub async fn create_pool_and_short_lived_client(
        &self,
        pool_name: &str,
        token_seconds: u64,
    ) -> PoolClient {
        self.create_pool_with_client(pool_name, Some(token_seconds))
            .await
    }

    async fn create_pool_with_client(
        &self,
        pool_name: &str,
        token_seconds: Option<u64>,
    ) -> PoolClient {
        let pool = self
            .expect(
                "CreateUserPool",
                json!({"PoolName": pool_name, "AutoVerifiedAttributes": ["email"]}),
            )
            .await;
        let user_pool_id = pool["UserPool"]["Id"]
            .as_str()
            .expect("CreateUserPool answers the pool's id")
            .to_owned();
        let mut request = json!({
            "UserPoolId": user_pool_id,
            "ClientName": format!("{pool_name}-desktop"),
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "PreventUserExistenceErrors": "ENABLED",
            "EnableTokenRevocation": true,
        });
        if let Some(seconds) = token_seconds {
            request["AccessTokenValidity"] = seconds.into();
            request["IdTokenValidity"] = seconds.into();
            request["TokenValidityUnits"] = json!({"AccessToken": "seconds", "IdToken": "seconds"});
        }
        let client = self.expect("CreateUserPoolClient", request).await;
        let client_id = client["UserPoolClient"]["ClientId"]
            .as_str()
            .expect("CreateUserPoolClient answers the client's id")
            .to_owned();
        let region = user_pool_id
            .split_once('_')
            .map(|(region, _)| region.to_owned())
            .expect("a pool id is <region>_<id>");
        PoolClient {
            region,
            user_pool_id,
            client_id,
        }
    }

    /// A confirmed user with `password` and these attributes: `SignUp`, then
    /// `AdminConfirmSignUp` (the confirmation code is not needed). As in Cognito, this verifies
    /// no email or phone number, so such a user cannot be sent a password reset code.
    pub async fn confirmed_user(
        &self,
        pool: &PoolClient,
        username: &str,
        password: &str,
        attributes: &[(&str, &str)],
    ) {
        self.sign_up(pool, username, password, attributes).await;
        self.expect(
            "AdminConfirmSignUp",
            json!({"UserPoolId": pool.user_pool_id, "Username": username}),
        )
        .await;
    }

    /// A user who signed up but did not confirm.
    pub async fn sign_up(
        &self,
        pool: &PoolClient,
        username: &str,
        password: &str,
        attributes: &[(&str, &str)],
    ) {
        let attributes: Vec<Value> = attributes
            .iter()
            .map(|(name, value)| json!({"Name": name, "Value": value}))
            .collect();
        self.expect(
            "SignUp",
            json!({
                "ClientId": pool.client_id,
                "Username": username,
                "Password": password,
                "UserAttributes": attributes,
            }),
        )
        .await;
    }

    /// `AdminGetUser`: the user's status and attributes, or the pool's refusal.
    pub async fn user(&self, pool: &PoolClient, username: &str) -> Result<Value, CallError> {
        self.call(
            "AdminGetUser",
            json!({"UserPoolId": pool.user_pool_id, "Username": username}),
        )
        .await
    }

    /// How many messages a `gatehouse-pool` sent `username` (its outbox, `GET /_gatehouse/outbox`;
    /// not part of Cognito's API).
    pub async fn messages_sent_to(&self, username: &str) -> Result<usize, CallError> {
        Ok(self.outbox_of(username).await?.len())
    }

    /// The code of the newest message a `gatehouse-pool` sent `username`, if any.
    pub async fn newest_code_sent_to(&self, username: &str) -> Result<Option<String>, CallError> {
        let messages = self.outbox_of(username).await?;
        Ok(messages
            .last()
            .and_then(|message| message["code"].as_str())
            .map(str::to_owned))
    }

    /// The outbox messages of `username`, oldest first.
    async fn outbox_of(&self, username: &str) -> Result<Vec<Value>, CallError> {
        let url = format!("{}/_gatehouse/outbox", self.endpoint.trim_end_matches('/'));
        let response = self
            .http
            .get(url)
            .query(&[("username", username)])
            .send()
            .await
            .map_err(|error| CallError::Transport(error.to_string()))?;
        let messages: Vec<Value> = response
            .error_for_status()
            .map_err(|error| CallError::Transport(error.to_string()))?
            .json()
            .await
            .map_err(|error| CallError::Transport(format!("the outbox: {error}")))?;
        Ok(messages)
    }

    /// The value of one attribute of `AdminGetUser`'s answer.
    pub fn attribute<'u>(user: &'u Value, name: &str) -> Option<&'u str> {
        user["UserAttributes"]
            .as_array()?
            .iter()
            .find(|attribute| attribute["Name"] == name)?["Value"]
            .as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attribute_is_read_from_admin_get_user() {
        let user = json!({"UserAttributes": [
            {"Name": "sub", "Value": "5f1c"},
            {"Name": "custom:team", "Value": "Platform"},
        ]});

        assert_eq!(PoolAdmin::attribute(&user, "custom:team"), Some("Platform"));
        assert_eq!(PoolAdmin::attribute(&user, "email"), None);
    }

    #[tokio::test]
    async fn calls_reach_a_local_pool_and_refusals_carry_cognitos_code() {
        let data = tempfile::tempdir().unwrap();
        let running = gatehouse_pool::start(gatehouse_pool::PoolServerConfig::new(data.path()))
            .await
            .unwrap();
        let admin = PoolAdmin::new(running.endpoint());

        let pool = admin.create_pool_and_client("admin-test").await;
        admin
            .confirmed_user(
                &pool,
                "ada",
                "Correct-Horse-9",
                &[("email", "ada@example.com")],
            )
            .await;
        let user = admin.user(&pool, "ada").await.unwrap();
        let missing = admin.user(&pool, "nobody").await.unwrap_err();

        assert_eq!(user["UserStatus"], "CONFIRMED");
        assert_eq!(
            PoolAdmin::attribute(&user, "email"),
            Some("ada@example.com")
        );
        assert_eq!(missing.code(), Some("UserNotFoundException"));
        assert_eq!(
            admin.messages_sent_to("ada").await.unwrap(),
            1,
            "the sign-up code"
        );
        running.shutdown().await;
    }
}

//! Confidential app clients over real HTTP: a client created with `GenerateSecret` has a secret,
//! and every user operation must carry `SECRET_HASH` for it; a missing or wrong hash is refused
//! with Cognito's sentences and changes nothing. A client without a secret ignores the hash.

mod common;

use aws_cognito_srp::{SrpClient, User};
use common::{error, TestPool, PASSWORD};
use serde_json::{json, Value};

const NEW_PASSWORD: &str = "Battery-stap1e";

struct Confidential {
    pool_id: String,
    client_id: String,
    secret: String,
}

impl Confidential {
    async fn create(pool: &TestPool) -> Self {
        let (pool_id, client_id) = pool.pool_and_client(json!({"GenerateSecret": true})).await;
        let described = pool
            .call(
                "DescribeUserPoolClient",
                json!({"UserPoolId": pool_id, "ClientId": client_id}),
            )
            .await
            .unwrap();
        let secret = described["UserPoolClient"]["ClientSecret"]
            .as_str()
            .expect("DescribeUserPoolClient shows the secret")
            .to_owned();
        Self {
            pool_id,
            client_id,
            secret,
        }
    }

    /// SECRET_HASH as an independent client (`aws-cognito-srp`) computes it.
    fn hash(&self, username: &str) -> String {
        let user = User::new(&self.pool_id, username, "");
        SrpClient::new(user, &self.client_id, Some(&self.secret))
            .get_secret_hash()
            .expect("a client with a secret has a hash")
    }

    fn missing(&self) -> common::Answer {
        Err(error(
            "NotAuthorizedException",
            &format!(
                "Client {} is configured with secret but SECRET_HASH was not received",
                self.client_id
            ),
        ))
    }

    fn wrong(&self) -> common::Answer {
        Err(error(
            "NotAuthorizedException",
            &format!("Unable to verify secret hash for client {}", self.client_id),
        ))
    }

    /// `request` with `SecretHash` set to `hash` (left out when `None`).
    fn with(&self, request: Value, hash: Option<String>) -> Value {
        let mut request = request;
        request["ClientId"] = json!(self.client_id);
        if let Some(hash) = hash {
            request["SecretHash"] = json!(hash);
        }
        request
    }
}

/// Calls `operation` with no hash, then the hash of another name, then the right hash; the two
/// refusals must come back as Cognito words them. Returns the answer to the right hash.
async fn refused_then_accepted(
    pool: &TestPool,
    client: &Confidential,
    operation: &str,
    request: Value,
) -> common::Answer {
    let no_hash = client.with(request.clone(), None);
    assert_eq!(
        pool.call(operation, no_hash).await,
        client.missing(),
        "{operation}"
    );
    let wrong = client.with(request.clone(), Some(client.hash("noah")));
    assert_eq!(
        pool.call(operation, wrong).await,
        client.wrong(),
        "{operation}"
    );
    let right = client.with(request, Some(client.hash("jane")));
    pool.call(operation, right).await
}

#[tokio::test]
async fn a_generated_secret_has_cognitos_shape_and_public_clients_have_none() {
    let pool = TestPool::start().await;
    let client = Confidential::create(&pool).await;
    assert_eq!(client.secret.len(), 51);
    assert!(client
        .secret
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    let described = pool
        .call(
            "DescribeUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientId": client_id}),
        )
        .await
        .unwrap();
    assert!(described["UserPoolClient"].get("ClientSecret").is_none());
}

#[tokio::test]
async fn signing_up_and_confirming_need_the_hash_and_refusals_change_nothing() {
    let pool = TestPool::start().await;
    let client = Confidential::create(&pool).await;
    let sign_up = json!({"Username": "jane", "Password": PASSWORD,
        "UserAttributes": [{"Name": "email", "Value": "jane@example.com"}]});
    let no_hash = client.with(sign_up.clone(), None);
    assert_eq!(pool.call("SignUp", no_hash).await, client.missing());
    assert!(!pool.user_exists(&client.pool_id, "jane").await);
    refused_then_accepted(&pool, &client, "SignUp", sign_up)
        .await
        .expect("the right hash signs up");
    let sent = pool.outbox_of("jane").len();

    let resend = json!({"Username": "jane"});
    refused_then_accepted(&pool, &client, "ResendConfirmationCode", resend)
        .await
        .expect("the right hash resends");
    assert_eq!(
        pool.outbox_of("jane").len(),
        sent + 1,
        "only the accepted call sent a code"
    );

    let confirm = json!({"Username": "jane", "ConfirmationCode": pool.last_code("jane")});
    refused_then_accepted(&pool, &client, "ConfirmSignUp", confirm)
        .await
        .expect("the right hash confirms");
    assert_eq!(pool.status_of(&client.pool_id, "jane").await, "CONFIRMED");
}

/// Jane, confirmed at the confidential client.
async fn confirmed_jane(pool: &TestPool, client: &Confidential) {
    let sign_up = json!({"Username": "jane", "Password": PASSWORD,
        "UserAttributes": [{"Name": "email", "Value": "jane@example.com"}]});
    let hash = Some(client.hash("jane"));
    pool.call("SignUp", client.with(sign_up, hash.clone()))
        .await
        .unwrap();
    let confirm = json!({"Username": "jane", "ConfirmationCode": pool.last_code("jane")});
    pool.call("ConfirmSignUp", client.with(confirm, hash))
        .await
        .unwrap();
}

#[tokio::test]
async fn resetting_a_password_needs_the_hash() {
    let pool = TestPool::start().await;
    let client = Confidential::create(&pool).await;
    confirmed_jane(&pool, &client).await;
    let sent = pool.outbox_of("jane").len();
    refused_then_accepted(
        &pool,
        &client,
        "ForgotPassword",
        json!({"Username": "jane"}),
    )
    .await
    .expect("the right hash sends a code");
    assert_eq!(pool.outbox_of("jane").len(), sent + 1);
    let code = pool.last_code("jane");
    let confirm = json!({"Username": "jane", "ConfirmationCode": code, "Password": NEW_PASSWORD});
    refused_then_accepted(&pool, &client, "ConfirmForgotPassword", confirm)
        .await
        .expect("the right hash resets");
}

/// `InitiateAuth` (USER_SRP_AUTH) with `hash` in AuthParameters.
async fn initiate(
    pool: &TestPool,
    client: &Confidential,
    srp: &SrpClient<User>,
    hash: Option<String>,
) -> common::Answer {
    let mut parameters = json!({"USERNAME": "jane", "SRP_A": srp.get_auth_parameters().a});
    if let Some(hash) = hash {
        parameters["SECRET_HASH"] = json!(hash);
    }
    pool.call(
        "InitiateAuth",
        json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client.client_id,
            "AuthParameters": parameters}),
    )
    .await
}

/// Answers `PASSWORD_VERIFIER` with the proof for `challenge` and `hash` in the responses.
async fn password_verifier(
    pool: &TestPool,
    client: &Confidential,
    srp: &SrpClient<User>,
    challenge: &Value,
    hash: Option<String>,
) -> common::Answer {
    let mut answer = common::password_verifier_answer(srp, &client.client_id, challenge);
    if let Some(hash) = hash {
        answer["ChallengeResponses"]["SECRET_HASH"] = json!(hash);
    }
    pool.call("RespondToAuthChallenge", answer).await
}

#[tokio::test]
async fn signing_in_and_refreshing_need_the_hash_of_the_username_or_sub() {
    let pool = TestPool::start().await;
    let client = Confidential::create(&pool).await;
    confirmed_jane(&pool, &client).await;
    let user = User::new(&client.pool_id, "jane", PASSWORD);
    let srp = SrpClient::new(user, &client.client_id, Some(&client.secret));

    assert_eq!(initiate(&pool, &client, &srp, None).await, client.missing());
    let wrong = initiate(&pool, &client, &srp, Some(client.hash("noah"))).await;
    assert_eq!(wrong, client.wrong());
    let challenge = initiate(&pool, &client, &srp, srp.get_secret_hash())
        .await
        .expect("the right hash starts SRP");
    let answer = |hash: Option<String>| password_verifier(&pool, &client, &srp, &challenge, hash);
    assert_eq!(answer(None).await, client.missing());
    assert_eq!(answer(Some(client.hash("noah"))).await, client.wrong());
    let signed_in = answer(srp.get_secret_hash())
        .await
        .expect("refused answers left the handshake usable");
    let tokens = &signed_in["AuthenticationResult"];
    let sub = pool.me(&tokens["AccessToken"]).await["UserAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["Name"] == "sub")
        .unwrap()["Value"]
        .as_str()
        .unwrap()
        .to_owned();

    let refresh = |hash: Option<String>| {
        let mut parameters = json!({"REFRESH_TOKEN": tokens["RefreshToken"]});
        if let Some(hash) = hash {
            parameters["SECRET_HASH"] = json!(hash);
        }
        pool.call(
            "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH",
            "ClientId": client.client_id, "AuthParameters": parameters}),
        )
    };
    assert_eq!(refresh(None).await, client.missing());
    assert_eq!(refresh(Some(client.hash("noah"))).await, client.wrong());
    refresh(Some(client.hash("jane")))
        .await
        .expect("the username's hash refreshes");
    refresh(Some(client.hash(&sub)))
        .await
        .expect("the sub's hash refreshes");
}

#[tokio::test]
async fn a_client_without_a_secret_ignores_any_hash() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    let sign_up = json!({"ClientId": client_id, "Username": "jane", "Password": PASSWORD,
        "SecretHash": "not-a-hash",
        "UserAttributes": [{"Name": "email", "Value": "jane@example.com"}]});
    pool.call("SignUp", sign_up)
        .await
        .expect("the hash is ignored");
    let code = pool.last_code("jane");
    pool.confirm_sign_up(&client_id, "jane", &code)
        .await
        .unwrap();
    let srp = SrpClient::new(User::new(&pool_id, "jane", PASSWORD), &client_id, None);
    let challenge = pool
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client_id,
            "AuthParameters": {"USERNAME": "jane", "SRP_A": srp.get_auth_parameters().a,
                "SECRET_HASH": "not-a-hash"}}),
        )
        .await
        .expect("the hash is ignored");
    assert_eq!(challenge["ChallengeName"], "PASSWORD_VERIFIER");
}

#[tokio::test]
async fn answering_a_second_factor_needs_the_hash() {
    let pool = TestPool::start().await;
    let client = Confidential::create(&pool).await;
    pool.call(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": client.pool_id, "MfaConfiguration": "ON",
        "SmsMfaConfiguration": {"SmsAuthenticationMessage": "Your code is {####}"}}),
    )
    .await
    .unwrap();
    let sign_up = json!({"Username": "jane", "Password": PASSWORD, "UserAttributes": [
        {"Name": "email", "Value": "jane@example.com"}, {"Name": "phone_number", "Value": "+447700901234"}]});
    pool.call("SignUp", client.with(sign_up, Some(client.hash("jane"))))
        .await
        .unwrap();
    pool.call(
        "AdminConfirmSignUp",
        json!({"UserPoolId": client.pool_id, "Username": "jane"}),
    )
    .await
    .unwrap();
    let srp = SrpClient::new(
        User::new(&client.pool_id, "jane", PASSWORD),
        &client.client_id,
        Some(&client.secret),
    );
    let challenge = initiate(&pool, &client, &srp, srp.get_secret_hash())
        .await
        .unwrap();
    let mfa = password_verifier(&pool, &client, &srp, &challenge, srp.get_secret_hash())
        .await
        .unwrap();
    assert_eq!(mfa["ChallengeName"], "SMS_MFA");
    let code = pool.last_code("jane");
    let answer = |hash: Option<String>| {
        let mut responses = json!({"USERNAME": "jane", "SMS_MFA_CODE": code});
        if let Some(hash) = hash {
            responses["SECRET_HASH"] = json!(hash);
        }
        pool.call("RespondToAuthChallenge", json!({"ChallengeName": "SMS_MFA",
            "ClientId": client.client_id, "Session": mfa["Session"], "ChallengeResponses": responses}))
    };
    assert_eq!(answer(None).await, client.missing());
    assert_eq!(answer(Some(client.hash("noah"))).await, client.wrong());
    let signed_in = answer(Some(client.hash("jane")))
        .await
        .expect("the session was still open");
    assert!(signed_in["AuthenticationResult"]["AccessToken"].is_string());
}

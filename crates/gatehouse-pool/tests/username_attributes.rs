//! Pools with `UsernameAttributes` over real HTTP: users sign up and sign in with their email
//! address; the pool gives each a generated username (their `sub`) and every operation that
//! takes a username also takes the email.

mod common;

use common::{error, verify_with_jwks, TestPool, PASSWORD};
use serde_json::{json, Value};

const EMAIL: &str = "jane@example.com";

/// A pool whose users sign in with their email, and a public client; `(pool_id, client_id)`.
async fn email_pool(pool: &TestPool) -> (String, String) {
    pool.pool_with(json!({"UsernameAttributes": ["email"]}), json!({}))
        .await
}

/// Signs up `EMAIL` and returns the generated username (the `sub`).
async fn signed_up(pool: &TestPool, client_id: &str) -> String {
    let answer = pool
        .sign_up_with(client_id, EMAIL, json!([]))
        .await
        .unwrap();
    answer["UserSub"].as_str().unwrap().to_owned()
}

/// Signs up `EMAIL`, asks for a new code and confirms it, both by email; returns the generated
/// username.
async fn confirmed(pool: &TestPool, client_id: &str) -> String {
    let sub = signed_up(pool, client_id).await;
    // A new code, asked for by email.
    pool.call(
        "ResendConfirmationCode",
        json!({"ClientId": client_id, "Username": EMAIL}),
    )
    .await
    .unwrap();
    assert_eq!(pool.outbox_of(&sub).len(), 2);
    let code = pool.last_code(&sub);
    pool.confirm_sign_up(client_id, EMAIL, &code).await.unwrap();
    sub
}

#[tokio::test]
async fn the_pool_describes_its_username_attributes() {
    let pool = TestPool::start().await;
    let (pool_id, _) = email_pool(&pool).await;
    let described = pool
        .call("DescribeUserPool", json!({"UserPoolId": pool_id}))
        .await
        .unwrap();
    assert_eq!(
        described["UserPool"]["UsernameAttributes"],
        json!(["email"])
    );
}

#[tokio::test]
async fn sign_up_with_an_email_gives_a_generated_username_and_keeps_the_email() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = email_pool(&pool).await;
    let sub = signed_up(&pool, &client_id).await;
    assert!(
        uuid::Uuid::parse_str(&sub).is_ok(),
        "the username is a UUID"
    );
    let user = pool.user(&pool_id, &sub).await;
    assert_eq!(user["Username"], sub.as_str());
    assert_eq!(user["UserStatus"], "UNCONFIRMED");
    let attributes = user["UserAttributes"].as_array().unwrap();
    let value_of = |name: &str| {
        attributes
            .iter()
            .find(|attribute| attribute["Name"] == name)
            .map(|attribute| attribute["Value"].clone())
    };
    assert_eq!(value_of("email"), Some(json!(EMAIL)));
    assert_eq!(value_of("sub"), Some(json!(sub)));
    // AdminGetUser finds her by email too, in any case.
    let by_email = pool.user(&pool_id, "Jane@Example.COM").await;
    assert_eq!(by_email["Username"], sub.as_str());
}

#[tokio::test]
async fn a_username_that_is_not_an_email_is_refused_and_nothing_is_created() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = email_pool(&pool).await;
    let refused = pool.sign_up_with(&client_id, "jane", json!([])).await;
    assert_eq!(
        refused.unwrap_err(),
        error("InvalidParameterException", "Username should be an email.")
    );
    assert!(!pool.user_exists(&pool_id, "jane").await);
    let other_email = json!([{"Name": "email", "Value": "other@example.com"}]);
    let refused = pool.sign_up_with(&client_id, EMAIL, other_email).await;
    assert_eq!(
        refused.unwrap_err(),
        error(
            "InvalidParameterException",
            "User email should be empty or same as username, since username attribute is email."
        )
    );
    assert!(!pool.user_exists(&pool_id, EMAIL).await);
    let same_email = json!([{"Name": "email", "Value": EMAIL}]);
    pool.sign_up_with(&client_id, EMAIL, same_email)
        .await
        .unwrap();
    let (_, phone_pool_client) = pool
        .pool_with(
            json!({"UsernameAttributes": ["email", "phone_number"]}),
            json!({}),
        )
        .await;
    let refused = pool
        .sign_up_with(&phone_pool_client, "jane", json!([]))
        .await;
    assert_eq!(
        refused.unwrap_err(),
        error(
            "InvalidParameterException",
            "Username should be either an email or a phone number."
        )
    );
}

#[tokio::test]
async fn an_email_already_used_in_the_pool_is_refused() {
    let pool = TestPool::start().await;
    let (_, client_id) = email_pool(&pool).await;
    signed_up(&pool, &client_id).await;
    let again = pool
        .sign_up_with(&client_id, "JANE@example.com", json!([]))
        .await;
    assert_eq!(
        again.unwrap_err(),
        error(
            "UsernameExistsException",
            "An account with the given email already exists."
        )
    );
}

#[tokio::test]
async fn confirm_and_sign_in_by_email_with_the_generated_username_for_srp() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = email_pool(&pool).await;
    let sub = confirmed(&pool, &client_id).await;
    assert_eq!(pool.status_of(&pool_id, EMAIL).await, "CONFIRMED");

    let signed_in = pool.sign_in(&pool_id, &client_id, EMAIL).await;
    let tokens = &signed_in["AuthenticationResult"];
    let id = verify_with_jwks(&pool, &pool_id, tokens["IdToken"].as_str().unwrap()).await;
    assert_eq!(id["cognito:username"], sub.as_str());
    assert_eq!(id["email"], EMAIL);
    let me: Value = pool.me(&tokens["AccessToken"]).await;
    assert_eq!(me["Username"], sub.as_str());

    // A wrong password is refused as usual.
    let wrong = pool
        .srp_sign_in(&pool_id, &client_id, EMAIL, "Wrong-pa55word")
        .await;
    assert_eq!(
        wrong.unwrap_err(),
        error("NotAuthorizedException", "Incorrect username or password.")
    );
    // Refresh works for the user signed in by email.
    let refreshed = pool.refresh(&client_id, &tokens["RefreshToken"]).await;
    assert!(refreshed.unwrap()["AuthenticationResult"]["AccessToken"].is_string());
}

#[tokio::test]
async fn the_challenge_names_the_generated_username() {
    let pool = TestPool::start().await;
    let (_, client_id) = email_pool(&pool).await;
    let sub = confirmed(&pool, &client_id).await;
    let srp = aws_cognito_srp::SrpClient::new(
        aws_cognito_srp::User::new("p", EMAIL, PASSWORD),
        &client_id,
        None,
    );
    let challenge = pool
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client_id,
                "AuthParameters": {"USERNAME": EMAIL, "SRP_A": srp.get_auth_parameters().a}}),
        )
        .await
        .unwrap();
    assert_eq!(
        challenge["ChallengeParameters"]["USER_ID_FOR_SRP"],
        sub.as_str()
    );
    assert_eq!(challenge["ChallengeParameters"]["USERNAME"], sub.as_str());
}

#[tokio::test]
async fn forgot_password_by_email() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = email_pool(&pool).await;
    let sub = confirmed(&pool, &client_id).await;
    pool.call(
        "ForgotPassword",
        json!({"ClientId": client_id, "Username": EMAIL}),
    )
    .await
    .unwrap();
    let code = pool.last_code(&sub);
    let new_password = "Battery-st4ple";
    pool.call(
        "ConfirmForgotPassword",
        json!({"ClientId": client_id, "Username": "jane@EXAMPLE.com", "ConfirmationCode": code,
            "Password": new_password}),
    )
    .await
    .unwrap();
    let signed_in = pool
        .srp_sign_in(&pool_id, &client_id, EMAIL, new_password)
        .await
        .unwrap();
    assert!(signed_in["AuthenticationResult"]["IdToken"].is_string());
}

#[tokio::test]
async fn a_pool_without_username_attributes_does_not_resolve_emails() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    assert!(pool.user_exists(&pool_id, "jane").await);
    assert!(!pool.user_exists(&pool_id, "jane@example.com").await);
}

#[tokio::test]
async fn an_administrator_invites_by_email_and_finds_the_user_by_email() {
    let pool = TestPool::start().await;
    let (pool_id, _) = email_pool(&pool).await;
    let invite = json!({"UserPoolId": pool_id, "Username": EMAIL, "MessageAction": "SUPPRESS",
        "TemporaryPassword": PASSWORD});
    let created = pool.call("AdminCreateUser", invite.clone()).await.unwrap();
    let username = created["User"]["Username"].as_str().unwrap().to_owned();
    assert!(
        uuid::Uuid::parse_str(&username).is_ok(),
        "the username is a UUID"
    );
    let user = pool.user(&pool_id, EMAIL).await;
    assert_eq!(user["Username"], username.as_str());
    assert_eq!(user["UserStatus"], "FORCE_CHANGE_PASSWORD");
    assert_eq!(
        pool.call("AdminCreateUser", invite).await.unwrap_err(),
        error(
            "UsernameExistsException",
            "An account with the given email already exists."
        )
    );
    let refused = pool
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": pool_id, "Username": "jane"}),
        )
        .await;
    assert_eq!(
        refused.unwrap_err(),
        error("InvalidParameterException", "Username should be an email.")
    );
}

#[tokio::test]
async fn a_confidential_client_hashes_what_it_sent_as_username() {
    use aws_cognito_srp::{SrpClient, User};
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool
        .pool_with(
            json!({"UsernameAttributes": ["email"]}),
            json!({"GenerateSecret": true}),
        )
        .await;
    let described = pool
        .call(
            "DescribeUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientId": client_id}),
        )
        .await
        .unwrap();
    let secret = described["UserPoolClient"]["ClientSecret"]
        .as_str()
        .unwrap();
    let srp_of = |username: &str| {
        SrpClient::new(
            User::new(&pool_id, username, PASSWORD),
            &client_id,
            Some(secret),
        )
    };
    let hash = |username: &str| srp_of(username).get_secret_hash().unwrap();
    let answer = pool
        .call(
            "SignUp",
            json!({"ClientId": client_id, "Username": EMAIL, "Password": PASSWORD,
                "SecretHash": hash(EMAIL)}),
        )
        .await
        .unwrap();
    let sub = answer["UserSub"].as_str().unwrap().to_owned();
    pool.call(
        "ConfirmSignUp",
        json!({"ClientId": client_id, "Username": EMAIL, "SecretHash": hash(EMAIL),
            "ConfirmationCode": pool.last_code(&sub)}),
    )
    .await
    .unwrap();
    let srp = srp_of(EMAIL);
    let challenge = pool
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client_id,
                "AuthParameters": {"USERNAME": EMAIL, "SRP_A": srp.get_auth_parameters().a,
                    "SECRET_HASH": hash(EMAIL)}}),
        )
        .await
        .unwrap();
    let parameters = &challenge["ChallengeParameters"];
    let text = |name: &str| parameters[name].as_str().unwrap().to_owned();
    let proof = srp
        .verify(
            &text("SECRET_BLOCK"),
            &text("USER_ID_FOR_SRP"),
            &text("SALT"),
            &text("SRP_B"),
        )
        .unwrap();
    // The answer names the user by USER_ID_FOR_SRP and hashes that, as the identity SDK does.
    let signed_in = pool
        .call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": client_id,
                "Session": challenge["Session"], "ChallengeResponses": {
                    "USERNAME": text("USER_ID_FOR_SRP"), "SECRET_HASH": hash(&sub),
                    "PASSWORD_CLAIM_SECRET_BLOCK": proof.password_claim_secret_block,
                    "PASSWORD_CLAIM_SIGNATURE": proof.password_claim_signature,
                    "TIMESTAMP": proof.timestamp}}),
        )
        .await
        .unwrap();
    let refresh_token = &signed_in["AuthenticationResult"]["RefreshToken"];
    let refreshed = pool
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client_id,
                "AuthParameters": {"REFRESH_TOKEN": refresh_token, "SECRET_HASH": hash(&sub)}}),
        )
        .await
        .unwrap();
    assert!(refreshed["AuthenticationResult"]["IdToken"].is_string());
}

#[tokio::test]
async fn an_email_another_user_signs_in_with_cannot_be_taken() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = email_pool(&pool).await;
    confirmed(&pool, &client_id).await;
    let other = pool
        .sign_up_with(&client_id, "john@example.com", json!([]))
        .await
        .unwrap();
    let other = other["UserSub"].as_str().unwrap();
    let taken = pool
        .call(
            "AdminUpdateUserAttributes",
            json!({"UserPoolId": pool_id, "Username": other,
                "UserAttributes": [{"Name": "email", "Value": "JANE@example.com"}]}),
        )
        .await;
    assert_eq!(
        taken.unwrap_err(),
        error(
            "AliasExistsException",
            "An account with the given email already exists."
        )
    );
    assert_eq!(
        pool.attribute_of(&pool_id, other, "email").await,
        Some(json!("john@example.com"))
    );
}

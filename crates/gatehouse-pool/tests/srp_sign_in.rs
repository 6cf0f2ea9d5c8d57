//! SRP sign-in verified for real, tokens checked against the JWKS, refresh, GetUser and
//! GlobalSignOut, over real HTTP with an independent SRP client (`aws-cognito-srp`).

mod common;

use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64URL, Engine};
use common::{code_of, error, verify_with_jwks, TestPool, PASSWORD};
use serde_json::{json, Value};

#[tokio::test]
async fn the_right_password_signs_in_with_tokens_that_verify_against_the_jwks() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    let signed_in = pool.sign_in(&pool_id, &client_id, "jane").await;
    let result = &signed_in["AuthenticationResult"];
    assert_eq!(result["TokenType"], "Bearer");
    assert_eq!(result["ExpiresIn"], 3600);
    assert!(!result["RefreshToken"].as_str().unwrap().is_empty());

    let id = verify_with_jwks(&pool, &pool_id, result["IdToken"].as_str().unwrap()).await;
    let access = verify_with_jwks(&pool, &pool_id, result["AccessToken"].as_str().unwrap()).await;
    assert_eq!(id["token_use"], "id");
    assert_eq!(id["aud"], client_id.as_str());
    assert_eq!(id["cognito:username"], "jane");
    assert_eq!(id["email"], "jane@example.com");
    assert_eq!(id["email_verified"], true);
    assert_eq!(access["token_use"], "access");
    assert_eq!(access["client_id"], client_id.as_str());
    assert_eq!(access["username"], "jane");
    assert_eq!(access["scope"], "aws.cognito.signin.user.admin");
    assert_eq!(id["sub"], access["sub"]);
    assert_eq!(id["origin_jti"], access["origin_jti"]);
    assert!(id["iss"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/{pool_id}")));
    assert_eq!(
        access["exp"].as_i64().unwrap() - access["iat"].as_i64().unwrap(),
        3600
    );

    let me = pool.me(&result["AccessToken"]).await;
    assert_eq!(me["Username"], "jane");
}

#[tokio::test]
async fn a_wrong_password_is_refused_like_cognito() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    let refused = pool
        .srp_sign_in(&pool_id, &client_id, "jane", "Wrong-pa55word")
        .await
        .unwrap_err();
    assert_eq!(
        refused,
        error("NotAuthorizedException", "Incorrect username or password.")
    );
}

#[tokio::test]
async fn an_unconfirmed_user_with_the_right_password_is_told_to_confirm() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.sign_up(&client_id, "jane", "jane@example.com")
        .await
        .unwrap();
    let refused = pool
        .srp_sign_in(&pool_id, &client_id, "jane", PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(
        refused,
        error("UserNotConfirmedException", "User is not confirmed.")
    );
    let wrong = pool
        .srp_sign_in(&pool_id, &client_id, "jane", "Wrong-pa55word")
        .await;
    assert_eq!(
        code_of(wrong),
        "NotAuthorizedException",
        "the password is checked before the status is told"
    );
}

#[tokio::test]
async fn unknown_users_are_named_only_when_the_client_allows_it() {
    let pool = TestPool::start().await;
    let (pool_id, legacy) = pool.pool_and_client(json!({})).await;
    let unknown = pool
        .srp_sign_in(&pool_id, &legacy, "nobody", PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(
        unknown,
        error("UserNotFoundException", "User does not exist.")
    );

    let (pool_id, guarded) = pool
        .pool_and_client(json!({"PreventUserExistenceErrors": "ENABLED"}))
        .await;
    let hidden = pool
        .srp_sign_in(&pool_id, &guarded, "nobody", PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(
        hidden,
        error("NotAuthorizedException", "Incorrect username or password.")
    );
}

#[tokio::test]
async fn refresh_gives_new_tokens_of_the_same_sign_in() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    let first = pool.sign_in(&pool_id, &client_id, "jane").await;
    let refresh = first["AuthenticationResult"]["RefreshToken"].clone();
    pool.time.advance(chrono::Duration::minutes(61));
    let old_access = first["AuthenticationResult"]["AccessToken"].clone();
    let expired = pool
        .call("GetUser", json!({"AccessToken": old_access}))
        .await
        .unwrap_err();
    assert_eq!(
        expired,
        error("NotAuthorizedException", "Access Token has expired")
    );

    let renewed = pool
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client_id,
            "AuthParameters": {"REFRESH_TOKEN": refresh}}),
        )
        .await
        .unwrap();
    let result = &renewed["AuthenticationResult"];
    assert!(
        result.get("RefreshToken").is_none(),
        "Cognito does not rotate refresh tokens by default"
    );
    let access = verify_with_jwks(&pool, &pool_id, result["AccessToken"].as_str().unwrap()).await;
    let original = common_claims(
        first["AuthenticationResult"]["AccessToken"]
            .as_str()
            .unwrap(),
    );
    assert_eq!(access["origin_jti"], original["origin_jti"]);
    assert_eq!(access["auth_time"], original["auth_time"]);
    pool.me(&result["AccessToken"]).await;

    let forged = pool
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client_id,
            "AuthParameters": {"REFRESH_TOKEN": "not-a-token"}}),
        )
        .await
        .unwrap_err();
    assert_eq!(
        forged,
        error("NotAuthorizedException", "Invalid Refresh Token")
    );
}

fn common_claims(token: &str) -> Value {
    serde_json::from_slice(&B64URL.decode(token.split('.').nth(1).unwrap()).unwrap()).unwrap()
}

#[tokio::test]
async fn global_sign_out_revokes_access_and_refresh_tokens_of_every_session() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    let laptop = pool.sign_in(&pool_id, &client_id, "jane").await["AuthenticationResult"].clone();
    let desktop = pool.sign_in(&pool_id, &client_id, "jane").await["AuthenticationResult"].clone();
    pool.call(
        "GlobalSignOut",
        json!({"AccessToken": laptop["AccessToken"]}),
    )
    .await
    .unwrap();

    for tokens in [&laptop, &desktop] {
        let access = pool
            .call("GetUser", json!({"AccessToken": tokens["AccessToken"]}))
            .await
            .unwrap_err();
        assert_eq!(
            access,
            error("NotAuthorizedException", "Access Token has been revoked")
        );
        let refresh = pool
            .call(
                "InitiateAuth",
                json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client_id,
                "AuthParameters": {"REFRESH_TOKEN": tokens["RefreshToken"]}}),
            )
            .await
            .unwrap_err();
        assert_eq!(
            refresh,
            error("NotAuthorizedException", "Refresh Token has been revoked")
        );
    }
    pool.srp_sign_in(&pool_id, &client_id, "jane", PASSWORD)
        .await
        .expect("signing in again works");
}

#[tokio::test]
async fn users_keys_and_sessions_survive_a_restart() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    let before = pool.sign_in(&pool_id, &client_id, "jane").await["AuthenticationResult"].clone();
    let pool = pool.restart().await;
    for token in ["AccessToken", "IdToken"] {
        let claims = verify_with_jwks(&pool, &pool_id, before[token].as_str().unwrap()).await;
        assert_eq!(
            claims["sub"],
            common_claims(before[token].as_str().unwrap())["sub"]
        );
    }
    pool.call("GetUser", json!({"AccessToken": before["AccessToken"]}))
        .await
        .expect("old tokens are still accepted: the pool kept its key");
    pool.srp_sign_in(&pool_id, &client_id, "jane", PASSWORD)
        .await
        .expect("the password still signs in");
    let listed = pool
        .call("ListUserPools", json!({"MaxResults": 10}))
        .await
        .unwrap();
    assert_eq!(listed["UserPools"][0]["Id"], pool_id.as_str());
}

#[tokio::test]
async fn the_password_is_never_stored() {
    let pool = TestPool::start().await;
    let (_, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    let pool = pool.restart().await;
    for entry in std::fs::read_dir(pool.dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!bytes
            .windows(PASSWORD.len())
            .any(|window| window == PASSWORD.as_bytes()));
    }
}

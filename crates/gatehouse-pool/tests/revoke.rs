//! Ending sessions over real HTTP: `RevokeToken`, `GlobalSignOut`, `AdminUserGlobalSignOut`, and
//! token lifetimes from the client's settings.

mod common;

use chrono::Duration;
use common::{code_of, error, verify_with_jwks, TestPool, PASSWORD};
use serde_json::{json, Value};

async fn get_user(pool: &TestPool, tokens: &Value) -> common::Answer {
    pool.call("GetUser", json!({"AccessToken": tokens["AccessToken"]}))
        .await
}

async fn revoke(pool: &TestPool, client_id: &str, token: &Value) -> common::Answer {
    pool.call(
        "RevokeToken",
        json!({"ClientId": client_id, "Token": token}),
    )
    .await
}

fn revoked_access() -> (String, String) {
    error("NotAuthorizedException", "Access Token has been revoked")
}

fn revoked_refresh() -> (String, String) {
    error("NotAuthorizedException", "Refresh Token has been revoked")
}

#[tokio::test]
async fn revoking_a_refresh_token_ends_that_sign_in_only() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    let laptop = pool.tokens(&pool_id, &client_id, "jane", PASSWORD).await;
    let phone = pool.tokens(&pool_id, &client_id, "jane", PASSWORD).await;
    let refreshed = pool
        .refresh(&client_id, &laptop["RefreshToken"])
        .await
        .unwrap()["AuthenticationResult"]
        .clone();

    assert_eq!(
        revoke(&pool, &client_id, &laptop["RefreshToken"]).await,
        Ok(json!({}))
    );
    assert_eq!(get_user(&pool, &laptop).await, Err(revoked_access()));
    assert_eq!(get_user(&pool, &refreshed).await, Err(revoked_access()));
    assert_eq!(
        pool.refresh(&client_id, &laptop["RefreshToken"]).await,
        Err(revoked_refresh())
    );
    // Revoking again is not an error.
    assert_eq!(
        revoke(&pool, &client_id, &laptop["RefreshToken"]).await,
        Ok(json!({}))
    );

    get_user(&pool, &phone)
        .await
        .expect("the other sign-in goes on");
    pool.refresh(&client_id, &phone["RefreshToken"])
        .await
        .expect("the other refresh token still works");
}

async fn other_client(pool: &TestPool, pool_id: &str, settings: Value) -> String {
    let mut request = json!({"UserPoolId": pool_id, "ClientName": "other"});
    for (key, value) in settings.as_object().unwrap() {
        request[key] = value.clone();
    }
    let client = pool.call("CreateUserPoolClient", request).await.unwrap();
    client["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn revoke_token_takes_only_this_clients_refresh_tokens() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    let tokens = pool.tokens(&pool_id, &client_id, "jane", PASSWORD).await;
    for jwt in ["AccessToken", "IdToken"] {
        let refused = revoke(&pool, &client_id, &tokens[jwt]).await;
        assert_eq!(code_of(refused), "UnsupportedTokenTypeException", "{jwt}");
    }
    let elsewhere = other_client(&pool, &pool_id, json!({})).await;
    assert_eq!(
        code_of(revoke(&pool, &elsewhere, &tokens["RefreshToken"]).await),
        "UnauthorizedException"
    );
    let disabled = other_client(&pool, &pool_id, json!({"EnableTokenRevocation": false})).await;
    assert_eq!(
        code_of(revoke(&pool, &disabled, &tokens["RefreshToken"]).await),
        "UnsupportedOperationException"
    );
    let missing = pool
        .call("RevokeToken", json!({"ClientId": client_id}))
        .await;
    assert_eq!(code_of(missing), "InvalidParameterException");
    assert_eq!(
        code_of(revoke(&pool, "no-such-client", &tokens["RefreshToken"]).await),
        "ResourceNotFoundException"
    );
    // None of that revoked anything.
    get_user(&pool, &tokens).await.expect("still signed in");
    pool.refresh(&client_id, &tokens["RefreshToken"])
        .await
        .expect("the refresh token still works");
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_earlier_sign_in() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    pool.confirmed_user(&client_id, "john").await;
    let laptop = pool.tokens(&pool_id, &client_id, "jane", PASSWORD).await;
    let phone = pool.tokens(&pool_id, &client_id, "jane", PASSWORD).await;
    let john = pool.tokens(&pool_id, &client_id, "john", PASSWORD).await;

    assert_eq!(
        pool.call(
            "GlobalSignOut",
            json!({"AccessToken": phone["AccessToken"]})
        )
        .await,
        Ok(json!({}))
    );
    for session in [&laptop, &phone] {
        assert_eq!(get_user(&pool, session).await, Err(revoked_access()));
        assert_eq!(
            pool.refresh(&client_id, &session["RefreshToken"]).await,
            Err(revoked_refresh())
        );
    }
    get_user(&pool, &john)
        .await
        .expect("other users stay signed in");
    let later = pool.tokens(&pool_id, &client_id, "jane", PASSWORD).await;
    get_user(&pool, &later).await.expect("a new sign-in works");
}

#[tokio::test]
async fn an_administrator_signs_a_user_out_everywhere() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    let tokens = pool.tokens(&pool_id, &client_id, "jane", PASSWORD).await;
    let sign_out = |username: &str| {
        pool.call(
            "AdminUserGlobalSignOut",
            json!({"UserPoolId": pool_id, "Username": username}),
        )
    };
    assert_eq!(code_of(sign_out("nobody").await), "UserNotFoundException");
    get_user(&pool, &tokens)
        .await
        .expect("a refused call revokes nothing");
    assert_eq!(sign_out("jane").await, Ok(json!({})));
    assert_eq!(get_user(&pool, &tokens).await, Err(revoked_access()));
    assert_eq!(
        pool.refresh(&client_id, &tokens["RefreshToken"]).await,
        Err(revoked_refresh())
    );
}

#[tokio::test]
async fn token_lifetimes_follow_the_client_settings() {
    let pool = TestPool::start().await;
    // Seconds below Cognito's 5-minute minimum: a deliberate local relaxation for tests.
    let (pool_id, client_id) = pool
        .pool_and_client(json!({
            "AccessTokenValidity": 5, "IdTokenValidity": 7, "RefreshTokenValidity": 60,
            "TokenValidityUnits": {"AccessToken": "seconds", "IdToken": "seconds",
                "RefreshToken": "seconds"}}))
        .await;
    pool.confirmed_user(&client_id, "jane").await;
    let tokens = pool.tokens(&pool_id, &client_id, "jane", PASSWORD).await;
    assert_eq!(tokens["ExpiresIn"], 5);
    let access = verify_with_jwks(&pool, &pool_id, tokens["AccessToken"].as_str().unwrap()).await;
    let id = verify_with_jwks(&pool, &pool_id, tokens["IdToken"].as_str().unwrap()).await;
    assert_eq!(
        access["exp"].as_i64().unwrap() - access["iat"].as_i64().unwrap(),
        5
    );
    assert_eq!(id["exp"].as_i64().unwrap() - id["iat"].as_i64().unwrap(), 7);

    pool.time.advance(Duration::seconds(6));
    assert_eq!(
        get_user(&pool, &tokens).await,
        Err(error("NotAuthorizedException", "Access Token has expired"))
    );
    let renewed = pool
        .refresh(&client_id, &tokens["RefreshToken"])
        .await
        .unwrap()["AuthenticationResult"]
        .clone();
    get_user(&pool, &renewed)
        .await
        .expect("a fresh access token works");

    pool.time.advance(Duration::seconds(60));
    assert_eq!(
        pool.refresh(&client_id, &tokens["RefreshToken"]).await,
        Err(error("NotAuthorizedException", "Refresh Token has expired"))
    );
}

#[tokio::test]
async fn a_client_with_impossible_token_lifetimes_is_refused() {
    let pool = TestPool::start().await;
    let (pool_id, _) = pool.pool_and_client(json!({})).await;
    for settings in [
        json!({"TokenValidityUnits": {"AccessToken": "weeks"}}),
        json!({"AccessTokenValidity": 2, "TokenValidityUnits": {"AccessToken": "days"}}),
        json!({"IdTokenValidity": 0}),
        json!({"RefreshTokenValidity": 3651}),
    ] {
        let mut request = json!({"UserPoolId": pool_id, "ClientName": "bad"});
        for (key, value) in settings.as_object().unwrap() {
            request[key] = value.clone();
        }
        let refused = pool.call("CreateUserPoolClient", request).await;
        assert_eq!(code_of(refused), "InvalidParameterException", "{settings}");
    }
}

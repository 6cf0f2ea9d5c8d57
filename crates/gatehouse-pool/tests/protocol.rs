//! The wire protocol's edges: targets, bodies and bad input get Cognito's errors and change nothing.

mod common;

use common::{code_of, TestPool};
use serde_json::json;

#[tokio::test]
async fn bad_requests_get_cognito_errors() {
    let pool = TestPool::start().await;
    assert_eq!(
        code_of(pool.call("FlyToTheMoon", json!({})).await),
        "UnknownOperationException"
    );
    assert_eq!(
        code_of(pool.call("SignUp", json!([1, 2])).await),
        "SerializationException"
    );
    assert_eq!(
        code_of(pool.call("SignUp", json!({"ClientId": 7})).await),
        "SerializationException"
    );
    assert_eq!(
        code_of(
            pool.call(
                "SignUp",
                json!({"ClientId": "nope", "Username": "a", "Password": "b"})
            )
            .await
        ),
        "ResourceNotFoundException"
    );
    assert_eq!(
        code_of(
            pool.call(
                "DescribeUserPool",
                json!({"UserPoolId": "us-east-1_missing"})
            )
            .await
        ),
        "ResourceNotFoundException"
    );
    assert_eq!(
        code_of(pool.call("GetUser", json!({"AccessToken": "a.b.c"})).await),
        "NotAuthorizedException"
    );
    assert_eq!(
        code_of(pool.call("ListUserPools", json!({})).await),
        "InvalidParameterException"
    );

    let raw = reqwest::Client::new()
        .post(pool.pool.endpoint())
        .header("X-Amz-Target", "AWSCognitoIdentityProviderService.SignUp")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    assert_eq!(raw.headers()["content-type"], "application/x-amz-json-1.1");
    let body: serde_json::Value = raw.json().await.unwrap();
    assert_eq!(body["__type"], "SerializationException");

    let listed = pool
        .call("ListUserPools", json!({"MaxResults": 10}))
        .await
        .unwrap();
    assert_eq!(
        listed["UserPools"],
        json!([]),
        "no refused request created anything"
    );
}

#[tokio::test]
async fn pools_and_clients_describe_what_they_were_created_with() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool
        .pool_and_client(json!({"PreventUserExistenceErrors": "ENABLED"}))
        .await;
    let described = pool
        .call("DescribeUserPool", json!({"UserPoolId": pool_id}))
        .await
        .unwrap();
    assert_eq!(described["UserPool"]["Name"], "test");
    assert_eq!(
        described["UserPool"]["AutoVerifiedAttributes"],
        json!(["email"])
    );
    assert!(pool_id.starts_with("us-east-1_"));
    let client = pool
        .call(
            "DescribeUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientId": client_id}),
        )
        .await
        .unwrap();
    assert_eq!(client["UserPoolClient"]["ClientName"], "desktop");
    assert_eq!(
        client["UserPoolClient"]["PreventUserExistenceErrors"],
        "ENABLED"
    );
    assert_eq!(
        client["UserPoolClient"]["ExplicitAuthFlows"],
        json!(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    );
    let jwks = pool.get("/us-east-1_missing/.well-known/jwks.json").await;
    assert_eq!(jwks.status(), 404);
}

#[tokio::test]
async fn the_local_pool_is_created_once_and_found_after() {
    let pool = TestPool::start().await;
    let first = pool
        .pool
        .ensure_local_pool("gatehouse-local", "gatehouse-desktop")
        .unwrap();
    let again = pool
        .pool
        .ensure_local_pool("gatehouse-local", "gatehouse-desktop")
        .unwrap();
    assert_eq!(first, again);
    assert_eq!(first.region, "us-east-1");
    let pool = pool.restart().await;
    assert_eq!(
        pool.pool
            .ensure_local_pool("gatehouse-local", "gatehouse-desktop")
            .unwrap(),
        first
    );
}

#[tokio::test]
async fn listeners_hear_about_new_outbox_messages() {
    let pool = TestPool::start().await;
    let (_, client_id) = pool.pool_and_client(json!({})).await;
    let mut heard = pool.pool.subscribe_outbox();
    pool.sign_up(&client_id, "jane", "jane@example.com")
        .await
        .unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(5), heard.recv())
        .await
        .unwrap()
        .unwrap();
}

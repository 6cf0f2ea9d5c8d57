//! A pool given admin credentials checks AWS Signature Version 4 on the operations Cognito
//! authorises with IAM, and answers a bad signature as AWS does; requests are signed by the real
//! `aws-sigv4` signer. Sign-up, sign-in and user operations stay unsigned, and a pool without
//! admin credentials checks nothing (the app's embedded pool).

mod common;

use chrono::TimeDelta;
use common::{code_of, error, Signer, TestPool, KEY_ID, MISMATCH, SECRET};
use serde_json::json;

#[tokio::test]
async fn correctly_signed_admin_calls_create_and_describe_a_pool() {
    let pool = TestPool::start_signed(Signer::admin()).await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    let described = pool
        .call("DescribeUserPool", json!({"UserPoolId": pool_id}))
        .await
        .unwrap();
    assert_eq!(described["UserPool"]["Id"], pool_id.as_str());
    let client = pool
        .call(
            "DescribeUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientId": client_id}),
        )
        .await
        .unwrap();
    assert_eq!(client["UserPoolClient"]["ClientId"], client_id.as_str());
    assert_eq!(pool.pool_names().await, ["test"]);
}

#[tokio::test]
async fn an_unsigned_admin_call_is_refused_and_changes_nothing() {
    let pool = TestPool::start_signed(Signer::admin()).await;
    let refused = pool.refused_create("unsigned", &[]).await;
    assert_eq!(
        refused,
        error(
            "MissingAuthenticationTokenException",
            "Missing Authentication Token"
        )
    );
}

#[tokio::test]
async fn a_wrong_secret_does_not_match_the_signature() {
    let pool = TestPool::start_signed(Signer::admin()).await;
    let body = json!({"PoolName": "wrong-secret"}).to_string();
    let headers = pool.signed_by(
        &Signer::new(KEY_ID, "not-the-secret"),
        "CreateUserPool",
        &body,
    );
    let refused = pool.refused_create("wrong-secret", &headers).await;
    assert_eq!(refused, error("InvalidSignatureException", MISMATCH));
}

#[tokio::test]
async fn an_unknown_access_key_is_unrecognised() {
    let pool = TestPool::start_signed(Signer::admin()).await;
    let body = json!({"PoolName": "stranger"}).to_string();
    let headers = pool.signed_by(
        &Signer::new("AKIDSTRANGER", SECRET),
        "CreateUserPool",
        &body,
    );
    let refused = pool.refused_create("stranger", &headers).await;
    assert_eq!(
        refused,
        error(
            "UnrecognizedClientException",
            "The security token included in the request is invalid."
        )
    );
}

#[tokio::test]
async fn a_body_changed_after_signing_is_refused() {
    let pool = TestPool::start_signed(Signer::admin()).await;
    let signed_body = json!({"PoolName": "harmless"}).to_string();
    let headers = pool.signed_by(&Signer::admin(), "CreateUserPool", &signed_body);
    let refused = pool.refused_create("tampered", &headers).await;
    assert_eq!(refused, error("InvalidSignatureException", MISMATCH));
}

#[tokio::test]
async fn a_signature_for_another_operation_is_refused() {
    // The target is signed: a DescribeUserPool signature cannot be replayed as a CreateUserPool.
    let pool = TestPool::start_signed(Signer::admin()).await;
    let body = json!({"PoolName": "replayed"}).to_string();
    let headers = pool.signed_by(&Signer::admin(), "DescribeUserPool", &body);
    let refused = pool.refused_create("replayed", &headers).await;
    assert_eq!(refused, error("InvalidSignatureException", MISMATCH));
}

#[tokio::test]
async fn a_signature_older_than_five_minutes_has_expired() {
    let pool = TestPool::start_signed(Signer::admin()).await;
    let body = json!({"PoolName": "late"}).to_string();
    let signed_at = pool.time.now();
    let headers = pool.signed_by(&Signer::admin(), "CreateUserPool", &body);
    pool.time.advance(TimeDelta::minutes(6));
    let (code, message) = pool.refused_create("late", &headers).await;
    assert_eq!(code, "InvalidSignatureException");
    let stamp = signed_at.format("%Y%m%dT%H%M%SZ").to_string();
    assert!(
        message.starts_with(&format!("Signature expired: {stamp} is now earlier than ")),
        "{message}"
    );
    assert!(message.ends_with(" - 5 min.)"), "{message}");

    // Within the five minutes the same kind of request passes.
    let headers = pool.signed_by(&Signer::admin(), "CreateUserPool", &body);
    pool.time.advance(TimeDelta::minutes(4));
    pool.send("CreateUserPool", body, &headers).await.unwrap();
}

#[tokio::test]
async fn a_signature_from_a_clock_ahead_is_not_yet_current() {
    let pool = TestPool::start_signed(Signer::admin()).await;
    let body = json!({"PoolName": "early"}).to_string();
    let ahead = pool.time.now() + TimeDelta::minutes(6);
    let headers = Signer::admin().sign(&pool.pool.endpoint(), "CreateUserPool", &body, ahead);
    let (code, message) = pool.refused_create("early", &headers).await;
    assert_eq!(code, "InvalidSignatureException");
    assert!(
        message.starts_with("Signature not yet current: "),
        "{message}"
    );
}

#[tokio::test]
async fn a_signature_for_another_service_is_refused() {
    let pool = TestPool::start_signed(Signer::admin()).await;
    let body = json!({"PoolName": "elsewhere"}).to_string();
    let dynamodb = Signer {
        service: "dynamodb",
        ..Signer::admin()
    };
    let headers = pool.signed_by(&dynamodb, "CreateUserPool", &body);
    let refused = pool.refused_create("elsewhere", &headers).await;
    assert_eq!(
        refused,
        error(
            "InvalidSignatureException",
            "Credential should be scoped to correct service: 'cognito-idp'."
        )
    );
}

#[tokio::test]
async fn a_malformed_authorization_header_is_an_incomplete_signature() {
    let pool = TestPool::start_signed(Signer::admin()).await;
    let body = json!({"PoolName": "malformed"}).to_string();
    let mut headers = pool.signed_by(&Signer::admin(), "CreateUserPool", &body);
    for (name, value) in &mut headers {
        if name.eq_ignore_ascii_case("authorization") {
            *value = value.split(", Signature=").next().unwrap().to_owned();
        }
    }
    let refused = pool.refused_create("malformed", &headers).await;
    assert_eq!(
        refused,
        error(
            "IncompleteSignatureException",
            "Authorization header requires 'Signature' parameter."
        )
    );
}

#[tokio::test]
async fn temporary_credentials_with_a_session_token_are_accepted_for_the_same_key() {
    let pool = TestPool::start_signed(Signer::admin()).await;
    let sts = Signer {
        session_token: Some("FwoGZXIvYXdzEXAMPLESESSIONTOKEN".into()),
        ..Signer::admin()
    };
    let body = json!({"PoolName": "from-sts"}).to_string();
    let headers = pool.signed_by(&sts, "CreateUserPool", &body);
    assert!(headers
        .iter()
        .any(|(name, _)| name == "x-amz-security-token"));
    pool.send("CreateUserPool", body, &headers).await.unwrap();
    assert_eq!(pool.pool_names().await, ["from-sts"]);
}

#[tokio::test]
async fn sign_up_and_sign_in_stay_unsigned_when_admin_credentials_are_set() {
    let mut pool = TestPool::start_signed(Signer::admin()).await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.stop_signing();
    // SignUp, ConfirmSignUp, InitiateAuth, RespondToAuthChallenge, GetUser: all unsigned.
    pool.confirmed_user(&client_id, "jane").await;
    let tokens = pool.sign_in(&pool_id, &client_id, "jane").await;
    let me = pool
        .me(&tokens["AuthenticationResult"]["AccessToken"])
        .await;
    assert_eq!(me["Username"], "jane");
    // The same unsigned client is refused on an admin operation.
    assert_eq!(
        code_of(
            pool.call(
                "AdminGetUser",
                json!({"UserPoolId": pool_id, "Username": "jane"})
            )
            .await
        ),
        "MissingAuthenticationTokenException"
    );
}

#[tokio::test]
async fn without_admin_credentials_admin_calls_are_not_checked() {
    let pool = TestPool::start().await;
    pool.call("CreateUserPool", json!({"PoolName": "unsigned"}))
        .await
        .expect("an unsigned admin call passes");
    let body = json!({"PoolName": "any-signature"}).to_string();
    let headers = pool.signed_by(
        &Signer::new("AKIDANYONE", "whatever"),
        "CreateUserPool",
        &body,
    );
    pool.send("CreateUserPool", body, &headers)
        .await
        .expect("a signature is not checked either");
}

//! Account security over real HTTP: changing the password (a wrong previous password counts
//! towards the sign-in lockout), deleting the account, and signed-out tokens refused by every
//! account operation.

mod common;

use chrono::Duration;
use common::{code_of, error, TestPool, PASSWORD};
use serde_json::{json, Value};

const NEW_PASSWORD: &str = "Battery-stap1e";

async fn change_password(
    pool: &TestPool,
    tokens: &Value,
    previous: &str,
    new: &str,
) -> common::Answer {
    pool.call(
        "ChangePassword",
        json!({"AccessToken": tokens["AccessToken"], "PreviousPassword": previous,
            "ProposedPassword": new}),
    )
    .await
}

#[tokio::test]
async fn changing_the_password_keeps_the_session_and_refusals_keep_the_old_password() {
    let pool = TestPool::start().await;
    let (pool_id, client_id, tokens) = pool.jane_signed_in(json!(["email"])).await;
    assert_eq!(
        change_password(&pool, &tokens, "Wrong-pa55word", NEW_PASSWORD).await,
        Err(error(
            "NotAuthorizedException",
            "Incorrect username or password."
        ))
    );
    assert_eq!(
        change_password(&pool, &tokens, PASSWORD, "short").await,
        Err(error(
            "InvalidPasswordException",
            "Password did not conform with policy: Password not long enough"
        ))
    );
    pool.srp_sign_in(&pool_id, &client_id, "jane", PASSWORD)
        .await
        .expect("unchanged");

    assert_eq!(
        change_password(&pool, &tokens, PASSWORD, NEW_PASSWORD).await,
        Ok(json!({}))
    );
    pool.me(&tokens["AccessToken"]).await;
    pool.refresh(&client_id, &tokens["RefreshToken"])
        .await
        .expect("the session goes on");
    assert_eq!(
        pool.srp_sign_in(&pool_id, &client_id, "jane", PASSWORD)
            .await,
        Err(error(
            "NotAuthorizedException",
            "Incorrect username or password."
        ))
    );
    pool.srp_sign_in(&pool_id, &client_id, "jane", NEW_PASSWORD)
        .await
        .expect("the new password");
}

#[tokio::test]
async fn wrong_previous_passwords_lock_password_sign_in() {
    let pool = TestPool::start().await;
    let (pool_id, client_id, tokens) = pool.jane_signed_in(json!(["email"])).await;
    for _ in 0..5 {
        let wrong = change_password(&pool, &tokens, "Wrong-pa55word", NEW_PASSWORD).await;
        assert_eq!(code_of(wrong), "NotAuthorizedException");
    }
    let locked = Err(error(
        "NotAuthorizedException",
        "Password attempts exceeded",
    ));
    assert_eq!(
        change_password(&pool, &tokens, PASSWORD, NEW_PASSWORD).await,
        locked
    );
    assert_eq!(
        pool.srp_sign_in(&pool_id, &client_id, "jane", PASSWORD)
            .await,
        locked
    );
    pool.time.advance(Duration::seconds(61));
    assert_eq!(
        change_password(&pool, &tokens, PASSWORD, NEW_PASSWORD).await,
        Ok(json!({}))
    );
}

#[tokio::test]
async fn a_deleted_account_leaves_nothing_and_its_tokens_stop_working() {
    let pool = TestPool::start().await;
    let (pool_id, client_id, tokens) = pool.jane_signed_in(json!(["email"])).await;
    let delete = json!({"AccessToken": tokens["AccessToken"]});
    assert_eq!(pool.call("DeleteUser", delete.clone()).await, Ok(json!({})));
    assert!(!pool.user_exists(&pool_id, "jane").await);
    let me = pool
        .call("GetUser", json!({"AccessToken": tokens["AccessToken"]}))
        .await;
    assert_eq!(code_of(me), "NotAuthorizedException");
    assert_eq!(
        code_of(pool.call("DeleteUser", delete).await),
        "NotAuthorizedException"
    );
    assert_eq!(
        code_of(pool.refresh(&client_id, &tokens["RefreshToken"]).await),
        "NotAuthorizedException"
    );
    let sign_in = pool
        .srp_sign_in(&pool_id, &client_id, "jane", PASSWORD)
        .await;
    assert_eq!(code_of(sign_in), "UserNotFoundException");
    // The name is free again, with nothing carried over.
    pool.confirmed_user(&client_id, "jane").await;
    let again = pool.tokens(&pool_id, &client_id, "jane", PASSWORD).await;
    assert!(pool
        .my_attributes(&again)
        .await
        .get("custom:team")
        .is_none());
}

#[tokio::test]
async fn signed_out_tokens_are_refused_by_every_account_operation() {
    let pool = TestPool::start().await;
    let (pool_id, _, tokens) = pool.jane_signed_in(json!(["email"])).await;
    pool.call(
        "GlobalSignOut",
        json!({"AccessToken": tokens["AccessToken"]}),
    )
    .await
    .unwrap();
    let access = &tokens["AccessToken"];
    let calls = [
        (
            "UpdateUserAttributes",
            json!({"AccessToken": access, "UserAttributes": [{"Name": "custom:team", "Value": "red"}]}),
        ),
        (
            "DeleteUserAttributes",
            json!({"AccessToken": access, "UserAttributeNames": ["custom:team"]}),
        ),
        (
            "GetUserAttributeVerificationCode",
            json!({"AccessToken": access, "AttributeName": "email"}),
        ),
        (
            "VerifyUserAttribute",
            json!({"AccessToken": access, "AttributeName": "email", "Code": "123456"}),
        ),
        (
            "ChangePassword",
            json!({"AccessToken": access, "PreviousPassword": PASSWORD, "ProposedPassword": NEW_PASSWORD}),
        ),
        ("DeleteUser", json!({"AccessToken": access})),
    ];
    for (operation, request) in calls {
        assert_eq!(
            pool.call(operation, request).await,
            Err(error(
                "NotAuthorizedException",
                "Access Token has been revoked"
            )),
            "{operation}"
        );
    }
    assert_eq!(
        pool.attribute_of(&pool_id, "jane", "custom:team").await,
        Some(json!("blue"))
    );
}

//! A user an administrator sent to reset their password cannot sign in with the old one.

mod common;

use common::{error, TestPool, PASSWORD};
use serde_json::json;

#[tokio::test]
async fn a_user_whose_password_an_administrator_reset_is_told_to_reset_it() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    pool.call(
        "AdminResetUserPassword",
        json!({"UserPoolId": pool_id, "Username": "jane"}),
    )
    .await
    .unwrap();
    let refused = pool
        .srp_sign_in(&pool_id, &client_id, "jane", PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(
        refused,
        error(
            "PasswordResetRequiredException",
            "Password reset required for the user"
        )
    );
}

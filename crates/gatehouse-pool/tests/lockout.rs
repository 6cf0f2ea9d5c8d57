//! Guessing passwords: five wrong passwords in a row lock a user's password sign-in for a minute,
//! each further wrong one doubles the lock, and the right password after the lock clears it.

mod common;

use chrono::Duration;
use common::{error, TestPool, PASSWORD};
use serde_json::json;

const WRONG: &str = "Wrong-pa55word";

fn refused(message: &str) -> (String, String) {
    error("NotAuthorizedException", message)
}

#[tokio::test]
async fn five_wrong_passwords_lock_sign_in_until_the_lock_ends() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    for _ in 0..5 {
        let wrong = pool.srp_sign_in(&pool_id, &client_id, "jane", WRONG).await;
        assert_eq!(
            wrong.unwrap_err(),
            refused("Incorrect username or password.")
        );
    }
    let locked = pool
        .srp_sign_in(&pool_id, &client_id, "jane", PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(
        locked,
        refused("Password attempts exceeded"),
        "even the right password waits for the lock"
    );

    pool.time.advance(Duration::seconds(61));
    let wrong = pool.srp_sign_in(&pool_id, &client_id, "jane", WRONG).await;
    assert_eq!(
        wrong.unwrap_err(),
        refused("Incorrect username or password.")
    );
    pool.time.advance(Duration::seconds(61));
    let still = pool
        .srp_sign_in(&pool_id, &client_id, "jane", PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(
        still,
        refused("Password attempts exceeded"),
        "the sixth wrong password locked for two minutes"
    );

    pool.time.advance(Duration::seconds(60));
    pool.srp_sign_in(&pool_id, &client_id, "jane", PASSWORD)
        .await
        .expect("the lock has ended");
    let wrong = pool.srp_sign_in(&pool_id, &client_id, "jane", WRONG).await;
    assert_eq!(
        wrong.unwrap_err(),
        refused("Incorrect username or password.")
    );
    pool.srp_sign_in(&pool_id, &client_id, "jane", PASSWORD)
        .await
        .expect("a success cleared the count");
}

#[tokio::test]
async fn one_users_lock_does_not_lock_another() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    pool.confirmed_user(&client_id, "noah").await;
    for _ in 0..5 {
        let _ = pool.srp_sign_in(&pool_id, &client_id, "jane", WRONG).await;
    }
    pool.srp_sign_in(&pool_id, &client_id, "noah", PASSWORD)
        .await
        .expect("noah is not locked");
}

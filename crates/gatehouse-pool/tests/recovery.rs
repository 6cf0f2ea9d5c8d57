//! Account recovery over real HTTP: `ForgotPassword`, `ConfirmForgotPassword`,
//! `AdminResetUserPassword`, and the bound on how often codes are sent.

mod common;

use chrono::Duration;
use common::{code_of, error, other_code, TestPool, PASSWORD};
use serde_json::{json, Value};

const NEW_PASSWORD: &str = "Battery-st4ple";

async fn forgot(pool: &TestPool, client_id: &str, username: &str) -> common::Answer {
    pool.call(
        "ForgotPassword",
        json!({"ClientId": client_id, "Username": username}),
    )
    .await
}

async fn confirm(
    pool: &TestPool,
    client_id: &str,
    username: &str,
    code: &str,
    password: &str,
) -> common::Answer {
    pool.call(
        "ConfirmForgotPassword",
        json!({"ClientId": client_id, "Username": username, "ConfirmationCode": code,
            "Password": password}),
    )
    .await
}

/// A pool, a confirmed user "jane", and the reset code she was sent.
async fn jane_with_a_reset_code() -> (TestPool, String, String, String) {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    forgot(&pool, &client_id, "jane").await.unwrap();
    let code = pool.last_code("jane");
    (pool, pool_id, client_id, code)
}

#[tokio::test]
async fn resetting_a_forgotten_password_with_the_emailed_code() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;

    let answer = forgot(&pool, &client_id, "jane").await.unwrap();
    assert_eq!(
        answer["CodeDeliveryDetails"],
        json!({"AttributeName": "email", "DeliveryMedium": "EMAIL", "Destination": "j***@e***.com"})
    );
    let sent = pool.outbox_of("jane").pop().unwrap();
    assert_eq!(
        (sent.purpose.as_str(), sent.medium.as_str()),
        ("FORGOT_PASSWORD", "EMAIL")
    );
    assert_eq!(sent.destination, "jane@example.com");

    assert_eq!(
        confirm(&pool, &client_id, "jane", &sent.code, NEW_PASSWORD).await,
        Ok(json!({}))
    );
    assert_eq!(pool.status_of(&pool_id, "jane").await, "CONFIRMED");
    pool.srp_sign_in(&pool_id, &client_id, "jane", NEW_PASSWORD)
        .await
        .expect("the new password signs in");
    assert_eq!(
        pool.srp_sign_in(&pool_id, &client_id, "jane", PASSWORD)
            .await
            .unwrap_err(),
        error("NotAuthorizedException", "Incorrect username or password.")
    );
    // A code works once.
    assert_eq!(
        confirm(&pool, &client_id, "jane", &sent.code, PASSWORD).await,
        Err(error(
            "CodeMismatchException",
            "Invalid verification code provided, please try again."
        ))
    );
}

#[tokio::test]
async fn a_refused_reset_changes_nothing() {
    let (pool, pool_id, client_id, code) = jane_with_a_reset_code().await;

    assert_eq!(
        confirm(&pool, &client_id, "jane", &code, "weak").await,
        Err(error(
            "InvalidPasswordException",
            "Password did not conform with policy: Password not long enough"
        ))
    );
    assert_eq!(
        confirm(&pool, &client_id, "jane", &other_code(&code), NEW_PASSWORD).await,
        Err(error(
            "CodeMismatchException",
            "Invalid verification code provided, please try again."
        ))
    );
    let missing = pool
        .call(
            "ConfirmForgotPassword",
            json!({"ClientId": client_id, "Username": "jane", "ConfirmationCode": code}),
        )
        .await;
    assert_eq!(code_of(missing), "InvalidParameterException");
    // The old password still works, and the code is still good.
    pool.srp_sign_in(&pool_id, &client_id, "jane", PASSWORD)
        .await
        .expect("the old password still signs in");
    assert_eq!(
        confirm(&pool, &client_id, "jane", &code, NEW_PASSWORD).await,
        Ok(json!({}))
    );
}

#[tokio::test]
async fn five_wrong_codes_burn_the_reset_code_until_a_new_one_is_asked_for() {
    let (pool, pool_id, client_id, code) = jane_with_a_reset_code().await;
    for _ in 0..5 {
        let wrong = confirm(&pool, &client_id, "jane", &other_code(&code), NEW_PASSWORD).await;
        assert_eq!(code_of(wrong), "CodeMismatchException");
    }
    assert_eq!(
        confirm(&pool, &client_id, "jane", &code, NEW_PASSWORD).await,
        Err(error(
            "LimitExceededException",
            "Attempt limit exceeded, please try after some time."
        ))
    );
    pool.srp_sign_in(&pool_id, &client_id, "jane", PASSWORD)
        .await
        .expect("the password is unchanged");

    forgot(&pool, &client_id, "jane").await.unwrap();
    let fresh = pool.last_code("jane");
    assert_eq!(
        confirm(&pool, &client_id, "jane", &fresh, NEW_PASSWORD).await,
        Ok(json!({}))
    );
}

#[tokio::test]
async fn a_reset_code_expires_after_an_hour() {
    let (pool, pool_id, client_id, code) = jane_with_a_reset_code().await;
    pool.time.advance(Duration::minutes(61));
    assert_eq!(
        confirm(&pool, &client_id, "jane", &code, NEW_PASSWORD).await,
        Err(error(
            "ExpiredCodeException",
            "Invalid code provided, please request a code again."
        ))
    );
    assert_eq!(pool.status_of(&pool_id, "jane").await, "CONFIRMED");
}

#[tokio::test]
async fn asking_for_codes_too_often_is_refused_for_an_hour() {
    let pool = TestPool::start().await;
    let (_, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    for _ in 0..5 {
        forgot(&pool, &client_id, "jane").await.unwrap();
    }
    let sent = pool.outbox_of("jane").len();
    assert_eq!(
        forgot(&pool, &client_id, "jane").await,
        Err(error(
            "LimitExceededException",
            "Attempt limit exceeded, please try after some time."
        ))
    );
    assert_eq!(pool.outbox_of("jane").len(), sent, "nothing more was sent");
    pool.time.advance(Duration::minutes(61));
    forgot(&pool, &client_id, "jane")
        .await
        .expect("the bound is per hour");

    // Sign-up codes: the first one counts, then four resends.
    pool.sign_up(&client_id, "john", "john@example.com")
        .await
        .unwrap();
    let resend = || {
        pool.call(
            "ResendConfirmationCode",
            json!({"ClientId": client_id, "Username": "john"}),
        )
    };
    for _ in 0..4 {
        resend().await.unwrap();
    }
    assert_eq!(code_of(resend().await), "LimitExceededException");
    assert_eq!(pool.outbox_of("john").len(), 5);
}

#[tokio::test]
async fn unknown_users_get_a_plausible_answer_when_existence_errors_are_prevented() {
    let pool = TestPool::start().await;
    let (pool_id, open) = pool.pool_and_client(json!({})).await;
    let guarded = pool
        .call(
            "CreateUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientName": "guarded",
                "PreventUserExistenceErrors": "ENABLED"}),
        )
        .await
        .unwrap()["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap()
        .to_owned();

    let answer = forgot(&pool, &guarded, "nobody").await.unwrap();
    let details = &answer["CodeDeliveryDetails"];
    assert_eq!(details["DeliveryMedium"], "EMAIL");
    assert_eq!(details["AttributeName"], "email");
    assert!(details["Destination"].as_str().unwrap().contains("***@"));
    assert_eq!(forgot(&pool, &guarded, "nobody").await.unwrap(), answer);
    assert_eq!(
        code_of(confirm(&pool, &guarded, "nobody", "123456", NEW_PASSWORD).await),
        "CodeMismatchException"
    );
    let resent = pool
        .call(
            "ResendConfirmationCode",
            json!({"ClientId": guarded, "Username": "nobody"}),
        )
        .await
        .unwrap();
    assert_eq!(resent["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    let confirmed = pool.confirm_sign_up(&guarded, "nobody", "123456").await;
    assert_eq!(code_of(confirmed), "CodeMismatchException");
    assert!(pool.outbox_of("nobody").is_empty());

    assert_eq!(
        forgot(&pool, &open, "nobody").await,
        Err(error("UserNotFoundException", "User does not exist."))
    );
    assert_eq!(
        code_of(confirm(&pool, &open, "nobody", "123456", NEW_PASSWORD).await),
        "UserNotFoundException"
    );
}

#[tokio::test]
async fn a_user_without_a_verified_email_cannot_reset() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.sign_up(&client_id, "jane", "jane@example.com")
        .await
        .unwrap();
    let before = pool.outbox_of("jane").len();
    assert_eq!(
        forgot(&pool, &client_id, "jane").await,
        Err(error("InvalidParameterException", "Cannot reset password for the user as there is no registered/verified email or phone_number"))
    );
    assert_eq!(pool.outbox_of("jane").len(), before);
    assert_eq!(pool.status_of(&pool_id, "jane").await, "UNCONFIRMED");
}

#[tokio::test]
async fn an_administrator_reset_requires_the_user_to_choose_a_new_password() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    let reset = |username: &str| {
        pool.call(
            "AdminResetUserPassword",
            json!({"UserPoolId": pool_id, "Username": username}),
        )
    };
    assert_eq!(code_of(reset("nobody").await), "UserNotFoundException");
    pool.sign_up(&client_id, "john", "john@example.com")
        .await
        .unwrap();
    assert_eq!(
        reset("john").await,
        Err(error(
            "NotAuthorizedException",
            "User password cannot be reset in the current state."
        ))
    );
    assert_eq!(pool.status_of(&pool_id, "john").await, "UNCONFIRMED");
    assert_eq!(reset("jane").await, Ok(json!({})));
    assert_eq!(pool.status_of(&pool_id, "jane").await, "RESET_REQUIRED");
    let sent = pool.outbox_of("jane").pop().unwrap();
    assert_eq!(sent.purpose, "FORGOT_PASSWORD");

    assert_eq!(
        confirm(&pool, &client_id, "jane", &sent.code, NEW_PASSWORD).await,
        Ok(json!({}))
    );
    assert_eq!(pool.status_of(&pool_id, "jane").await, "CONFIRMED");
    pool.srp_sign_in(&pool_id, &client_id, "jane", NEW_PASSWORD)
        .await
        .expect("the new password signs in");
}

/// Cognito leaves existing sessions alone after a reset (an app ends them with GlobalSignOut).
#[tokio::test]
async fn a_reset_does_not_end_existing_sessions() {
    let (pool, pool_id, client_id, code) = jane_with_a_reset_code().await;
    let tokens = pool.tokens(&pool_id, &client_id, "jane", PASSWORD).await;
    confirm(&pool, &client_id, "jane", &code, NEW_PASSWORD)
        .await
        .unwrap();
    let refreshed: Value = pool
        .refresh(&client_id, &tokens["RefreshToken"])
        .await
        .unwrap();
    assert!(refreshed["AuthenticationResult"]["AccessToken"].is_string());
}

//! Sign-up, confirmation codes and the outbox, over real HTTP.

mod common;

use common::{code_of, error, other_code, TestPool};
use serde_json::json;

#[tokio::test]
async fn signing_up_sends_a_code_to_the_outbox_and_masks_the_destination() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    let answer = pool
        .sign_up(&client_id, "jane", "jane@example.com")
        .await
        .unwrap();
    assert_eq!(answer["UserConfirmed"], false);
    assert_eq!(answer["UserSub"].as_str().unwrap().len(), 36);
    assert_eq!(
        answer["CodeDeliveryDetails"],
        json!({"AttributeName": "email", "DeliveryMedium": "EMAIL", "Destination": "j***@e***.com"})
    );

    let listed: serde_json::Value = pool
        .get("/_gatehouse/outbox?username=jane")
        .await
        .json()
        .await
        .unwrap();
    let message = &listed.as_array().unwrap()[0];
    assert_eq!(message["poolId"], pool_id.as_str());
    assert_eq!(message["destination"], "jane@example.com");
    assert_eq!(message["medium"], "EMAIL");
    assert_eq!(message["purpose"], "SIGN_UP");
    assert!(message["code"]
        .as_str()
        .unwrap()
        .chars()
        .all(|c| c.is_ascii_digit()));
    assert_eq!(message["code"].as_str().unwrap().len(), 6);
    let others: serde_json::Value = pool
        .get("/_gatehouse/outbox?username=someone-else")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(others, json!([]));
}

#[tokio::test]
async fn sign_up_refuses_bad_input_and_changes_nothing() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    let weak = pool
        .call(
            "SignUp",
            json!({"ClientId": client_id, "Username": "jane", "Password": "short"}),
        )
        .await
        .unwrap_err();
    assert_eq!(weak.0, "InvalidPasswordException");
    assert_eq!(
        weak.1,
        "Password did not conform with policy: Password not long enough"
    );
    let bad_email = pool.sign_up(&client_id, "jane", "not-an-email").await;
    assert_eq!(
        bad_email.unwrap_err(),
        error("InvalidParameterException", "Invalid email address format.")
    );
    let undeclared = pool
        .sign_up_with(
            &client_id,
            "jane",
            json!([{"Name": "custom:flavour", "Value": "mint"}]),
        )
        .await;
    assert_eq!(code_of(undeclared), "InvalidParameterException");
    let missing = pool
        .call("SignUp", json!({"ClientId": client_id, "Username": "jane"}))
        .await;
    assert_eq!(code_of(missing), "InvalidParameterException");

    assert!(
        !pool.user_exists(&pool_id, "jane").await,
        "no refused sign-up left a user behind"
    );
    assert!(
        pool.pool.outbox(None).unwrap().is_empty(),
        "no refused sign-up sent a code"
    );
}

#[tokio::test]
async fn a_username_can_be_taken_once() {
    let pool = TestPool::start().await;
    let (_, client_id) = pool.pool_and_client(json!({})).await;
    pool.sign_up(&client_id, "jane", "jane@example.com")
        .await
        .unwrap();
    let again = pool
        .sign_up(&client_id, "jane", "other@example.com")
        .await
        .unwrap_err();
    assert_eq!(
        again,
        error("UsernameExistsException", "User already exists")
    );
}

#[tokio::test]
async fn the_right_code_confirms_and_verifies_the_email() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.sign_up(&client_id, "jane", "jane@example.com")
        .await
        .unwrap();
    let code = pool.last_code("jane");
    pool.confirm_sign_up(&client_id, "jane", &code)
        .await
        .unwrap();

    assert_eq!(pool.status_of(&pool_id, "jane").await, "CONFIRMED");
    assert_eq!(
        pool.attribute_of(&pool_id, "jane", "email_verified").await,
        Some(json!("true"))
    );
    assert_eq!(
        code_of(pool.confirm_sign_up(&client_id, "jane", &code).await),
        "NotAuthorizedException",
        "a confirmed user stays confirmed once"
    );
}

#[tokio::test]
async fn wrong_codes_are_refused_and_five_burn_the_code() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.sign_up(&client_id, "jane", "jane@example.com")
        .await
        .unwrap();
    let right = pool.last_code("jane");
    let wrong = other_code(&right);
    for _ in 0..5 {
        let refused = pool
            .confirm_sign_up(&client_id, "jane", &wrong)
            .await
            .unwrap_err();
        assert_eq!(
            refused,
            error(
                "CodeMismatchException",
                "Invalid verification code provided, please try again."
            )
        );
    }
    assert_eq!(
        code_of(pool.confirm_sign_up(&client_id, "jane", &right).await),
        "LimitExceededException"
    );
    assert_eq!(pool.status_of(&pool_id, "jane").await, "UNCONFIRMED");

    pool.call(
        "ResendConfirmationCode",
        json!({"ClientId": client_id, "Username": "jane"}),
    )
    .await
    .unwrap();
    let fresh = pool.last_code("jane");
    pool.confirm_sign_up(&client_id, "jane", &fresh)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_code_expires_after_24_hours() {
    let pool = TestPool::start().await;
    let (_, client_id) = pool.pool_and_client(json!({})).await;
    pool.sign_up(&client_id, "jane", "jane@example.com")
        .await
        .unwrap();
    let code = pool.last_code("jane");
    pool.time
        .advance(chrono::Duration::hours(24) + chrono::Duration::seconds(1));
    let late = pool.confirm_sign_up(&client_id, "jane", &code).await;
    assert_eq!(code_of(late), "ExpiredCodeException");
}

#[tokio::test]
async fn resending_replaces_the_code_and_admins_can_confirm() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.sign_up(&client_id, "jane", "jane@example.com")
        .await
        .unwrap();
    let first = pool.last_code("jane");
    let resent = pool
        .call(
            "ResendConfirmationCode",
            json!({"ClientId": client_id, "Username": "jane"}),
        )
        .await
        .unwrap();
    assert_eq!(
        resent["CodeDeliveryDetails"]["Destination"],
        "j***@e***.com"
    );
    assert_eq!(pool.pool.outbox(Some("jane")).unwrap().len(), 2);
    let second = pool.last_code("jane");
    if first != second {
        let stale = pool.confirm_sign_up(&client_id, "jane", &first).await;
        assert_eq!(
            code_of(stale),
            "CodeMismatchException",
            "only the newest code counts"
        );
    }
    pool.call(
        "AdminConfirmSignUp",
        json!({"UserPoolId": pool_id, "Username": "jane"}),
    )
    .await
    .unwrap();
    assert_eq!(pool.status_of(&pool_id, "jane").await, "CONFIRMED");
    let resend = pool
        .call(
            "ResendConfirmationCode",
            json!({"ClientId": client_id, "Username": "jane"}),
        )
        .await;
    assert_eq!(code_of(resend), "InvalidParameterException");
}

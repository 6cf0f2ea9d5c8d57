//! Users an administrator creates: the temporary password in the outbox, `NEW_PASSWORD_REQUIRED`
//! on the first sign-in with the attributes the pool requires, and the temporary password's expiry.

mod common;

use chrono::Duration;
use common::{code_of, error, json_in, TestPool};
use serde_json::{json, Value};

const NEW_PASSWORD: &str = "Brand-new-pa55";

/// A pool that requires `phone_number`, and its client.
async fn pool_requiring_a_phone(pool: &TestPool) -> (String, String) {
    pool.pool_with(
        json!({"Schema": [
            {"Name": "email", "AttributeDataType": "String", "Required": true, "Mutable": true},
            {"Name": "phone_number", "AttributeDataType": "String", "Required": true, "Mutable": true}],
            "Policies": {"PasswordPolicy": {"MinimumLength": 10, "TemporaryPasswordValidityDays": 3}}}),
        json!({}),
    )
    .await
}

async fn invite(pool: &TestPool, pool_id: &str, extra: Value) -> Value {
    let mut request = json!({"UserPoolId": pool_id, "Username": "jane",
        "UserAttributes": [{"Name": "email", "Value": "jane@example.com"}],
        "DesiredDeliveryMediums": ["EMAIL"]});
    for (key, value) in extra.as_object().unwrap() {
        request[key] = value.clone();
    }
    pool.call("AdminCreateUser", request).await.unwrap()
}

#[tokio::test]
async fn an_invited_user_sets_a_new_password_and_the_missing_required_attribute() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool_requiring_a_phone(&pool).await;
    let created = invite(&pool, &pool_id, json!({})).await;
    assert_eq!(created["User"]["UserStatus"], "FORCE_CHANGE_PASSWORD");
    assert_eq!(created["User"]["Enabled"], true);

    let invitation = pool.pool.outbox(Some("jane")).unwrap().pop().unwrap();
    assert_eq!(invitation.purpose, "TEMPORARY_PASSWORD");
    assert_eq!(invitation.medium, "EMAIL");
    assert_eq!(invitation.destination, "jane@example.com");
    let temporary = invitation.code;
    assert!(
        temporary.len() >= 12,
        "a generated password meets the policy"
    );

    let challenge = pool
        .srp_sign_in(&pool_id, &client_id, "jane", &temporary)
        .await
        .unwrap();
    assert_eq!(challenge["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let parameters = &challenge["ChallengeParameters"];
    let required = json_in(&parameters["requiredAttributes"]);
    assert_eq!(required, json!(["userAttributes.phone_number"]));
    let attributes = json_in(&parameters["userAttributes"]);
    assert_eq!(attributes["email"], "jane@example.com");

    let session = &challenge["Session"];
    let missing = pool
        .respond(
            &client_id,
            "NEW_PASSWORD_REQUIRED",
            session,
            "jane",
            json!({"NEW_PASSWORD": NEW_PASSWORD}),
        )
        .await
        .unwrap_err();
    assert_eq!(
        missing,
        error(
            "InvalidParameterException",
            "Invalid attributes given, phone_number is missing"
        )
    );
    let weak = pool
        .respond(
            &client_id,
            "NEW_PASSWORD_REQUIRED",
            session,
            "jane",
            json!({"NEW_PASSWORD": "Short-1", "userAttributes.phone_number": "+447700900123"}),
        )
        .await;
    assert_eq!(code_of(weak), "InvalidPasswordException");
    let signed_in = pool
        .respond(
            &client_id,
            "NEW_PASSWORD_REQUIRED",
            session,
            "jane",
            json!({"NEW_PASSWORD": NEW_PASSWORD, "userAttributes.phone_number": "+447700900123"}),
        )
        .await
        .unwrap();
    assert!(signed_in["AuthenticationResult"]["AccessToken"].is_string());

    assert_eq!(pool.status_of(&pool_id, "jane").await, "CONFIRMED");
    assert_eq!(
        pool.attribute_of(&pool_id, "jane", "phone_number").await,
        Some(json!("+447700900123"))
    );

    let again = pool
        .srp_sign_in(&pool_id, &client_id, "jane", NEW_PASSWORD)
        .await
        .unwrap();
    assert!(again["AuthenticationResult"]["AccessToken"].is_string());
    let old = pool
        .srp_sign_in(&pool_id, &client_id, "jane", &temporary)
        .await;
    assert_eq!(code_of(old), "NotAuthorizedException");
}

#[tokio::test]
async fn a_temporary_password_expires_after_the_pools_validity() {
    let four_days_ago = chrono::Utc::now() - Duration::days(4);
    let pool = TestPool::start_at(four_days_ago).await;
    let (pool_id, client_id) = pool_requiring_a_phone(&pool).await;
    invite(
        &pool,
        &pool_id,
        json!({"TemporaryPassword": "Given-temp-1234"}),
    )
    .await;
    pool.time.advance(Duration::days(4));
    let expired = pool
        .srp_sign_in(&pool_id, &client_id, "jane", "Given-temp-1234")
        .await
        .unwrap_err();
    assert_eq!(
        expired,
        error(
            "NotAuthorizedException",
            "Temporary password has expired and must be reset by an administrator."
        )
    );

    // RESEND issues a new temporary password with a new expiry.
    invite(
        &pool,
        &pool_id,
        json!({"MessageAction": "RESEND", "TemporaryPassword": "Second-temp-1234"}),
    )
    .await;
    let challenge = pool
        .srp_sign_in(&pool_id, &client_id, "jane", "Second-temp-1234")
        .await
        .unwrap();
    assert_eq!(challenge["ChallengeName"], "NEW_PASSWORD_REQUIRED");
}

#[tokio::test]
async fn admin_create_user_checks_its_input_and_can_stay_silent() {
    let pool = TestPool::start().await;
    let (pool_id, _) = pool_requiring_a_phone(&pool).await;
    let weak = pool
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": pool_id, "Username": "jane", "TemporaryPassword": "weak"}),
        )
        .await;
    assert_eq!(code_of(weak), "InvalidPasswordException");
    let no_address = pool
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": pool_id, "Username": "jane",
                "UserAttributes": [{"Name": "email", "Value": "jane@example.com"}]}),
        )
        .await;
    assert_eq!(
        code_of(no_address),
        "InvalidParameterException",
        "SMS is the default medium and jane has no phone number"
    );
    assert!(
        !pool.user_exists(&pool_id, "jane").await,
        "a refused request creates nothing"
    );

    invite(&pool, &pool_id, json!({"MessageAction": "SUPPRESS"})).await;
    assert!(pool.pool.outbox(Some("jane")).unwrap().is_empty());
    let twice = pool
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": pool_id, "Username": "jane", "MessageAction": "SUPPRESS"}),
        )
        .await;
    assert_eq!(code_of(twice), "UsernameExistsException");
}

#[tokio::test]
async fn the_pre_sign_up_trigger_is_asked_before_an_invitation() {
    let pool = TestPool::start().await;
    let (pool_id, _) = pool.pool_with_unreachable_pre_sign_up().await;
    let refused = pool
        .call(
            "AdminCreateUser",
            json!({"UserPoolId": pool_id, "Username": "jane", "MessageAction": "SUPPRESS"}),
        )
        .await;
    assert_eq!(code_of(refused), "UnexpectedLambdaException");
    assert!(!pool.user_exists(&pool_id, "jane").await);
}

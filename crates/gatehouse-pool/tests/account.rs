//! A signed-in user's own attributes over real HTTP: updating and removing them against the
//! schema, verifying email and phone with codes, the administrator's twins, and refusals that
//! change nothing. Passwords and deleting the account are in `account_security.rs`.

mod common;

use chrono::Duration;
use common::{code_of, error, other_code, TestPool};
use serde_json::{json, Value};

async fn update(pool: &TestPool, tokens: &Value, attributes: Value) -> common::Answer {
    pool.call(
        "UpdateUserAttributes",
        json!({"AccessToken": tokens["AccessToken"], "UserAttributes": attributes}),
    )
    .await
}

async fn verify(pool: &TestPool, tokens: &Value, attribute: &str, code: &str) -> common::Answer {
    pool.call(
        "VerifyUserAttribute",
        json!({"AccessToken": tokens["AccessToken"], "AttributeName": attribute, "Code": code}),
    )
    .await
}

async fn ask_code(pool: &TestPool, tokens: &Value, attribute: &str) -> common::Answer {
    pool.call(
        "GetUserAttributeVerificationCode",
        json!({"AccessToken": tokens["AccessToken"], "AttributeName": attribute}),
    )
    .await
}

fn invalid(message: &str) -> common::Answer {
    Err(error("InvalidParameterException", message))
}

fn mismatch() -> common::Answer {
    Err(error(
        "CodeMismatchException",
        "Invalid verification code provided, please try again.",
    ))
}

#[tokio::test]
async fn changing_the_email_unverifies_it_until_the_emailed_code_is_given_once() {
    let pool = TestPool::start().await;
    let (_, _, tokens) = pool.jane_signed_in(json!(["email"])).await;
    assert_eq!(pool.my_attributes(&tokens).await["email_verified"], "true");

    let answer = update(
        &pool,
        &tokens,
        json!([{"Name": "email", "Value": "jane@work.org"},
        {"Name": "custom:team", "Value": "red"}]),
    )
    .await;
    assert_eq!(
        answer,
        Ok(
            json!({"CodeDeliveryDetailsList": [{"AttributeName": "email",
            "DeliveryMedium": "EMAIL", "Destination": "j***@w***.org"}]})
        )
    );
    let mine = pool.my_attributes(&tokens).await;
    assert_eq!(
        (mine["email"].clone(), mine["custom:team"].clone()),
        (json!("jane@work.org"), json!("red"))
    );
    assert_eq!(mine["email_verified"], "false");
    let sent = pool.outbox_of("jane").pop().unwrap();
    assert_eq!(
        (sent.purpose.as_str(), sent.destination.as_str()),
        ("VERIFY_EMAIL", "jane@work.org")
    );

    assert_eq!(
        verify(&pool, &tokens, "email", &other_code(&sent.code)).await,
        mismatch()
    );
    assert_eq!(pool.my_attributes(&tokens).await["email_verified"], "false");
    assert_eq!(
        verify(&pool, &tokens, "email", &sent.code).await,
        Ok(json!({}))
    );
    assert_eq!(pool.my_attributes(&tokens).await["email_verified"], "true");
    assert_eq!(
        verify(&pool, &tokens, "email", &sent.code).await,
        mismatch(),
        "a code works once"
    );
}

#[tokio::test]
async fn a_refused_update_changes_nothing_and_sends_nothing() {
    let pool = TestPool::start().await;
    let (_, _, tokens) = pool.jane_signed_in(json!(["email"])).await;
    let before = pool.my_attributes(&tokens).await;
    let sent_before = pool.outbox_of("jane").len();
    let new_email = json!({"Name": "email", "Value": "jane@work.org"});
    let refusals = [
        (json!([new_email, {"Name": "custom:employee_id", "Value": "E2"}]),
            invalid("user.custom:employee_id: Attribute cannot be updated.")),
        (json!([new_email, {"Name": "custom:flavour", "Value": "mint"}]),
            invalid("Attributes did not conform to the schema: Type for attribute {custom:flavour} could not be determined")),
        (json!([{"Name": "email", "Value": "jane.work.org"}]), invalid("Invalid email address format.")),
        (json!([new_email, {"Name": "email", "Value": ""}]),
            invalid("Attributes did not conform to the schema: email: The attribute is required")),
        (json!([new_email, {"Name": "sub", "Value": "mine"}]), invalid("Cannot modify the non-mutable attribute sub")),
        (json!([new_email, {"Name": "email_verified", "Value": "true"}]), Err(error(
            "NotAuthorizedException", "A client attempted to write unauthorized attribute email_verified"))),
        (json!([new_email, {"Name": "custom:team", "Value": "x".repeat(21)}]),
            invalid("Attributes did not conform to the schema: custom:team: String must be no longer than 20 characters")),
    ];
    for (attributes, refusal) in refusals {
        assert_eq!(
            update(&pool, &tokens, attributes.clone()).await,
            refusal,
            "{attributes}"
        );
    }
    let missing = pool
        .call(
            "UpdateUserAttributes",
            json!({"AccessToken": tokens["AccessToken"]}),
        )
        .await;
    assert_eq!(code_of(missing), "InvalidParameterException");
    assert_eq!(pool.my_attributes(&tokens).await, before);
    assert_eq!(pool.outbox_of("jane").len(), sent_before);
}

#[tokio::test]
async fn optional_attributes_are_removed_but_required_and_read_only_ones_stay() {
    let pool = TestPool::start().await;
    let (_, _, tokens) = pool.jane_signed_in(json!(["email"])).await;
    let phone = json!([{"Name": "phone_number", "Value": "+447700900123"}]);
    assert_eq!(
        update(&pool, &tokens, phone).await,
        Ok(json!({})),
        "phone is not auto-verified"
    );
    assert_eq!(
        pool.my_attributes(&tokens).await["phone_number_verified"],
        "false"
    );

    let delete = |names: Value| {
        pool.call(
            "DeleteUserAttributes",
            json!({"AccessToken": tokens["AccessToken"], "UserAttributeNames": names}),
        )
    };
    assert_eq!(
        delete(json!(["custom:team", "email"])).await,
        invalid("Attributes did not conform to the schema: email: The attribute is required")
    );
    assert_eq!(
        delete(json!(["custom:employee_id"])).await,
        invalid("user.custom:employee_id: Attribute cannot be updated.")
    );
    assert_eq!(
        code_of(delete(json!(null)).await),
        "InvalidParameterException"
    );
    assert_eq!(
        pool.my_attributes(&tokens).await["custom:team"],
        "blue",
        "refusals removed nothing"
    );

    assert_eq!(
        delete(json!(["custom:team", "phone_number"])).await,
        Ok(json!({}))
    );
    let mine = pool.my_attributes(&tokens).await;
    for gone in ["custom:team", "phone_number", "phone_number_verified"] {
        assert!(mine.get(gone).is_none(), "{gone} removed");
    }
    // An empty value in UpdateUserAttributes removes too, as in Cognito.
    let team = json!([{"Name": "custom:team", "Value": "green"}]);
    update(&pool, &tokens, team).await.unwrap();
    update(
        &pool,
        &tokens,
        json!([{"Name": "custom:team", "Value": ""}]),
    )
    .await
    .unwrap();
    assert!(pool
        .my_attributes(&tokens)
        .await
        .get("custom:team")
        .is_none());
}

#[tokio::test]
async fn a_phone_number_is_verified_with_a_code_asked_for_and_asking_is_bounded() {
    let pool = TestPool::start().await;
    let (_, _, tokens) = pool.jane_signed_in(json!(["email"])).await;
    assert_eq!(
        ask_code(&pool, &tokens, "phone_number").await,
        invalid("The user has no phone_number to verify.")
    );
    assert_eq!(
        ask_code(&pool, &tokens, "custom:team").await,
        invalid("Attribute custom:team cannot be verified: only email and phone_number can.")
    );
    assert_eq!(
        verify(&pool, &tokens, "custom:team", "123456").await,
        invalid("Attribute custom:team cannot be verified: only email and phone_number can.")
    );
    let phone = json!([{"Name": "phone_number", "Value": "+447700900123"}]);
    update(&pool, &tokens, phone).await.unwrap();

    let answer = ask_code(&pool, &tokens, "phone_number").await;
    assert_eq!(
        answer,
        Ok(
            json!({"CodeDeliveryDetails": {"AttributeName": "phone_number",
        "DeliveryMedium": "SMS", "Destination": "+********0123"}})
        )
    );
    let sent = pool.outbox_of("jane").pop().unwrap();
    assert_eq!(
        (sent.purpose.as_str(), sent.medium.as_str()),
        ("VERIFY_PHONE_NUMBER", "SMS")
    );
    assert_eq!(
        verify(&pool, &tokens, "email", &sent.code).await,
        mismatch(),
        "codes are per attribute"
    );
    assert_eq!(
        verify(&pool, &tokens, "phone_number", &sent.code).await,
        Ok(json!({}))
    );
    assert_eq!(
        pool.my_attributes(&tokens).await["phone_number_verified"],
        "true"
    );

    for _ in 0..4 {
        ask_code(&pool, &tokens, "phone_number").await.unwrap();
    }
    assert_eq!(
        ask_code(&pool, &tokens, "phone_number").await,
        Err(error(
            "LimitExceededException",
            "Attempt limit exceeded, please try after some time."
        ))
    );
    ask_code(&pool, &tokens, "email")
        .await
        .expect("each attribute has its own bound");
}

#[tokio::test]
async fn an_attribute_code_expires_after_a_day() {
    let pool = TestPool::start().await;
    let (_, client_id, tokens) = pool.jane_signed_in(json!(["email"])).await;
    ask_code(&pool, &tokens, "email").await.unwrap();
    let code = pool.last_code("jane");
    pool.time
        .advance(Duration::hours(24) + Duration::seconds(1));
    let fresh = pool
        .refresh(&client_id, &tokens["RefreshToken"])
        .await
        .unwrap();
    let fresh = &fresh["AuthenticationResult"];
    assert_eq!(
        verify(&pool, fresh, "email", &code).await,
        Err(error(
            "ExpiredCodeException",
            "Invalid code provided, please request a code again."
        ))
    );
}

#[tokio::test]
async fn an_administrator_updates_removes_and_deletes() {
    let pool = TestPool::start().await;
    let (pool_id, _, _) = pool.jane_signed_in(json!(["email"])).await;
    let admin = |operation: &'static str, extra: Value| {
        let mut request = json!({"UserPoolId": pool_id, "Username": "jane"});
        for (key, value) in extra.as_object().unwrap() {
            request[key] = value.clone();
        }
        pool.call(operation, request)
    };
    let verified_email = json!({"UserAttributes": [{"Name": "email", "Value": "jane@work.org"},
        {"Name": "email_verified", "Value": "true"}]});
    assert_eq!(
        admin("AdminUpdateUserAttributes", verified_email).await,
        Ok(json!({}))
    );
    assert_eq!(
        pool.attribute_of(&pool_id, "jane", "email_verified").await,
        Some(json!("true"))
    );
    let read_only = json!({"UserAttributes": [{"Name": "custom:employee_id", "Value": "E2"}]});
    assert_eq!(
        admin("AdminUpdateUserAttributes", read_only).await,
        invalid("user.custom:employee_id: Attribute cannot be updated.")
    );
    let team = json!({"UserAttributeNames": ["custom:team"]});
    assert_eq!(
        admin("AdminDeleteUserAttributes", team).await,
        Ok(json!({}))
    );
    assert_eq!(
        pool.attribute_of(&pool_id, "jane", "custom:team").await,
        None
    );
    assert_eq!(admin("AdminDeleteUser", json!({})).await, Ok(json!({})));
    assert!(!pool.user_exists(&pool_id, "jane").await);
    assert_eq!(
        admin("AdminDeleteUser", json!({})).await,
        Err(error("UserNotFoundException", "User does not exist."))
    );
}

#[tokio::test]
async fn an_administrator_sees_mfa_settings_and_the_schema_as_cognito_describes_them() {
    let pool = TestPool::start().await;
    let (pool_id, _, tokens) = pool.jane_signed_in(json!(["email"])).await;
    let described = pool
        .call("DescribeUserPool", json!({"UserPoolId": pool_id}))
        .await
        .unwrap();
    let names: Vec<&str> = described["UserPool"]["SchemaAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["Name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["email", "phone_number", "custom:team", "custom:employee_id"]
    );

    assert!(pool
        .user(&pool_id, "jane")
        .await
        .get("UserMFASettingList")
        .is_none());
    pool.call(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": pool_id, "MfaConfiguration": "OPTIONAL",
        "SoftwareTokenMfaConfiguration": {"Enabled": false},
        "SmsMfaConfiguration": {"SmsAuthenticationMessage": "Your code is {####}"}}),
    )
    .await
    .unwrap();
    let phone = json!([{"Name": "phone_number", "Value": "+447700900123"}]);
    update(&pool, &tokens, phone).await.unwrap();
    pool.call(
        "AdminSetUserMFAPreference",
        json!({"UserPoolId": pool_id, "Username": "jane",
        "SMSMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    )
    .await
    .unwrap();
    let jane = pool.user(&pool_id, "jane").await;
    assert_eq!(jane["UserMFASettingList"], json!(["SMS_MFA"]));
    assert_eq!(jane["PreferredMfaSetting"], "SMS_MFA");
}

#[tokio::test]
async fn five_wrong_codes_burn_an_attribute_code_until_a_new_one_is_asked_for() {
    let pool = TestPool::start().await;
    let (_, _, tokens) = pool.jane_signed_in(json!(["email"])).await;
    ask_code(&pool, &tokens, "email").await.unwrap();
    let code = pool.last_code("jane");
    for _ in 0..5 {
        assert_eq!(
            verify(&pool, &tokens, "email", &other_code(&code)).await,
            mismatch()
        );
    }
    let burned = Err(error(
        "LimitExceededException",
        "Attempt limit exceeded, please try after some time.",
    ));
    assert_eq!(verify(&pool, &tokens, "email", &code).await, burned);
    ask_code(&pool, &tokens, "email").await.unwrap();
    let fresh = pool.last_code("jane");
    assert_eq!(verify(&pool, &tokens, "email", &fresh).await, Ok(json!({})));
}

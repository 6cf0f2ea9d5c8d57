//! Multi-factor sign-in over real HTTP: the pool's MFA settings, SMS codes from the outbox,
//! choosing a factor, and the session rules between challenges. Authenticator apps are in
//! `totp.rs`.

mod common;

use chrono::Duration;
use common::{code_of, error, json_in, other_code, totp_code, verified_authenticator, TestPool};
use serde_json::{json, Value};

/// Jane, with SMS MFA turned on and preferred; returns `(pool_id, client_id)`.
async fn sms_user(pool: &TestPool) -> (String, String) {
    let (pool_id, client_id) = pool.mfa_pool_with_user("OPTIONAL", "jane").await;
    pool.call(
        "AdminSetUserMFAPreference",
        json!({"UserPoolId": pool_id, "Username": "jane",
            "SMSMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    )
    .await
    .unwrap();
    (pool_id, client_id)
}

/// Jane answers an `SMS_MFA` challenge with `code`.
async fn answer_sms(
    pool: &TestPool,
    client_id: &str,
    session: &Value,
    code: &str,
) -> common::Answer {
    pool.respond(
        client_id,
        "SMS_MFA",
        session,
        "jane",
        json!({"SMS_MFA_CODE": code}),
    )
    .await
}

#[tokio::test]
async fn the_pool_mfa_configuration_is_set_and_read_back() {
    let pool = TestPool::start().await;
    let (pool_id, _) = pool.pool_and_client(json!({})).await;
    let fresh = pool
        .call("GetUserPoolMfaConfig", json!({"UserPoolId": pool_id}))
        .await
        .unwrap();
    assert_eq!(fresh["MfaConfiguration"], "OFF");

    let set = pool
        .call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": pool_id, "MfaConfiguration": "OPTIONAL",
                "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
        )
        .await
        .unwrap();
    assert_eq!(set["MfaConfiguration"], "OPTIONAL");
    let read = pool
        .call("GetUserPoolMfaConfig", json!({"UserPoolId": pool_id}))
        .await
        .unwrap();
    assert_eq!(read, set);
    let described = pool
        .call("DescribeUserPool", json!({"UserPoolId": pool_id}))
        .await
        .unwrap();
    assert_eq!(described["UserPool"]["MfaConfiguration"], "OPTIONAL");

    let bad = pool
        .call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": pool_id, "MfaConfiguration": "SOMETIMES"}),
        )
        .await;
    assert_eq!(code_of(bad), "InvalidParameterException");
    let no_factor = pool
        .call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": pool_id, "MfaConfiguration": "ON"}),
        )
        .await;
    assert_eq!(
        code_of(no_factor),
        "InvalidParameterException",
        "each call replaces both factors: this one turns MFA on with none"
    );
    pool.call(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": pool_id, "MfaConfiguration": "OPTIONAL",
            "SmsMfaConfiguration": {"SmsAuthenticationMessage": "Code {####}"}}),
    )
    .await
    .unwrap();
    let read = pool
        .call("GetUserPoolMfaConfig", json!({"UserPoolId": pool_id}))
        .await
        .unwrap();
    assert!(read["SmsMfaConfiguration"].is_object());
    assert_eq!(read["SoftwareTokenMfaConfiguration"]["Enabled"], false);

    let created = pool
        .call(
            "CreateUserPool",
            json!({"PoolName": "required", "MfaConfiguration": "ON",
                "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::000000000000:role/sns"}}),
        )
        .await
        .unwrap();
    let read = pool
        .call(
            "GetUserPoolMfaConfig",
            json!({"UserPoolId": created["UserPool"]["Id"]}),
        )
        .await
        .unwrap();
    assert_eq!(read["MfaConfiguration"], "ON");
    assert_eq!(
        read["SmsMfaConfiguration"]["SmsConfiguration"]["SnsCallerArn"],
        "arn:aws:iam::000000000000:role/sns",
        "a pool created with MFA and an SMS configuration offers SMS"
    );
}

#[tokio::test]
async fn signing_in_with_an_sms_code() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = sms_user(&pool).await;

    let challenge = pool.sign_in(&pool_id, &client_id, "jane").await;
    assert_eq!(challenge["ChallengeName"], "SMS_MFA");
    assert!(challenge.get("AuthenticationResult").is_none());
    let parameters = &challenge["ChallengeParameters"];
    assert_eq!(parameters["CODE_DELIVERY_DELIVERY_MEDIUM"], "SMS");
    assert_eq!(parameters["CODE_DELIVERY_DESTINATION"], "+********1234");
    let message = pool.pool.outbox(Some("jane")).unwrap().pop().unwrap();
    assert_eq!(
        (message.medium.as_str(), message.purpose.as_str()),
        ("SMS", "SMS_MFA")
    );
    assert_eq!(message.destination, "+447700901234");

    let session = &challenge["Session"];
    let wrong = other_code(&message.code);
    let refused = answer_sms(&pool, &client_id, session, &wrong)
        .await
        .unwrap_err();
    assert_eq!(
        refused,
        error(
            "CodeMismatchException",
            "Invalid code or auth state for the user."
        )
    );
    let signed_in = answer_sms(&pool, &client_id, session, &message.code)
        .await
        .expect("a wrong code leaves the session open for another try");
    let access = &signed_in["AuthenticationResult"]["AccessToken"];
    assert!(access.is_string());

    let me = pool.me(access).await;
    assert_eq!(me["UserMFASettingList"], json!(["SMS_MFA"]));
    assert_eq!(me["PreferredMfaSetting"], "SMS_MFA");
}

#[tokio::test]
async fn sms_mfa_cannot_be_enabled_without_a_phone_number() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.mfa_pool_with_user("OPTIONAL", "jane").await;
    pool.confirmed_user(&client_id, "noah").await;
    let access = pool.access_token(&pool_id, &client_id, "noah").await;
    let refused = pool
        .call(
            "SetUserMFAPreference",
            json!({"AccessToken": access, "SMSMfaSettings": {"Enabled": true}}),
        )
        .await
        .unwrap_err();
    assert_eq!(
        refused,
        error(
            "InvalidParameterException",
            "User does not have delivery config set to turn on SMS_MFA"
        )
    );
    let refused = pool
        .call(
            "SetUserMFAPreference",
            json!({"AccessToken": access, "SoftwareTokenMfaSettings": {"Enabled": true}}),
        )
        .await;
    assert_eq!(
        code_of(refused),
        "InvalidParameterException",
        "TOTP needs a verified authenticator first"
    );
    let me = pool.me(&access).await;
    assert!(me.get("UserMFASettingList").is_none());
    assert!(me.get("PreferredMfaSetting").is_none());
}

#[tokio::test]
async fn a_user_with_both_factors_and_no_preference_chooses_one() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.mfa_pool_with_user("OPTIONAL", "jane").await;
    let access = pool.access_token(&pool_id, &client_id, "jane").await;
    let secret = verified_authenticator(&pool, &access).await;
    pool.call(
        "SetUserMFAPreference",
        json!({"AccessToken": access, "SMSMfaSettings": {"Enabled": true},
            "SoftwareTokenMfaSettings": {"Enabled": true}}),
    )
    .await
    .unwrap();

    let challenge = pool.sign_in(&pool_id, &client_id, "jane").await;
    assert_eq!(challenge["ChallengeName"], "SELECT_MFA_TYPE");
    let choices = json_in(&challenge["ChallengeParameters"]["MFAS_CAN_CHOOSE"]);
    assert_eq!(choices, json!(["SMS_MFA", "SOFTWARE_TOKEN_MFA"]));
    let bad = pool
        .respond(
            &client_id,
            "SELECT_MFA_TYPE",
            &challenge["Session"],
            "jane",
            json!({"ANSWER": "EMAIL_OTP"}),
        )
        .await;
    assert_eq!(code_of(bad), "InvalidParameterException");
    let sms = pool
        .respond(
            &client_id,
            "SELECT_MFA_TYPE",
            &challenge["Session"],
            "jane",
            json!({"ANSWER": "SMS_MFA"}),
        )
        .await
        .unwrap();
    assert_eq!(sms["ChallengeName"], "SMS_MFA");
    let code = pool.last_code("jane");
    answer_sms(&pool, &client_id, &sms["Session"], &code)
        .await
        .unwrap();

    pool.time.advance(Duration::seconds(30));
    let challenge = pool.sign_in(&pool_id, &client_id, "jane").await;
    let totp = pool
        .respond(
            &client_id,
            "SELECT_MFA_TYPE",
            &challenge["Session"],
            "jane",
            json!({"ANSWER": "SOFTWARE_TOKEN_MFA"}),
        )
        .await
        .unwrap();
    assert_eq!(totp["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    pool.respond(
        &client_id,
        "SOFTWARE_TOKEN_MFA",
        &totp["Session"],
        "jane",
        json!({"SOFTWARE_TOKEN_MFA_CODE": totp_code(&secret, pool.now())}),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_challenge_session_expires_after_three_minutes_and_answers_once() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = sms_user(&pool).await;

    let late = pool.sign_in(&pool_id, &client_id, "jane").await;
    let code = pool.last_code("jane");
    pool.time.advance(Duration::seconds(181));
    let expired = answer_sms(&pool, &client_id, &late["Session"], &code)
        .await
        .unwrap_err();
    assert_eq!(
        expired,
        error(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired."
        )
    );

    let challenge = pool.sign_in(&pool_id, &client_id, "jane").await;
    let code = pool.last_code("jane");
    answer_sms(&pool, &client_id, &challenge["Session"], &code)
        .await
        .unwrap();
    let replayed = answer_sms(&pool, &client_id, &challenge["Session"], &code)
        .await
        .unwrap_err();
    assert_eq!(
        replayed,
        error(
            "NotAuthorizedException",
            "Invalid session for the user, session can only be used once."
        )
    );
    let forged = answer_sms(&pool, &client_id, &json!("not-a-session"), "123456")
        .await
        .unwrap_err();
    assert_eq!(
        forged,
        error("NotAuthorizedException", "Invalid session for the user.")
    );
}

#[tokio::test]
async fn five_wrong_codes_end_the_sign_in() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = sms_user(&pool).await;
    let challenge = pool.sign_in(&pool_id, &client_id, "jane").await;
    let code = pool.last_code("jane");
    let wrong = other_code(&code);
    for _ in 0..5 {
        let refused = answer_sms(&pool, &client_id, &challenge["Session"], &wrong).await;
        assert_eq!(code_of(refused), "CodeMismatchException");
    }
    let burned = answer_sms(&pool, &client_id, &challenge["Session"], &code)
        .await
        .unwrap_err();
    assert_eq!(
        burned,
        error("NotAuthorizedException", "Invalid session for the user."),
        "even the right code is refused once the session is burned"
    );
}

#[tokio::test]
async fn turning_the_preferred_factor_off_signs_in_without_it() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = sms_user(&pool).await;
    let refused = pool
        .call(
            "AdminSetUserMFAPreference",
            json!({"UserPoolId": pool_id, "Username": "jane",
                "SMSMfaSettings": {"Enabled": true, "PreferredMfa": true},
                "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
        )
        .await;
    assert_eq!(code_of(refused), "InvalidParameterException");
    pool.call(
        "AdminSetUserMFAPreference",
        json!({"UserPoolId": pool_id, "Username": "jane", "SMSMfaSettings": {"Enabled": false}}),
    )
    .await
    .unwrap();
    let signed_in = pool.sign_in(&pool_id, &client_id, "jane").await;
    let me = pool
        .me(&signed_in["AuthenticationResult"]["AccessToken"])
        .await;
    assert!(me.get("UserMFASettingList").is_none());
    assert!(me.get("PreferredMfaSetting").is_none());
}

#[tokio::test]
async fn a_pool_created_with_mfa_required_texts_a_code() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool
        .pool_with(
            json!({"MfaConfiguration": "ON",
                "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::000000000000:role/sns"}}),
            json!({}),
        )
        .await;
    pool.confirmed_user_with_phone(&pool_id, &client_id, "jane")
        .await;
    let challenge = pool.sign_in(&pool_id, &client_id, "jane").await;
    assert_eq!(challenge["ChallengeName"], "SMS_MFA");
}

//! Signing in with a device over real HTTP: a remembered device proves itself with device SRP
//! (`DEVICE_SRP_AUTH`, `DEVICE_PASSWORD_VERIFIER`) instead of an MFA code, a wrong device
//! password or a forgotten device is refused, and a device's refresh token needs its device.

#[path = "devices/client.rs"]
mod client;
mod common;

use client::{
    confirm, device_pool, device_srp, password_answer, remembered_device, sign_in_from,
    TRACK_ALWAYS,
};
use common::{code_of, error, verify_with_jwks, TestPool};
use serde_json::{json, Value};

const TRACK_WITHOUT_MFA_BYPASS: &str =
    r#"{"ChallengeRequiredOnNewDevice": false, "DeviceOnlyRememberedOnUserPrompt": false}"#;

/// A pool requiring SMS MFA with this `DeviceConfiguration`, and Jane with a phone.
async fn sms_device_pool(pool: &TestPool, configuration: &str) -> (String, String) {
    let configuration: Value = serde_json::from_str(configuration).unwrap();
    let (pool_id, client_id) = pool
        .pool_with(json!({"DeviceConfiguration": configuration}), json!({}))
        .await;
    pool.call(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": pool_id, "MfaConfiguration": "ON",
            "SmsMfaConfiguration": {"SmsAuthenticationMessage": "Your code is {####}"}}),
    )
    .await
    .unwrap();
    pool.confirmed_user_with_phone(&pool_id, &client_id, "jane")
        .await;
    (pool_id, client_id)
}

/// Jane answers an `SMS_MFA` challenge with the code the pool sent, naming `device_key`.
async fn answer_sms(
    pool: &TestPool,
    client_id: &str,
    challenge: &Value,
    device_key: Option<&str>,
) -> common::Answer {
    assert_eq!(challenge["ChallengeName"], "SMS_MFA");
    let mut responses = json!({"SMS_MFA_CODE": pool.last_code("jane")});
    if let Some(key) = device_key {
        responses["DEVICE_KEY"] = json!(key);
    }
    pool.respond(
        client_id,
        "SMS_MFA",
        &challenge["Session"],
        "jane",
        responses,
    )
    .await
}

#[tokio::test]
async fn a_remembered_device_signs_in_with_device_srp_instead_of_an_sms_code() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = sms_device_pool(&pool, TRACK_ALWAYS).await;
    let ids = (pool_id.as_str(), client_id.as_str());

    // First sign-in: an SMS code, then a new device.
    let challenge = sign_in_from(&pool, ids, "jane", None).await.unwrap();
    let signed_in = answer_sms(&pool, &client_id, &challenge, None)
        .await
        .unwrap();
    let (device, _) = confirm(&pool, &pool_id, &signed_in).await;
    let messages = pool.outbox_of("jane").len();

    // Again from the remembered device: device SRP, no code sent.
    let challenge = sign_in_from(&pool, ids, "jane", Some(&device.key))
        .await
        .unwrap();
    let signed_in = device_srp(&pool, ids, &challenge, &device, &device.password)
        .await
        .unwrap();
    assert_eq!(pool.outbox_of("jane").len(), messages, "no SMS was sent");
    let result = &signed_in["AuthenticationResult"];
    assert!(result.get("NewDeviceMetadata").is_none());
    let claims = verify_with_jwks(&pool, &pool_id, result["AccessToken"].as_str().unwrap()).await;
    assert_eq!(claims["device_key"], device.key.as_str());
    assert_eq!(pool.me(&result["AccessToken"]).await["Username"], "jane");
}

#[tokio::test]
async fn without_the_mfa_bypass_a_remembered_device_still_answers_the_sms_code() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = sms_device_pool(&pool, TRACK_WITHOUT_MFA_BYPASS).await;
    let ids = (pool_id.as_str(), client_id.as_str());
    let challenge = sign_in_from(&pool, ids, "jane", None).await.unwrap();
    let signed_in = answer_sms(&pool, &client_id, &challenge, None)
        .await
        .unwrap();
    let (device, _) = confirm(&pool, &pool_id, &signed_in).await;

    let challenge = sign_in_from(&pool, ids, "jane", Some(&device.key))
        .await
        .unwrap();
    let after_device = device_srp(&pool, ids, &challenge, &device, &device.password)
        .await
        .unwrap();
    let signed_in = answer_sms(&pool, &client_id, &after_device, Some(&device.key))
        .await
        .unwrap();
    let result = &signed_in["AuthenticationResult"];
    assert!(result.get("NewDeviceMetadata").is_none(), "the same device");
    let claims = verify_with_jwks(&pool, &pool_id, result["AccessToken"].as_str().unwrap()).await;
    assert_eq!(claims["device_key"], device.key.as_str());
}

#[tokio::test]
async fn an_invited_user_gets_a_new_device_after_setting_a_password() {
    let pool = TestPool::start().await;
    let configuration: Value = serde_json::from_str(TRACK_ALWAYS).unwrap();
    let (pool_id, client_id) = pool
        .pool_with(json!({"DeviceConfiguration": configuration}), json!({}))
        .await;
    pool.call(
        "AdminCreateUser",
        json!({"UserPoolId": pool_id, "Username": "jane",
            "UserAttributes": [{"Name": "email", "Value": "jane@example.com"}],
            "DesiredDeliveryMediums": ["EMAIL"]}),
    )
    .await
    .unwrap();
    let temporary = pool.last_code("jane");
    let challenge = pool
        .srp_sign_in(&pool_id, &client_id, "jane", &temporary)
        .await
        .unwrap();
    assert_eq!(challenge["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let signed_in = pool
        .respond(
            &client_id,
            "NEW_PASSWORD_REQUIRED",
            &challenge["Session"],
            "jane",
            json!({"NEW_PASSWORD": "Brand-new-pa55"}),
        )
        .await
        .unwrap();
    let (device, answer) = confirm(&pool, &pool_id, &signed_in).await;
    assert_eq!(answer["UserConfirmationNecessary"], false);
    assert!(device.key.contains('_'));
}

#[tokio::test]
async fn a_devices_refresh_token_needs_its_device() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = device_pool(&pool, TRACK_ALWAYS).await;
    let ids = (pool_id.as_str(), client_id.as_str());
    let signed_in = sign_in_from(&pool, ids, "jane", None).await.unwrap();
    let (device, _) = confirm(&pool, &pool_id, &signed_in).await;
    let result = &signed_in["AuthenticationResult"];
    let refresh = |device_key: Option<&str>| {
        let mut parameters = json!({"REFRESH_TOKEN": result["RefreshToken"]});
        if let Some(key) = device_key {
            parameters["DEVICE_KEY"] = json!(key);
        }
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client_id,
            "AuthParameters": parameters})
    };
    let invalid = error("NotAuthorizedException", "Invalid Refresh Token");
    for other in [None, Some("us-east-1_not-this-device")] {
        let refused = pool.call("InitiateAuth", refresh(other)).await;
        assert_eq!(refused.unwrap_err(), invalid, "DEVICE_KEY {other:?}");
    }
    let refreshed = pool
        .call("InitiateAuth", refresh(Some(&device.key)))
        .await
        .unwrap();
    let access = refreshed["AuthenticationResult"]["AccessToken"]
        .as_str()
        .unwrap();
    let claims = verify_with_jwks(&pool, &pool_id, access).await;
    assert_eq!(claims["device_key"], device.key.as_str());

    pool.call(
        "ForgetDevice",
        json!({"AccessToken": access, "DeviceKey": device.key}),
    )
    .await
    .unwrap();
    let forgotten = pool.call("InitiateAuth", refresh(Some(&device.key))).await;
    assert_eq!(forgotten.unwrap_err(), invalid);
}

#[tokio::test]
async fn a_wrong_device_password_is_refused() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = device_pool(&pool, TRACK_ALWAYS).await;
    let ids = (pool_id.as_str(), client_id.as_str());
    let (device, _) = remembered_device(&pool, ids, "jane").await;
    let challenge = sign_in_from(&pool, ids, "jane", Some(&device.key))
        .await
        .unwrap();
    let refused = device_srp(&pool, ids, &challenge, &device, "not-the-device-password").await;
    assert_eq!(
        refused.unwrap_err(),
        error("NotAuthorizedException", "Incorrect username or password.")
    );

    // A device public value of zero mod N is refused like the user's.
    let challenge = sign_in_from(&pool, ids, "jane", Some(&device.key))
        .await
        .unwrap();
    let zero = pool
        .respond(
            &client_id,
            "DEVICE_SRP_AUTH",
            &challenge["Session"],
            "jane",
            json!({"DEVICE_KEY": device.key, "SRP_A": "00"}),
        )
        .await;
    assert_eq!(code_of(zero), "InvalidParameterException");
    // The right password still works on a fresh sign-in.
    let challenge = sign_in_from(&pool, ids, "jane", Some(&device.key))
        .await
        .unwrap();
    device_srp(&pool, ids, &challenge, &device, &device.password)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_forgotten_device_is_refused_and_the_same_proof_is_answered_without_it() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = device_pool(&pool, TRACK_ALWAYS).await;
    let ids = (pool_id.as_str(), client_id.as_str());
    let (device, access) = remembered_device(&pool, ids, "jane").await;
    pool.call(
        "ForgetDevice",
        json!({"AccessToken": access, "DeviceKey": device.key}),
    )
    .await
    .unwrap();

    let mut request = password_answer(&pool, ids, "jane", Some(&device.key)).await;
    let refused = pool.call("RespondToAuthChallenge", request.clone()).await;
    assert_eq!(
        refused.unwrap_err(),
        error("ResourceNotFoundException", "Device does not exist.")
    );
    // As amazon-cognito-identity-js does: the same answer again, DEVICE_KEY set to null.
    request["ChallengeResponses"]["DEVICE_KEY"] = Value::Null;
    let signed_in = pool.call("RespondToAuthChallenge", request).await.unwrap();
    let metadata = &signed_in["AuthenticationResult"]["NewDeviceMetadata"];
    assert_ne!(metadata["DeviceKey"], device.key.as_str(), "a new device");
}

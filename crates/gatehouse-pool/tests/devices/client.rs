//! The client side of device tracking for the tests, as an SDK does it with the
//! `aws-cognito-srp` crate (an independent implementation): user SRP naming a `DEVICE_KEY`,
//! confirming a new device with the verifier of a random password, device SRP.
#![allow(dead_code)] // Each test binary uses only some of these.

use aws_cognito_srp::{SrpClient, TrackedDevice, UntrackedDevice};
use serde_json::{json, Value};

use crate::common::{self, TestPool, PASSWORD};

pub const TRACK_ALWAYS: &str =
    r#"{"ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": false}"#;
pub const TRACK_ON_PROMPT: &str =
    r#"{"ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": true}"#;

/// A pool with this `DeviceConfiguration` (JSON text) and Jane, confirmed.
pub async fn device_pool(pool: &TestPool, configuration: &str) -> (String, String) {
    let configuration: Value = serde_json::from_str(configuration).unwrap();
    let (pool_id, client_id) = pool
        .pool_with(json!({"DeviceConfiguration": configuration}), json!({}))
        .await;
    pool.confirmed_user(&client_id, "jane").await;
    (pool_id, client_id)
}

/// The password step of an SRP sign-in: the `RespondToAuthChallenge` request that answers
/// `PASSWORD_VERIFIER` with `PASSWORD`, naming `device_key` when given.
pub async fn password_answer(
    pool: &TestPool,
    ids: (&str, &str),
    username: &str,
    device_key: Option<&str>,
) -> Value {
    let (pool_id, client_id) = ids;
    let (srp, initiate) = common::srp_initiate(pool_id, client_id, username, PASSWORD);
    let challenge = pool.call("InitiateAuth", initiate).await.unwrap();
    let mut answer = common::password_verifier_answer(&srp, client_id, &challenge);
    if let Some(key) = device_key {
        answer["ChallengeResponses"]["DEVICE_KEY"] = json!(key);
    }
    answer
}

pub async fn sign_in_from(
    pool: &TestPool,
    ids: (&str, &str),
    username: &str,
    device_key: Option<&str>,
) -> common::Answer {
    let request = password_answer(pool, ids, username, device_key).await;
    pool.call("RespondToAuthChallenge", request).await
}

/// What the client keeps of a confirmed device.
#[derive(Clone)]
pub struct Device {
    pub key: String,
    pub group: String,
    pub password: String,
}

/// Confirms the device a sign-in handed out, as a client does: a random password and its
/// verifier. Returns the device and `ConfirmDevice`'s answer.
pub async fn confirm(pool: &TestPool, pool_id: &str, signed_in: &Value) -> (Device, Value) {
    let result = &signed_in["AuthenticationResult"];
    let metadata = &result["NewDeviceMetadata"];
    let key = metadata["DeviceKey"].as_str().unwrap().to_owned();
    let group = metadata["DeviceGroupKey"].as_str().unwrap().to_owned();
    let verifier = SrpClient::new(UntrackedDevice::new(pool_id, &group, &key), "unused", None)
        .get_password_verifier();
    let answer = pool
        .call(
            "ConfirmDevice",
            json!({"AccessToken": result["AccessToken"], "DeviceKey": key,
                "DeviceName": "Jane's laptop",
                "DeviceSecretVerifierConfig": {"PasswordVerifier": verifier.verifier,
                    "Salt": verifier.salt}}),
        )
        .await
        .unwrap();
    let device = Device {
        key,
        group,
        password: verifier.password,
    };
    (device, answer)
}

/// Signs in without a device, confirms the new one; returns it and the access token.
pub async fn remembered_device(
    pool: &TestPool,
    ids: (&str, &str),
    username: &str,
) -> (Device, Value) {
    let signed_in = sign_in_from(pool, ids, username, None).await.unwrap();
    let (device, _) = confirm(pool, ids.0, &signed_in).await;
    (
        device,
        signed_in["AuthenticationResult"]["AccessToken"].clone(),
    )
}

/// Answers `DEVICE_SRP_AUTH` and then `DEVICE_PASSWORD_VERIFIER` with `password`.
pub async fn device_srp(
    pool: &TestPool,
    ids: (&str, &str),
    challenge: &Value,
    device: &Device,
    password: &str,
) -> common::Answer {
    let (pool_id, client_id) = ids;
    assert_eq!(challenge["ChallengeName"], "DEVICE_SRP_AUTH");
    let tracked = TrackedDevice::new(pool_id, &device.group, &device.key, password);
    let srp = SrpClient::new(tracked, client_id, None);
    let started = pool
        .respond(
            client_id,
            "DEVICE_SRP_AUTH",
            &challenge["Session"],
            "jane",
            json!({"DEVICE_KEY": device.key, "SRP_A": srp.get_auth_parameters().a}),
        )
        .await?;
    assert_eq!(started["ChallengeName"], "DEVICE_PASSWORD_VERIFIER");
    let parameters = &started["ChallengeParameters"];
    assert_eq!(parameters["DEVICE_KEY"], device.key.as_str());
    assert_eq!(parameters["USERNAME"], "jane");
    let text = |name: &str| parameters[name].as_str().unwrap().to_owned();
    let proof = srp
        .verify(&text("SECRET_BLOCK"), &text("SALT"), &text("SRP_B"))
        .unwrap();
    pool.respond(
        client_id,
        "DEVICE_PASSWORD_VERIFIER",
        &started["Session"],
        "jane",
        json!({"DEVICE_KEY": device.key,
            "PASSWORD_CLAIM_SECRET_BLOCK": proof.password_claim_secret_block,
            "PASSWORD_CLAIM_SIGNATURE": proof.password_claim_signature,
            "TIMESTAMP": proof.timestamp}),
    )
    .await
}

/// The value of one `DeviceAttributes` entry.
pub fn attribute<'a>(device: &'a Value, name: &str) -> Option<&'a str> {
    device["DeviceAttributes"]
        .as_array()?
        .iter()
        .find(|attribute| attribute["Name"] == name)?["Value"]
        .as_str()
}

pub async fn list(pool: &TestPool, access: &Value) -> Vec<String> {
    let listed = pool
        .call("ListDevices", json!({"AccessToken": access}))
        .await
        .unwrap();
    listed["Devices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|device| device["DeviceKey"].as_str().unwrap().to_owned())
        .collect()
}

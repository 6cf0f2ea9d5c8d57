//! Device tracking over real HTTP, the operations: a sign-in hands out a new device, the client
//! confirms it with an SRP verifier of its own random password (the `aws-cognito-srp` crate, an
//! independent client), and the user or an administrator gets, lists, remembers and forgets it.
//! Signing in with a device is in `device_sign_in.rs`.

#[path = "devices/client.rs"]
mod client;
mod common;

use client::{
    attribute, confirm, device_pool, list, remembered_device, sign_in_from, TRACK_ALWAYS,
    TRACK_ON_PROMPT,
};
use common::{code_of, error, verify_with_jwks, TestPool};
use serde_json::{json, Value};

#[tokio::test]
async fn a_sign_in_in_a_pool_that_tracks_devices_hands_out_a_new_device() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = device_pool(&pool, TRACK_ALWAYS).await;
    let described = pool
        .call("DescribeUserPool", json!({"UserPoolId": pool_id}))
        .await
        .unwrap();
    assert_eq!(
        described["UserPool"]["DeviceConfiguration"],
        serde_json::from_str::<Value>(TRACK_ALWAYS).unwrap()
    );

    let signed_in = sign_in_from(&pool, (&pool_id, &client_id), "jane", None)
        .await
        .unwrap();
    let metadata = &signed_in["AuthenticationResult"]["NewDeviceMetadata"];
    let key = metadata["DeviceKey"].as_str().unwrap();
    let (region, id) = key.split_once('_').unwrap();
    assert_eq!(region, pool_id.split_once('_').unwrap().0);
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{key}");
    assert!(metadata["DeviceGroupKey"]
        .as_str()
        .unwrap()
        .starts_with('-'));
    let access = signed_in["AuthenticationResult"]["AccessToken"]
        .as_str()
        .unwrap();
    let claims = verify_with_jwks(&pool, &pool_id, access).await;
    assert_eq!(claims["device_key"], key);
    assert!(
        list(&pool, &signed_in["AuthenticationResult"]["AccessToken"])
            .await
            .is_empty(),
        "an unconfirmed device is not listed"
    );

    let (untracked_id, untracked_client) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&untracked_client, "jane").await;
    let plain = sign_in_from(&pool, (&untracked_id, &untracked_client), "jane", None)
        .await
        .unwrap();
    assert!(plain["AuthenticationResult"]
        .get("NewDeviceMetadata")
        .is_none());
}

#[tokio::test]
async fn a_device_configuration_must_be_two_booleans() {
    let pool = TestPool::start().await;
    let refused = pool
        .call(
            "CreateUserPool",
            json!({"PoolName": "p", "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": "yes"}}),
        )
        .await;
    assert_eq!(code_of(refused), "SerializationException");
}

#[tokio::test]
async fn a_confirmed_device_is_remembered_at_once_when_the_pool_does_not_ask() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = device_pool(&pool, TRACK_ALWAYS).await;
    let signed_in = sign_in_from(&pool, (&pool_id, &client_id), "jane", None)
        .await
        .unwrap();
    let (device, answer) = confirm(&pool, &pool_id, &signed_in).await;
    assert_eq!(answer, json!({"UserConfirmationNecessary": false}));
    let access = &signed_in["AuthenticationResult"]["AccessToken"];
    let got = pool
        .call(
            "GetDevice",
            json!({"AccessToken": access, "DeviceKey": device.key}),
        )
        .await
        .unwrap();
    let described = &got["Device"];
    assert_eq!(described["DeviceKey"], device.key.as_str());
    assert_eq!(attribute(described, "device_status"), Some("valid"));
    assert_eq!(attribute(described, "device_name"), Some("Jane's laptop"));
    assert_eq!(
        attribute(described, "dev:device_remembered_status"),
        Some("remembered")
    );
    for date in [
        "DeviceCreateDate",
        "DeviceLastModifiedDate",
        "DeviceLastAuthenticatedDate",
    ] {
        assert_eq!(described[date], pool.now(), "{date} in Unix seconds");
    }
    assert!(
        !got.to_string().contains(&device.password),
        "the device password never comes back"
    );
    assert_eq!(list(&pool, access).await, [device.key.as_str()]);
}

#[tokio::test]
async fn a_device_waits_for_the_user_when_the_pool_asks() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = device_pool(&pool, TRACK_ON_PROMPT).await;
    let signed_in = sign_in_from(&pool, (&pool_id, &client_id), "jane", None)
        .await
        .unwrap();
    let (device, answer) = confirm(&pool, &pool_id, &signed_in).await;
    assert_eq!(answer, json!({"UserConfirmationNecessary": true}));
    let access = &signed_in["AuthenticationResult"]["AccessToken"];
    assert!(
        list(&pool, access).await.is_empty(),
        "listed once remembered"
    );
    let status = |value: &str| json!({"AccessToken": access, "DeviceKey": device.key, "DeviceRememberedStatus": value});
    let refused = pool.call("UpdateDeviceStatus", status("forever")).await;
    assert_eq!(code_of(refused), "InvalidParameterException");
    pool.call("UpdateDeviceStatus", status("remembered"))
        .await
        .unwrap();
    assert_eq!(list(&pool, access).await, [device.key.as_str()]);

    // Not remembered, the device signs in like any other: no device challenge, no new device.
    pool.call("UpdateDeviceStatus", status("not_remembered"))
        .await
        .unwrap();
    let again = sign_in_from(&pool, (&pool_id, &client_id), "jane", Some(&device.key))
        .await
        .unwrap();
    let result = &again["AuthenticationResult"];
    assert!(result.get("NewDeviceMetadata").is_none());
    let claims = verify_with_jwks(&pool, &pool_id, result["AccessToken"].as_str().unwrap()).await;
    assert_eq!(claims["device_key"], device.key.as_str());
}

#[tokio::test]
async fn devices_are_listed_by_page_and_forgotten() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = device_pool(&pool, TRACK_ALWAYS).await;
    let ids = (pool_id.as_str(), client_id.as_str());
    let (first, access) = remembered_device(&pool, ids, "jane").await;
    let (second, _) = remembered_device(&pool, ids, "jane").await;

    let page = pool
        .call("ListDevices", json!({"AccessToken": access, "Limit": 1}))
        .await
        .unwrap();
    assert_eq!(page["Devices"].as_array().unwrap().len(), 1);
    let token = page["PaginationToken"].clone();
    assert!(token.is_string());
    let rest = pool
        .call(
            "ListDevices",
            json!({"AccessToken": access, "Limit": 1, "PaginationToken": token}),
        )
        .await
        .unwrap();
    assert!(rest.get("PaginationToken").is_none());
    let mut paged = vec![
        page["Devices"][0]["DeviceKey"].as_str().unwrap(),
        rest["Devices"][0]["DeviceKey"].as_str().unwrap(),
    ];
    paged.sort_unstable();
    let mut expected = vec![first.key.as_str(), second.key.as_str()];
    expected.sort_unstable();
    assert_eq!(paged, expected, "each device once over the two pages");
    let too_many = pool
        .call("ListDevices", json!({"AccessToken": access, "Limit": 61}))
        .await;
    assert_eq!(code_of(too_many), "InvalidParameterException");

    let admin = |key: &str| json!({"UserPoolId": pool_id, "Username": "jane", "DeviceKey": key});
    let listed = pool
        .call(
            "AdminListDevices",
            json!({"UserPoolId": pool_id, "Username": "jane"}),
        )
        .await
        .unwrap();
    assert_eq!(listed["Devices"].as_array().unwrap().len(), 2);
    let mut not_remembered = admin(&second.key);
    not_remembered["DeviceRememberedStatus"] = json!("not_remembered");
    pool.call("AdminUpdateDeviceStatus", not_remembered)
        .await
        .unwrap();
    let got = pool
        .call("AdminGetDevice", admin(&second.key))
        .await
        .unwrap();
    assert_eq!(
        attribute(&got["Device"], "dev:device_remembered_status"),
        Some("not_remembered")
    );

    pool.call(
        "ForgetDevice",
        json!({"AccessToken": access, "DeviceKey": first.key}),
    )
    .await
    .unwrap();
    pool.call("AdminForgetDevice", admin(&second.key))
        .await
        .unwrap();
    for key in [&first.key, &second.key] {
        let gone = pool
            .call(
                "GetDevice",
                json!({"AccessToken": access, "DeviceKey": key}),
            )
            .await;
        assert_eq!(
            gone.unwrap_err(),
            error("ResourceNotFoundException", "Device does not exist.")
        );
    }
    let unknown_user = pool
        .call(
            "AdminListDevices",
            json!({"UserPoolId": pool_id, "Username": "nobody"}),
        )
        .await;
    assert_eq!(code_of(unknown_user), "UserNotFoundException");
}

#[tokio::test]
async fn another_users_device_is_not_found() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = device_pool(&pool, TRACK_ALWAYS).await;
    pool.confirmed_user(&client_id, "bob").await;
    let ids = (pool_id.as_str(), client_id.as_str());
    let (janes, _) = remembered_device(&pool, ids, "jane").await;
    let (_, bobs_access) = remembered_device(&pool, ids, "bob").await;

    for operation in ["GetDevice", "ForgetDevice"] {
        let refused = pool
            .call(
                operation,
                json!({"AccessToken": bobs_access, "DeviceKey": janes.key}),
            )
            .await;
        assert_eq!(
            refused.unwrap_err(),
            error("ResourceNotFoundException", "Device does not exist."),
            "{operation}"
        );
    }
    let borrowed = sign_in_from(&pool, ids, "bob", Some(&janes.key)).await;
    assert_eq!(code_of(borrowed), "ResourceNotFoundException");
    let admin = pool
        .call(
            "AdminGetDevice",
            json!({"UserPoolId": pool_id, "Username": "bob", "DeviceKey": janes.key}),
        )
        .await;
    assert_eq!(code_of(admin), "ResourceNotFoundException");
}

#[tokio::test]
async fn device_operations_need_a_live_access_token() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = device_pool(&pool, TRACK_ALWAYS).await;
    let ids = (pool_id.as_str(), client_id.as_str());
    let (device, access) = remembered_device(&pool, ids, "jane").await;
    pool.call("GlobalSignOut", json!({"AccessToken": access}))
        .await
        .unwrap();
    let refused = pool
        .call(
            "GetDevice",
            json!({"AccessToken": access, "DeviceKey": device.key}),
        )
        .await;
    assert_eq!(
        refused.unwrap_err(),
        error("NotAuthorizedException", "Access Token has been revoked")
    );
    let bad_verifier = pool
        .call(
            "ConfirmDevice",
            json!({"AccessToken": "not-a-token", "DeviceKey": device.key}),
        )
        .await;
    assert_eq!(code_of(bad_verifier), "NotAuthorizedException");
}

//! Changing a pool and its app client after creation: `UpdateUserPool` and `UpdateUserPoolClient`
//! replace the whole configuration (left-out settings return to their defaults), keep what cannot
//! change, refuse bad values without changing anything, and what they set is what the pool does.

mod common;

use common::{code_of, error, TestPool};
use serde_json::{json, Value};

async fn described_pool(pool: &TestPool, pool_id: &str) -> Value {
    pool.call("DescribeUserPool", json!({ "UserPoolId": pool_id }))
        .await
        .unwrap()["UserPool"]
        .clone()
}

async fn described_client(pool: &TestPool, pool_id: &str, client_id: &str) -> Value {
    pool.call(
        "DescribeUserPoolClient",
        json!({ "UserPoolId": pool_id, "ClientId": client_id }),
    )
    .await
    .unwrap()["UserPoolClient"]
        .clone()
}

fn full_pool_settings(pool_id: &str) -> Value {
    json!({
        "UserPoolId": pool_id,
        "Policies": {"PasswordPolicy": {"MinimumLength": 20, "RequireUppercase": true,
            "RequireLowercase": true, "RequireNumbers": true, "RequireSymbols": false,
            "TemporaryPasswordValidityDays": 3}},
        "MfaConfiguration": "OPTIONAL",
        "AutoVerifiedAttributes": ["phone_number"],
        "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": true,
            "DeviceOnlyRememberedOnUserPrompt": false},
        "LambdaConfig": {"PreSignUp": "http://127.0.0.1:9/trigger"},
        "DeletionProtection": "ACTIVE",
        "UserPoolTags": {"team": "identity"},
        "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::000000000000:role/sms"},
    })
}

#[tokio::test]
async fn a_new_pool_is_not_deletion_protected_unless_asked() {
    let pool = TestPool::start().await;
    let (pool_id, _) = pool.pool_and_client(json!({})).await;
    assert_eq!(
        described_pool(&pool, &pool_id).await["DeletionProtection"],
        "INACTIVE"
    );
    let (protected, _) = pool
        .pool_with(json!({"DeletionProtection": "ACTIVE"}), json!({}))
        .await;
    assert_eq!(
        described_pool(&pool, &protected).await["DeletionProtection"],
        "ACTIVE"
    );
    let refused = pool
        .call(
            "CreateUserPool",
            json!({"PoolName": "p", "DeletionProtection": "ON"}),
        )
        .await;
    assert_eq!(code_of(refused), "InvalidParameterException");
}

#[tokio::test]
async fn every_updated_setting_is_described() {
    let pool = TestPool::start().await;
    let (pool_id, _) = pool.pool_and_client(json!({})).await;
    let answer = pool
        .call("UpdateUserPool", full_pool_settings(&pool_id))
        .await
        .unwrap();
    assert_eq!(answer, json!({}), "UpdateUserPool answers with nothing");
    let described = described_pool(&pool, &pool_id).await;
    let sent = full_pool_settings(&pool_id);
    for setting in [
        "Policies",
        "MfaConfiguration",
        "AutoVerifiedAttributes",
        "DeviceConfiguration",
        "LambdaConfig",
        "DeletionProtection",
        "UserPoolTags",
    ] {
        assert_eq!(described[setting], sent[setting], "{setting}");
    }
}

#[tokio::test]
async fn a_raised_password_policy_applies_to_the_next_sign_up() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.sign_up(&client_id, "before", "before@example.com")
        .await
        .expect("the default policy accepts the password");
    pool.call(
        "UpdateUserPool",
        json!({"UserPoolId": pool_id, "AutoVerifiedAttributes": ["email"],
            "Policies": {"PasswordPolicy": {"MinimumLength": 20}}}),
    )
    .await
    .unwrap();
    let refused = pool.sign_up(&client_id, "after", "after@example.com").await;
    assert_eq!(
        refused.unwrap_err(),
        error(
            "InvalidPasswordException",
            "Password did not conform with policy: Password not long enough"
        )
    );
}

#[tokio::test]
async fn settings_left_out_return_to_their_defaults() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.call("UpdateUserPool", full_pool_settings(&pool_id))
        .await
        .unwrap();
    pool.call("UpdateUserPool", json!({ "UserPoolId": pool_id }))
        .await
        .unwrap();
    let described = described_pool(&pool, &pool_id).await;
    assert_eq!(described["MfaConfiguration"], "OFF");
    assert_eq!(described["DeletionProtection"], "INACTIVE");
    for reset in [
        "Policies",
        "AutoVerifiedAttributes",
        "DeviceConfiguration",
        "LambdaConfig",
        "UserPoolTags",
    ] {
        assert!(described.get(reset).is_none(), "{reset} is reset");
    }
    // The trigger is gone (it pointed at a closed port) and the default policy is back.
    pool.sign_up(&client_id, "jane", "jane@example.com")
        .await
        .expect("no trigger, default policy");
}

#[tokio::test]
async fn the_schema_and_sign_in_names_cannot_be_changed() {
    let pool = TestPool::start().await;
    let (pool_id, _) = pool
        .pool_with(
            json!({"UsernameAttributes": ["email"], "Schema": [{"Name": "team",
                "AttributeDataType": "String", "Mutable": true}]}),
            json!({}),
        )
        .await;
    let before = described_pool(&pool, &pool_id).await;
    pool.call(
        "UpdateUserPool",
        json!({"UserPoolId": pool_id, "UsernameAttributes": ["phone_number"],
            "Schema": [{"Name": "other", "AttributeDataType": "Number"}]}),
    )
    .await
    .unwrap();
    let after = described_pool(&pool, &pool_id).await;
    assert_eq!(after["UsernameAttributes"], before["UsernameAttributes"]);
    assert_eq!(after["SchemaAttributes"], before["SchemaAttributes"]);
}

#[tokio::test]
async fn bad_pool_values_are_refused_naming_the_field_and_change_nothing() {
    let pool = TestPool::start().await;
    let (pool_id, _) = pool.pool_and_client(json!({})).await;
    pool.call("UpdateUserPool", full_pool_settings(&pool_id))
        .await
        .unwrap();
    let before = described_pool(&pool, &pool_id).await;
    let cases = [
        (
            "Policies",
            json!({"PasswordPolicy": {"MinimumLength": 5}}),
            "Policies.PasswordPolicy.MinimumLength",
        ),
        (
            "Policies",
            json!({"PasswordPolicy": {"RequireSymbols": "yes"}}),
            "Policies.PasswordPolicy.RequireSymbols",
        ),
        ("MfaConfiguration", json!("SOMETIMES"), "MfaConfiguration"),
        (
            "AutoVerifiedAttributes",
            json!(["nickname"]),
            "AutoVerifiedAttributes",
        ),
        ("DeletionProtection", json!("YES"), "DeletionProtection"),
        ("UserPoolTags", json!({"team": 1}), "UserPoolTags"),
    ];
    for (setting, value, field) in cases {
        let mut request = full_pool_settings(&pool_id);
        request[setting] = value;
        let (code, message) = pool.call("UpdateUserPool", request).await.unwrap_err();
        assert_eq!(code, "InvalidParameterException", "{field}");
        assert!(message.contains(field), "{message} names {field}");
    }
    let mut bad_devices = full_pool_settings(&pool_id);
    bad_devices["DeviceConfiguration"] = json!({"Unknown": true});
    assert!(pool.call("UpdateUserPool", bad_devices).await.is_err());
    let after = described_pool(&pool, &pool_id).await;
    assert_eq!(after, before, "refused updates changed nothing");
}

#[tokio::test]
async fn unknown_pools_and_clients_are_not_found() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    let (other_pool, _) = pool.pool_and_client(json!({})).await;
    let missing = pool
        .call("UpdateUserPool", json!({"UserPoolId": "us-east-1_missing"}))
        .await;
    assert_eq!(code_of(missing), "ResourceNotFoundException");
    for (pool_id, client_id) in [
        ("us-east-1_missing", client_id.as_str()),
        (pool_id.as_str(), "nosuchclient"),
        (other_pool.as_str(), client_id.as_str()),
    ] {
        let answer = pool
            .call(
                "UpdateUserPoolClient",
                json!({"UserPoolId": pool_id, "ClientId": client_id}),
            )
            .await;
        assert_eq!(
            code_of(answer),
            "ResourceNotFoundException",
            "{pool_id} {client_id}"
        );
    }
}

fn full_client_settings(pool_id: &str, client_id: &str) -> Value {
    json!({
        "UserPoolId": pool_id,
        "ClientId": client_id,
        "ClientName": "renamed",
        "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        "PreventUserExistenceErrors": "ENABLED",
        "EnableTokenRevocation": false,
        "AccessTokenValidity": 30,
        "IdTokenValidity": 2,
        "RefreshTokenValidity": 7,
        "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "hours", "RefreshToken": "days"},
        "ReadAttributes": ["email"],
        "WriteAttributes": ["email"],
    })
}

#[tokio::test]
async fn every_updated_client_setting_is_described_and_the_secret_kept() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({"GenerateSecret": true})).await;
    let secret = described_client(&pool, &pool_id, &client_id).await["ClientSecret"].clone();
    assert!(secret.is_string());
    let mut request = full_client_settings(&pool_id, &client_id);
    request["ClientSecret"] = json!("chosen-by-caller");
    let answer = pool.call("UpdateUserPoolClient", request).await.unwrap();
    let described = described_client(&pool, &pool_id, &client_id).await;
    assert_eq!(answer["UserPoolClient"], described);
    assert_eq!(described["ClientSecret"], secret, "the secret is kept");
    let sent = full_client_settings(&pool_id, &client_id);
    for setting in [
        "ClientName",
        "ExplicitAuthFlows",
        "PreventUserExistenceErrors",
        "EnableTokenRevocation",
        "AccessTokenValidity",
        "IdTokenValidity",
        "RefreshTokenValidity",
        "TokenValidityUnits",
        "ReadAttributes",
        "WriteAttributes",
    ] {
        assert_eq!(described[setting], sent[setting], "{setting}");
    }
}

#[tokio::test]
async fn updated_auth_flows_decide_how_users_sign_in() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    pool.srp_sign_in(&pool_id, &client_id, "jane", common::PASSWORD)
        .await
        .expect("SRP is allowed at creation");
    pool.call(
        "UpdateUserPoolClient",
        full_client_settings(&pool_id, &client_id),
    )
    .await
    .unwrap();
    let refused = pool
        .srp_sign_in(&pool_id, &client_id, "jane", common::PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(
        refused,
        error(
            "InvalidParameterException",
            "USER_SRP_AUTH flow not enabled for this client"
        )
    );
}

#[tokio::test]
async fn client_settings_left_out_return_to_defaults_and_bad_ones_change_nothing() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.call(
        "UpdateUserPoolClient",
        full_client_settings(&pool_id, &client_id),
    )
    .await
    .unwrap();
    let before = described_client(&pool, &pool_id, &client_id).await;
    let cases = [
        (
            "ExplicitAuthFlows",
            json!(["ALLOW_EVERYTHING"]),
            "ExplicitAuthFlows",
        ),
        (
            "PreventUserExistenceErrors",
            json!("SOMETIMES"),
            "PreventUserExistenceErrors",
        ),
        (
            "EnableTokenRevocation",
            json!("no"),
            "EnableTokenRevocation",
        ),
        (
            "TokenValidityUnits",
            json!({"AccessToken": "weeks"}),
            "tokenValidityUnits.accessToken",
        ),
        ("ReadAttributes", json!("email"), "ReadAttributes"),
    ];
    for (setting, value, field) in cases {
        let mut request = full_client_settings(&pool_id, &client_id);
        request["ClientName"] = json!("not applied");
        request[setting] = value;
        let (code, message) = pool
            .call("UpdateUserPoolClient", request)
            .await
            .unwrap_err();
        assert_eq!(code, "InvalidParameterException", "{field}");
        assert!(message.contains(field), "{message} names {field}");
    }
    assert_eq!(described_client(&pool, &pool_id, &client_id).await, before);

    pool.call(
        "UpdateUserPoolClient",
        json!({"UserPoolId": pool_id, "ClientId": client_id}),
    )
    .await
    .unwrap();
    let described = described_client(&pool, &pool_id, &client_id).await;
    assert_eq!(
        described["ClientName"], "renamed",
        "a name left out is kept"
    );
    for reset in [
        "ExplicitAuthFlows",
        "PreventUserExistenceErrors",
        "EnableTokenRevocation",
        "TokenValidityUnits",
    ] {
        assert!(described.get(reset).is_none(), "{reset} is reset");
    }
}

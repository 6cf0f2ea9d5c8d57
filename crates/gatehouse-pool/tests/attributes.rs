//! Sign-up attributes against the pool's schema, over real HTTP.

mod common;

use common::{code_of, error, TestPool};
use serde_json::{json, Value};

/// The desktop app's schema: email required, phone number, and a custom `team`.
fn app_schema() -> Value {
    json!({"Schema": [
        {"Name": "email", "AttributeDataType": "String", "Required": true, "Mutable": true},
        {"Name": "phone_number", "AttributeDataType": "String", "Mutable": true},
        {"Name": "team", "AttributeDataType": "String", "Mutable": true,
         "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "20"}},
    ]})
}

/// Jane signs up with these attributes.
async fn sign_up(pool: &TestPool, client_id: &str, attributes: Value) -> common::Answer {
    pool.sign_up_with(client_id, "jane", attributes).await
}

fn invalid(message: &str) -> common::Answer {
    Err(error("InvalidParameterException", message))
}

#[tokio::test]
async fn sign_up_refuses_attributes_the_schema_does_not_allow_and_creates_no_one() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_with(app_schema(), json!({})).await;
    let email = json!({"Name": "email", "Value": "jane@example.com"});

    assert_eq!(
        sign_up(&pool, &client_id, json!([email, {"Name": "custom:flavour", "Value": "mint"}])).await,
        invalid("Attributes did not conform to the schema: Type for attribute {custom:flavour} could not be determined")
    );
    assert_eq!(
        sign_up(
            &pool,
            &client_id,
            json!([{"Name": "custom:team", "Value": "blue"}])
        )
        .await,
        invalid("Attributes did not conform to the schema: email: The attribute is required")
    );
    let empty = sign_up(&pool, &client_id, json!([{"Name": "email", "Value": ""}])).await;
    assert_eq!(code_of(empty), "InvalidParameterException");
    assert_eq!(
        sign_up(
            &pool,
            &client_id,
            json!([email, {"Name": "phone_number", "Value": "07700 900123"}])
        )
        .await,
        invalid("Invalid phone number format.")
    );
    assert_eq!(
        sign_up(
            &pool,
            &client_id,
            json!([{"Name": "email", "Value": "jane.example.com"}])
        )
        .await,
        invalid("Invalid email address format.")
    );
    let too_long = sign_up(
        &pool,
        &client_id,
        json!([email, {"Name": "custom:team", "Value": "x".repeat(21)}]),
    )
    .await;
    assert_eq!(code_of(too_long), "InvalidParameterException");
    let verified_by_user = sign_up(
        &pool,
        &client_id,
        json!([email, {"Name": "email_verified", "Value": "true"}]),
    )
    .await;
    assert_eq!(code_of(verified_by_user), "NotAuthorizedException");
    let not_a_list = sign_up(&pool, &client_id, json!({"email": "jane@example.com"})).await;
    assert_eq!(code_of(not_a_list), "SerializationException");

    assert!(!pool.user_exists(&pool_id, "jane").await);
    assert!(pool.outbox_of("jane").is_empty());
}

#[tokio::test]
async fn sign_up_keeps_declared_custom_attributes() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_with(app_schema(), json!({})).await;
    let answer = sign_up(
        &pool,
        &client_id,
        json!([{"Name": "email", "Value": "jane@example.com"},
            {"Name": "phone_number", "Value": "+447700900123"},
            {"Name": "custom:team", "Value": "blue"}]),
    )
    .await
    .unwrap();
    assert_eq!(answer["UserConfirmed"], false);
    let value = |name| pool.attribute_of(&pool_id, "jane", name);
    assert_eq!(value("custom:team").await, Some(json!("blue")));
    assert_eq!(value("phone_number").await, Some(json!("+447700900123")));
}

#[tokio::test]
async fn number_attributes_must_be_numbers_within_their_range() {
    let pool = TestPool::start().await;
    let (_, client_id) = pool
        .pool_with(
            json!({"Schema": [{"Name": "age", "AttributeDataType": "Number",
                "NumberAttributeConstraints": {"MinValue": "0", "MaxValue": "150"}}]}),
            json!({}),
        )
        .await;
    let with_age = |age: &str| json!([{"Name": "email", "Value": "jane@example.com"}, {"Name": "custom:age", "Value": age}]);
    for bad in ["old", "-1", "151"] {
        let refused = sign_up(&pool, &client_id, with_age(bad)).await;
        assert_eq!(code_of(refused), "InvalidParameterException", "{bad}");
    }
    sign_up(&pool, &client_id, with_age("42"))
        .await
        .expect("a number in range is accepted");
}

#[tokio::test]
async fn a_pool_schema_with_an_unknown_type_is_refused() {
    let pool = TestPool::start().await;
    let refused = pool
        .call(
            "CreateUserPool",
            json!({"PoolName": "bad", "Schema": [{"Name": "team", "AttributeDataType": "Colour"}]}),
        )
        .await;
    assert_eq!(code_of(refused), "InvalidParameterException");
    let unnamed = pool
        .call(
            "CreateUserPool",
            json!({"PoolName": "bad", "Schema": [{"AttributeDataType": "String"}]}),
        )
        .await;
    assert_eq!(code_of(unnamed), "InvalidParameterException");
    let pools = pool
        .call("ListUserPools", json!({"MaxResults": 10}))
        .await
        .unwrap();
    assert_eq!(pools["UserPools"], json!([]));
}

#[tokio::test]
async fn the_apps_local_pool_requires_an_email_and_knows_the_team() {
    let pool = TestPool::start().await;
    let local = pool
        .pool
        .ensure_local_pool("gatehouse-local", "gatehouse-desktop")
        .unwrap();
    let missing = sign_up(&pool, &local.client_id, json!([])).await;
    assert_eq!(
        missing,
        invalid("Attributes did not conform to the schema: email: The attribute is required")
    );
    sign_up(
        &pool,
        &local.client_id,
        json!([{"Name": "email", "Value": "jane@example.com"},
            {"Name": "custom:team", "Value": "blue"}]),
    )
    .await
    .expect("email and team are accepted");
}

#[tokio::test]
async fn the_apps_local_pool_offers_sms_and_authenticator_codes_as_options() {
    let pool = TestPool::start().await;
    let local = pool
        .pool
        .ensure_local_pool("gatehouse-local", "gatehouse-desktop")
        .unwrap();
    let mfa = pool
        .pool
        .call(
            "GetUserPoolMfaConfig",
            &json!({"UserPoolId": local.user_pool_id}),
        )
        .unwrap();
    assert_eq!(mfa["MfaConfiguration"], "OPTIONAL");
    assert!(mfa["SmsMfaConfiguration"].is_object(), "{mfa}");
    assert_eq!(mfa["SoftwareTokenMfaConfiguration"]["Enabled"], true);
}

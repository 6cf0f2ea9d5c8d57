//! Pools and app clients: `CreateUserPool`, `CreateUserPoolClient`, `DescribeUserPool`,
//! `DescribeUserPoolClient`, `ListUserPools`. Settings are kept as given and echoed back, so later
//! operations read the same names Cognito documents (`Policies`, `AutoVerifiedAttributes`,
//! `ExplicitAuthFlows`, `PreventUserExistenceErrors`, token validities...). Their updates and the
//! setting checks both share are in `updates.rs`.

use rand::{distributions::Alphanumeric, Rng};
use serde_json::{json, Map, Value};

use super::{client, pool, required};
use crate::{
    error::CognitoError,
    service::Ctx,
    store::{ClientRow, PoolRow},
    tokens::PoolKey,
};

pub const REGION: &str = "us-east-1";

fn random_id(length: usize, lowercase: bool) -> String {
    let id: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(length)
        .map(char::from)
        .collect();
    if lowercase {
        id.to_lowercase()
    } else {
        id
    }
}

pub(super) fn settings_without(request: &Value, names: &[&str]) -> Value {
    let mut settings: Map<String, Value> = request.as_object().cloned().unwrap_or_default();
    for name in names {
        settings.remove(*name);
    }
    Value::Object(settings)
}

pub fn create_user_pool(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let name = required(request, "PoolName")?;
    if name.len() > 128 {
        return Err(CognitoError::invalid_parameter(
            "PoolName must be at most 128 characters.",
        ));
    }
    let config = settings_without(request, &["PoolName"]);
    super::attributes::check_schema(&config)?;
    super::triggers::check_lambda_config(&config)?;
    super::devices::check_device_configuration(&config)?;
    super::updates::check_pool_settings(&config)?;
    let key = PoolKey::generate();
    let row = PoolRow {
        id: format!("{REGION}_{}", random_id(9, false)),
        name: name.to_owned(),
        config,
        kid: key.kid.clone(),
        key_pem: key.to_pem(),
        created: ctx.now,
        modified: ctx.now,
    };
    ctx.db.insert_pool(&row)?;
    Ok(json!({ "UserPool": describe_pool(&row) }))
}

pub(super) fn describe_pool(row: &PoolRow) -> Value {
    let mut pool = row.config.as_object().cloned().unwrap_or_default();
    pool.insert("Id".into(), json!(row.id));
    pool.insert("Name".into(), json!(row.name));
    pool.insert(
        "Arn".into(),
        json!(format!(
            "arn:aws:cognito-idp:{REGION}:000000000000:userpool/{}",
            row.id
        )),
    );
    pool.insert("CreationDate".into(), json!(row.created));
    pool.insert("LastModifiedDate".into(), json!(row.modified));
    // Cognito describes the schema as `SchemaAttributes`, custom attributes named with their
    // `custom:` prefix; `Schema` stays as `CreateUserPool` was given it.
    if let Some(schema) = row.config["Schema"].as_array() {
        let described: Vec<Value> = schema
            .iter()
            .map(|entry| {
                let mut entry = entry.clone();
                if let Some(name) = entry["Name"].as_str() {
                    entry["Name"] = json!(super::attributes::full_name(name));
                }
                entry
            })
            .collect();
        pool.insert("SchemaAttributes".into(), Value::Array(described));
    }
    pool.entry("MfaConfiguration").or_insert(json!("OFF"));
    pool.entry("DeletionProtection")
        .or_insert(json!("INACTIVE"));
    pool.entry("Status").or_insert(json!("Enabled"));
    Value::Object(pool)
}

pub fn describe_user_pool(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let row = pool(ctx, required(request, "UserPoolId")?)?;
    Ok(json!({ "UserPool": describe_pool(&row) }))
}

pub fn list_user_pools(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let max = request.get("MaxResults").and_then(Value::as_u64).ok_or_else(|| {
        CognitoError::invalid_parameter(
            "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must not be null",
        )
    })?;
    if !(1..=60).contains(&max) {
        return Err(CognitoError::invalid_parameter(
            "MaxResults must be between 1 and 60.",
        ));
    }
    let pools: Vec<Value> = ctx
        .db
        .pools()?
        .iter()
        .take(max as usize)
        .map(|row| json!({"Id": row.id, "Name": row.name, "CreationDate": row.created, "LastModifiedDate": row.modified}))
        .collect();
    Ok(json!({ "UserPools": pools }))
}

pub fn create_user_pool_client(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let pool = pool(ctx, required(request, "UserPoolId")?)?;
    let name = required(request, "ClientName")?;
    let mut config = settings_without(request, &["UserPoolId", "ClientName", "GenerateSecret"]);
    if request.get("GenerateSecret").and_then(Value::as_bool) == Some(true) {
        config["ClientSecret"] = json!(random_id(51, true));
    }
    super::updates::check_client_settings(&config)?;
    let row = ClientRow {
        id: random_id(26, true),
        pool_id: pool.id,
        name: name.to_owned(),
        config,
        created: ctx.now,
    };
    ctx.db.insert_client(&row)?;
    Ok(json!({ "UserPoolClient": describe_client(&row) }))
}

pub(super) fn describe_client(row: &ClientRow) -> Value {
    let mut client = row.config.as_object().cloned().unwrap_or_default();
    client.insert("ClientId".into(), json!(row.id));
    client.insert("ClientName".into(), json!(row.name));
    client.insert("UserPoolId".into(), json!(row.pool_id));
    client.insert("CreationDate".into(), json!(row.created));
    client.insert("LastModifiedDate".into(), json!(row.created));
    Value::Object(client)
}

pub fn describe_user_pool_client(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let pool_id = required(request, "UserPoolId")?;
    let row = client(ctx, required(request, "ClientId")?)?;
    if row.pool_id != pool_id {
        return Err(CognitoError::resource_not_found(format!(
            "User pool client {} does not exist.",
            row.id
        )));
    }
    Ok(json!({ "UserPoolClient": describe_client(&row) }))
}

/// The pool and client the app's local mode uses, created on first call and found by name after.
pub fn ensure_local_pool(
    ctx: &Ctx<'_>,
    pool_name: &str,
    client_name: &str,
) -> Result<Value, CognitoError> {
    let existing = ctx
        .db
        .pools()?
        .into_iter()
        .find(|row| row.name == pool_name);
    let pool_id = match existing {
        Some(row) => row.id,
        None => {
            let created = create_user_pool(
                ctx,
                &json!({"PoolName": pool_name, "AutoVerifiedAttributes": ["email"],
                // The app's sign-up form: email required, phone number, custom:team.
                "Schema": [
                    {"Name": "email", "AttributeDataType": "String", "Required": true, "Mutable": true},
                    {"Name": "phone_number", "AttributeDataType": "String", "Required": false, "Mutable": true},
                    {"Name": "team", "AttributeDataType": "String", "Required": false, "Mutable": true,
                     "StringAttributeConstraints": {"MinLength": "0", "MaxLength": "64"}},
                ]}),
            )?;
            let pool_id = created["UserPool"]["Id"]
                .as_str()
                .expect("a created pool has an id")
                .to_owned();
            // Every second factor the app supports, each optional: the user turns them on. Set
            // as an administrator must on Cognito, where CreateUserPool cannot enable TOTP. The
            // SMS role is what a real pool needs to text (`gatehouse doctor` asks for it); here
            // texts go to the outbox and the role is never assumed.
            super::mfa::set_user_pool_mfa_config(
                ctx,
                &json!({
                    "UserPoolId": pool_id,
                    "MfaConfiguration": "OPTIONAL",
                    "SmsMfaConfiguration": {
                        "SmsAuthenticationMessage": "Your Gatehouse code is {####}",
                        "SmsConfiguration": {
                            "SnsCallerArn": "arn:aws:iam::000000000000:role/gatehouse-local-sms",
                            "ExternalId": "gatehouse-local",
                            "SnsRegion": REGION,
                        },
                    },
                    "SoftwareTokenMfaConfiguration": {"Enabled": true},
                }),
            )?;
            pool_id
        }
    };
    let existing = ctx
        .db
        .clients_of(&pool_id)?
        .into_iter()
        .find(|row| row.name == client_name);
    let client_id = match existing {
        Some(row) => row.id,
        None => {
            let created = create_user_pool_client(
                ctx,
                &json!({
                    "UserPoolId": pool_id,
                    "ClientName": client_name,
                    "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                    "PreventUserExistenceErrors": "ENABLED",
                    "EnableTokenRevocation": true,
                }),
            )?;
            created["UserPoolClient"]["ClientId"]
                .as_str()
                .expect("a created client has an id")
                .to_owned()
        }
    };
    Ok(json!({"Region": REGION, "UserPoolId": pool_id, "ClientId": client_id}))
}

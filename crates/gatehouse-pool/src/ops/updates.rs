//! `UpdateUserPool` and `UpdateUserPoolClient`, and the setting checks they share with the create
//! operations. As Cognito documents, an update replaces the whole configuration: a setting the
//! request leaves out returns to its default. Settings fixed at creation (the schema, sign-in
//! names) are kept whatever the request says, and the MFA factors stay as `SetUserPoolMfaConfig`
//! set them. A refused request changes nothing: every check runs before the single write.
//! https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-updating.html

use serde_json::{json, Value};

use super::{
    admin::{describe_client, settings_without},
    client, optional, pool, required,
};
use crate::{error::CognitoError, service::Ctx};

/// Pool settings `UpdateUserPool` cannot change: kept as they were stored.
const FIXED_POOL_SETTINGS: [&str; 6] = [
    "Schema",
    "UsernameAttributes",
    "AliasAttributes",
    "UsernameConfiguration",
    "SmsMfaConfiguration",
    "SoftwareTokenMfaConfiguration",
];

pub fn update_user_pool(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let mut pool = pool(ctx, required(request, "UserPoolId")?)?;
    let mut config = settings_without(request, &["UserPoolId", "PoolName"]);
    for member in FIXED_POOL_SETTINGS {
        match pool.config.get(member) {
            Some(kept) => config[member] = kept.clone(),
            None => {
                config
                    .as_object_mut()
                    .map(|settings| settings.remove(member));
            }
        }
    }
    super::triggers::check_lambda_config(&config)?;
    super::devices::check_device_configuration(&config)?;
    check_pool_settings(&config)?;
    if let Some(name) = optional(request, "PoolName")? {
        if name.is_empty() || name.len() > 128 {
            return Err(invalid("PoolName", "must be 1 to 128 characters"));
        }
        pool.name = name.to_owned();
    }
    pool.config = config;
    pool.modified = ctx.now;
    super::mfa::check_mfa_factors(&pool)?;
    ctx.db.update_pool(&pool)?;
    Ok(json!({}))
}

pub fn update_user_pool_client(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let pool = pool(ctx, required(request, "UserPoolId")?)?;
    let mut row = client(ctx, required(request, "ClientId")?)?;
    if row.pool_id != pool.id {
        return Err(CognitoError::resource_not_found(format!(
            "User pool client {} does not exist.",
            row.id
        )));
    }
    let mut config = settings_without(
        request,
        &[
            "UserPoolId",
            "ClientId",
            "ClientName",
            "ClientSecret",
            "GenerateSecret",
        ],
    );
    // The secret is the client's identity, not a setting: an update never changes it.
    if let Some(secret) = row.config.get("ClientSecret") {
        config["ClientSecret"] = secret.clone();
    }
    check_client_settings(&config)?;
    if let Some(name) = optional(request, "ClientName")? {
        if name.is_empty() || name.len() > 128 {
            return Err(invalid("ClientName", "must be 1 to 128 characters"));
        }
        row.name = name.to_owned();
    }
    row.config = config;
    ctx.db.update_client(&row)?;
    Ok(json!({ "UserPoolClient": describe_client(&row) }))
}

fn invalid(field: &str, rule: &str) -> CognitoError {
    CognitoError::invalid_parameter(format!("{field} {rule}."))
}

/// Whether `value` is absent, or one of `allowed`.
fn check_enum(config: &Value, field: &str, allowed: &[&str]) -> Result<(), CognitoError> {
    match config.get(field) {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(text)) if allowed.contains(&text.as_str()) => Ok(()),
        Some(_) => Err(invalid(
            field,
            &format!("must be one of {}", allowed.join(", ")),
        )),
    }
}

fn check_bool(value: Option<&Value>, field: &str) -> Result<(), CognitoError> {
    match value {
        None | Some(Value::Null) | Some(Value::Bool(_)) => Ok(()),
        Some(_) => Err(invalid(field, "must be a boolean")),
    }
}

/// Whether `value` is absent, or a list of strings each in `allowed` (any string when `None`).
fn check_list(
    value: Option<&Value>,
    field: &str,
    allowed: Option<&[&str]>,
) -> Result<(), CognitoError> {
    let valid = match value {
        None | Some(Value::Null) => true,
        Some(Value::Array(items)) => items.iter().all(|item| {
            item.as_str()
                .is_some_and(|item| allowed.is_none_or(|allowed| allowed.contains(&item)))
        }),
        Some(_) => false,
    };
    if valid {
        Ok(())
    } else {
        Err(match allowed {
            Some(allowed) => invalid(field, &format!("must list only {}", allowed.join(", "))),
            None => invalid(field, "must be a list of strings"),
        })
    }
}

fn check_range(
    value: Option<&Value>,
    field: &str,
    range: std::ops::RangeInclusive<u64>,
) -> Result<(), CognitoError> {
    match value {
        None | Some(Value::Null) => Ok(()),
        Some(number) if number.as_u64().is_some_and(|n| range.contains(&n)) => Ok(()),
        Some(_) => Err(invalid(
            field,
            &format!("must be a number from {} to {}", range.start(), range.end()),
        )),
    }
}

/// The pool settings both `CreateUserPool` and `UpdateUserPool` take, other than triggers and
/// device remembering, which their own modules check.
pub fn check_pool_settings(config: &Value) -> Result<(), CognitoError> {
    let policies = config.get("Policies").filter(|value| !value.is_null());
    if policies.is_some_and(|value| !value.is_object()) {
        return Err(invalid("Policies", "must be a structure"));
    }
    let password = policies
        .and_then(|policies| policies.get("PasswordPolicy"))
        .filter(|value| !value.is_null());
    if let Some(password) = password {
        if !password.is_object() {
            return Err(invalid("Policies.PasswordPolicy", "must be a structure"));
        }
        check_range(
            password.get("MinimumLength"),
            "Policies.PasswordPolicy.MinimumLength",
            6..=99,
        )?;
        check_range(
            password.get("TemporaryPasswordValidityDays"),
            "Policies.PasswordPolicy.TemporaryPasswordValidityDays",
            0..=365,
        )?;
        for flag in [
            "RequireUppercase",
            "RequireLowercase",
            "RequireNumbers",
            "RequireSymbols",
        ] {
            check_bool(
                password.get(flag),
                &format!("Policies.PasswordPolicy.{flag}"),
            )?;
        }
    }
    check_enum(config, "MfaConfiguration", &["OFF", "ON", "OPTIONAL"])?;
    check_enum(config, "DeletionProtection", &["ACTIVE", "INACTIVE"])?;
    check_list(
        config.get("AutoVerifiedAttributes"),
        "AutoVerifiedAttributes",
        Some(&["email", "phone_number"]),
    )?;
    match config.get("UserPoolTags") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Object(tags)) if tags.values().all(Value::is_string) => Ok(()),
        Some(_) => Err(invalid("UserPoolTags", "must map names to strings")),
    }
}

/// The client settings both `CreateUserPoolClient` and `UpdateUserPoolClient` take.
pub fn check_client_settings(config: &Value) -> Result<(), CognitoError> {
    let flows = [
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_CUSTOM_AUTH",
        "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        "ALLOW_USER_AUTH",
    ];
    if check_list(
        config.get("ExplicitAuthFlows"),
        "ExplicitAuthFlows",
        Some(&flows),
    )
    .is_err()
    {
        return Err(CognitoError::invalid_parameter(
            "ExplicitAuthFlows contains an unknown flow.",
        ));
    }
    check_enum(config, "PreventUserExistenceErrors", &["ENABLED", "LEGACY"])?;
    check_bool(config.get("EnableTokenRevocation"), "EnableTokenRevocation")?;
    check_list(config.get("ReadAttributes"), "ReadAttributes", None)?;
    check_list(config.get("WriteAttributes"), "WriteAttributes", None)?;
    super::sessions::check_token_validities(config)
}

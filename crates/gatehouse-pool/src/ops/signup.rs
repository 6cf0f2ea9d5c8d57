//! Self-service sign-up and its confirmation: `SignUp`, `ConfirmSignUp`, `ResendConfirmationCode`,
//! and the admin side `AdminConfirmSignUp`, `AdminGetUser`.
//! https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html

use serde_json::{json, Value};

use super::{attribute_list, client, codes, optional, policy, pool, required, srp_pool_name, user};
use crate::{error::CognitoError, service::Ctx, srp, store::UserRow};

/// Standard attributes a pool accepts without declaring them
/// (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html).
const STANDARD_ATTRIBUTES: &[&str] = &[
    "address",
    "birthdate",
    "email",
    "family_name",
    "gender",
    "given_name",
    "locale",
    "middle_name",
    "name",
    "nickname",
    "phone_number",
    "picture",
    "preferred_username",
    "profile",
    "website",
    "zoneinfo",
    "updated_at",
];

fn user_attributes(
    request: &Value,
    pool_config: &Value,
) -> Result<Vec<(String, String)>, CognitoError> {
    let Some(list) = request
        .get("UserAttributes")
        .filter(|value| !value.is_null())
    else {
        return Ok(Vec::new());
    };
    let list = list.as_array().ok_or_else(|| {
        CognitoError::new("SerializationException", "UserAttributes must be a list.")
    })?;
    let declared: Vec<&str> = pool_config["Schema"]
        .as_array()
        .map(|schema| {
            schema
                .iter()
                .filter_map(|attribute| attribute["Name"].as_str())
                .collect()
        })
        .unwrap_or_default();
    let mut attributes = Vec::new();
    for entry in list {
        let name = required(entry, "Name")?;
        let value = optional(entry, "Value")?.unwrap_or_default();
        let known = STANDARD_ATTRIBUTES.contains(&name)
            || name
                .strip_prefix("custom:")
                .is_some_and(|custom| declared.contains(&custom) || declared.contains(&name));
        if !known {
            return Err(CognitoError::invalid_parameter(format!(
                "Attributes did not conform to the schema: Type for attribute {{{name}}} could not be determined"
            )));
        }
        match name {
            "email" => policy::check_email(value)?,
            "phone_number" => policy::check_phone(value)?,
            _ => {}
        }
        attributes.retain(|(existing, _): &(String, String)| existing != name);
        attributes.push((name.to_owned(), value.to_owned()));
    }
    Ok(attributes)
}

fn check_username(username: &str) -> Result<(), CognitoError> {
    if username.chars().any(char::is_whitespace) || username.chars().count() > 128 {
        return Err(CognitoError::invalid_parameter(
            "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
        ));
    }
    Ok(())
}

pub fn sign_up(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let client = client(ctx, required(request, "ClientId")?)?;
    let pool = pool(ctx, &client.pool_id)?;
    let username = required(request, "Username")?;
    let password = required(request, "Password")?;
    check_username(username)?;
    let attributes = user_attributes(request, &pool.config)?;
    policy::check_password(&pool.config, password)?;
    if ctx.db.user(&pool.id, username)?.is_some() {
        return Err(CognitoError::new(
            "UsernameExistsException",
            "User already exists",
        ));
    }
    let verifier = srp::make_verifier(srp_pool_name(&pool.id), username, password);
    let sub = uuid::Uuid::new_v4().to_string();
    let mut user = UserRow {
        pool_id: pool.id.clone(),
        username: username.to_owned(),
        sub: sub.clone(),
        status: "UNCONFIRMED".into(),
        enabled: true,
        attributes,
        salt: verifier.salt_hex,
        verifier: verifier.verifier_hex,
        created: ctx.now,
        modified: ctx.now,
    };
    user.attributes.insert(0, ("sub".into(), sub.clone()));
    ctx.db.insert_user(&user)?;
    let mut answer = json!({"UserConfirmed": false, "UserSub": sub});
    if let Some(target) = codes::delivery_target(&pool.config, &user) {
        answer["CodeDeliveryDetails"] = codes::issue(ctx, &user, codes::SIGN_UP, target)?;
    }
    Ok(answer)
}

pub fn confirm_sign_up(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let client = client(ctx, required(request, "ClientId")?)?;
    let pool = pool(ctx, &client.pool_id)?;
    let code = required(request, "ConfirmationCode")?;
    let mut user = user(ctx, &pool.id, required(request, "Username")?)?;
    if user.status != "UNCONFIRMED" {
        return Err(CognitoError::not_authorized(format!(
            "User cannot be confirmed. Current status is {}",
            user.status
        )));
    }
    codes::verify(ctx, &user, codes::SIGN_UP, code)?;
    if let Some((_, attribute, _)) = codes::delivery_target(&pool.config, &user) {
        user.set_attribute(&format!("{attribute}_verified"), "true");
    }
    user.status = "CONFIRMED".into();
    user.modified = ctx.now;
    ctx.db.update_user(&user)?;
    Ok(json!({}))
}

pub fn resend_confirmation_code(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let client = client(ctx, required(request, "ClientId")?)?;
    let pool = pool(ctx, &client.pool_id)?;
    let user = user(ctx, &pool.id, required(request, "Username")?)?;
    if user.status != "UNCONFIRMED" {
        return Err(CognitoError::invalid_parameter(
            "User is already confirmed.",
        ));
    }
    let target = codes::delivery_target(&pool.config, &user)
        .ok_or_else(|| CognitoError::invalid_parameter("Auto verification not turned on."))?;
    Ok(json!({ "CodeDeliveryDetails": codes::issue(ctx, &user, codes::SIGN_UP, target)? }))
}

pub fn admin_confirm_sign_up(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let pool = pool(ctx, required(request, "UserPoolId")?)?;
    let mut user = user(ctx, &pool.id, required(request, "Username")?)?;
    if user.status != "UNCONFIRMED" {
        return Err(CognitoError::not_authorized(format!(
            "User cannot be confirmed. Current status is {}",
            user.status
        )));
    }
    user.status = "CONFIRMED".into();
    user.modified = ctx.now;
    ctx.db.update_user(&user)?;
    ctx.db
        .delete_code(&pool.id, &user.username, codes::SIGN_UP)?;
    Ok(json!({}))
}

pub fn admin_get_user(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let pool = pool(ctx, required(request, "UserPoolId")?)?;
    let user = user(ctx, &pool.id, required(request, "Username")?)?;
    Ok(json!({
        "Username": user.username,
        "UserAttributes": attribute_list(&user),
        "UserCreateDate": user.created,
        "UserLastModifiedDate": user.modified,
        "Enabled": user.enabled,
        "UserStatus": user.status,
    }))
}

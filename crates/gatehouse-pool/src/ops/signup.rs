//! Self-service sign-up and its confirmation: `SignUp`, `ConfirmSignUp`, `ResendConfirmationCode`,
//! and the admin side `AdminConfirmSignUp`, `AdminGetUser`. Attributes are checked against the
//! pool's schema (`attributes.rs`); `ValidationData` and `ClientMetadata` go to the `PreSignUp` and
//! `PostConfirmation` triggers (`triggers.rs`).
//! In a pool with `UsernameAttributes` the user signs up with their email address or phone number:
//! the pool names them by a generated UUID (their `sub`), and every operation that takes a
//! username also takes that email (any case) or phone number (`Db::user`).
//! https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html

use serde_json::{json, Value};

use super::{
    attribute_list,
    attributes::{self, Writer},
    client, codes, constraints, optional, policy, pool, required, secret_hash,
    sessions::prevents_existence_errors,
    srp_pool_name, string_map, triggers, user,
};
use crate::{
    error::CognitoError,
    service::Ctx,
    store::{PoolRow, UserRow},
};

fn check_username(username: &str) -> Result<(), CognitoError> {
    if username.chars().any(char::is_whitespace) || username.chars().count() > 128 {
        return Err(CognitoError::invalid_parameter(
            "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
        ));
    }
    Ok(())
}

/// Which of the pool's `UsernameAttributes` `value` is (`email` or `phone_number`), refused with
/// Cognito's sentence when it is neither of those the pool allows.
fn username_attribute(allowed: &[String], value: &str) -> Result<&'static str, CognitoError> {
    let email = allowed.iter().any(|name| name == "email");
    let phone = allowed.iter().any(|name| name == "phone_number");
    if email && policy::check_email(value).is_ok() {
        return Ok("email");
    }
    if phone && policy::check_phone(value).is_ok() {
        return Ok("phone_number");
    }
    Err(CognitoError::invalid_parameter(match (email, phone) {
        (true, true) => "Username should be either an email or a phone number.",
        (true, false) => "Username should be an email.",
        _ => "Username should be a phone number.",
    }))
}

/// In a pool with `UsernameAttributes`, `Username` is the email address or phone number the user
/// signs in with: it is kept as that attribute (one given in `UserAttributes` must agree), no other
/// user of the pool may have it, and the user's username is a generated UUID, their `sub`.
/// Returns the username and `sub` to create the user with.
pub(super) fn generated_username(
    ctx: &Ctx<'_>,
    pool: &PoolRow,
    username: &str,
    given: &mut Vec<(String, String)>,
) -> Result<(String, String), CognitoError> {
    let sub = ctx.prepared.new_sub();
    let allowed = crate::store::username_attributes(&pool.config);
    if allowed.is_empty() {
        check_username(username)?;
        return Ok((username.to_owned(), sub));
    }
    let attribute = username_attribute(&allowed, username)?;
    if ctx
        .db
        .user_by_alias(&pool.id, attribute, username)?
        .is_some()
    {
        return Err(CognitoError::new(
            "UsernameExistsException",
            format!("An account with the given {attribute} already exists."),
        ));
    }
    let disagrees = given.iter().any(|(name, value)| {
        name == attribute
            && if attribute == "email" {
                !value.eq_ignore_ascii_case(username)
            } else {
                value != username
            }
    });
    if disagrees {
        return Err(CognitoError::invalid_parameter(format!(
            "User {attribute} should be empty or same as username, since username attribute is {attribute}."
        )));
    }
    given.retain(|(name, _)| name != attribute);
    given.insert(0, (attribute.to_owned(), username.to_owned()));
    Ok((sub.clone(), sub))
}

pub fn sign_up(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let client = client(ctx, required(request, "ClientId")?)?;
    let pool = pool(ctx, &client.pool_id)?;
    let username = required(request, "Username")?;
    secret_hash::check(&client, optional(request, "SecretHash")?, &[username])?;
    let password = required(request, "Password")?;
    let mut given = attributes::attribute_pairs(request, "UserAttributes")?;
    let (generated, sub) = generated_username(ctx, &pool, username, &mut given)?;
    let username = generated.as_str();
    attributes::validate_attributes(&pool.config, &given, Writer::User)?;
    attributes::check_required(&pool.config, &given)?;
    let validation_data = attributes::attribute_pairs(request, "ValidationData")?;
    let client_metadata = string_map(request, "ClientMetadata")?;
    policy::check_password(&pool.config, password)?;
    if ctx.db.user(&pool.id, username)?.is_some() {
        return Err(CognitoError::new(
            "UsernameExistsException",
            "User already exists",
        ));
    }
    let verdict = triggers::pre_sign_up(
        &pool,
        triggers::SignUpSource::SignUp,
        &client.id,
        username,
        &given,
        &validation_data,
        &client_metadata,
    )?;
    if verdict.auto_verify_email && given.iter().any(|(name, _)| name == "email") {
        given.push(("email_verified".into(), "true".into()));
    }
    if verdict.auto_verify_phone && given.iter().any(|(name, _)| name == "phone_number") {
        given.push(("phone_number_verified".into(), "true".into()));
    }
    let verifier = ctx
        .prepared
        .verifier(srp_pool_name(&pool.id), username, password);
    let mut user = UserRow {
        pool_id: pool.id.clone(),
        username: username.to_owned(),
        sub: sub.clone(),
        status: if verdict.auto_confirm_user {
            "CONFIRMED"
        } else {
            "UNCONFIRMED"
        }
        .into(),
        enabled: true,
        attributes: given,
        salt: verifier.salt_hex,
        verifier: verifier.verifier_hex,
        created: ctx.now,
        modified: ctx.now,
    };
    user.attributes.insert(0, ("sub".into(), sub.clone()));
    ctx.db.insert_user(&user)?;
    // A user the PreSignUp trigger confirmed needs no code (Cognito sends none either).
    let mut answer = json!({"UserConfirmed": verdict.auto_confirm_user, "UserSub": sub});
    if !verdict.auto_confirm_user {
        if let Some(target) = codes::delivery_target(&pool.config, &user) {
            answer["CodeDeliveryDetails"] =
                codes::issue_limited(ctx, &user, codes::SIGN_UP, target)?;
        }
    }
    Ok(answer)
}

pub fn confirm_sign_up(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let client = client(ctx, required(request, "ClientId")?)?;
    let pool = pool(ctx, &client.pool_id)?;
    let code = constraints::confirmation_code(request, "ConfirmationCode")?;
    let client_metadata = string_map(request, "ClientMetadata")?;
    let username = required(request, "Username")?;
    secret_hash::check(&client, optional(request, "SecretHash")?, &[username])?;
    let mut user = match ctx.db.user(&pool.id, username)? {
        Some(user) => user,
        // With existence errors prevented, an unknown user looks like a wrong code.
        None if prevents_existence_errors(&client) => return Err(codes::mismatch()),
        None => return Err(CognitoError::user_not_found()),
    };
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
    let confirmation = (triggers::Confirmation::SignUp, client_metadata.as_slice());
    mark_confirmed(ctx, &pool, &client.id, &mut user, confirmation)
}

/// Saves the user as `CONFIRMED` and runs the `PostConfirmation` trigger, whose refusal undoes it.
pub(super) fn mark_confirmed(
    ctx: &Ctx<'_>,
    pool: &PoolRow,
    client_id: &str,
    user: &mut UserRow,
    (confirmation, client_metadata): (triggers::Confirmation, &[(&str, &str)]),
) -> Result<Value, CognitoError> {
    user.status = "CONFIRMED".into();
    user.modified = ctx.now;
    ctx.db.update_user(user)?;
    triggers::post_confirmation(pool, client_id, user, confirmation, client_metadata)?;
    Ok(json!({}))
}

/// Sends a new sign-up code; at most a few an hour (`codes::issue_limited`).
pub fn resend_confirmation_code(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let client = client(ctx, required(request, "ClientId")?)?;
    let pool = pool(ctx, &client.pool_id)?;
    let username = required(request, "Username")?;
    secret_hash::check(&client, optional(request, "SecretHash")?, &[username])?;
    let user = match ctx.db.user(&pool.id, username)? {
        Some(user) => user,
        None if prevents_existence_errors(&client) => {
            return Ok(json!({
                "CodeDeliveryDetails": codes::simulated_delivery(&pool.config, &pool.id, username)
            }))
        }
        None => return Err(CognitoError::user_not_found()),
    };
    if user.status != "UNCONFIRMED" {
        return Err(CognitoError::invalid_parameter(
            "User is already confirmed.",
        ));
    }
    let target = codes::delivery_target(&pool.config, &user)
        .ok_or_else(|| CognitoError::invalid_parameter("Auto verification not turned on."))?;
    Ok(json!({ "CodeDeliveryDetails": codes::issue_limited(ctx, &user, codes::SIGN_UP, target)? }))
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
    ctx.db
        .delete_code(&pool.id, &user.username, codes::SIGN_UP)?;
    let client_metadata = string_map(request, "ClientMetadata")?;
    let confirmation = (triggers::Confirmation::SignUp, client_metadata.as_slice());
    mark_confirmed(ctx, &pool, triggers::NO_CLIENT, &mut user, confirmation)
}

pub fn admin_get_user(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let pool = pool(ctx, required(request, "UserPoolId")?)?;
    let user = user(ctx, &pool.id, required(request, "Username")?)?;
    let mut answer = json!({
        "Username": user.username,
        "UserAttributes": attribute_list(&user),
        "UserCreateDate": user.created,
        "UserLastModifiedDate": user.modified,
        "Enabled": user.enabled,
        "UserStatus": user.status,
    });
    if let Some(members) = answer.as_object_mut() {
        members.extend(super::mfa::user_mfa_members(ctx, &user)?);
    }
    Ok(answer)
}

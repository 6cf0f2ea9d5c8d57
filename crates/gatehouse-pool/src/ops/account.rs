//! A signed-in user's own account, with the access token: `UpdateUserAttributes`,
//! `DeleteUserAttributes`, `GetUserAttributeVerificationCode`, `VerifyUserAttribute`,
//! `ChangePassword`, `DeleteUser`; and the administrator's twins `AdminUpdateUserAttributes`,
//! `AdminDeleteUserAttributes`, `AdminDeleteUser`.
//! https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserAttributes.html
//!
//! The token is checked as `GetUser` checks it (signature, expiry, revocation, global sign-out).
//! A changed `email` or `phone_number` is no longer verified; when the pool auto-verifies it, a
//! code goes to the new address (valid 24 hours, five tries, single use, a few an hour), as
//! Cognito sends one. Deviation: the pool has no `AttributesRequireVerificationBeforeUpdate`, so
//! a new value replaces the old one at once. A wrong `PreviousPassword` counts towards the same
//! lockout as a wrong sign-in password. A new password leaves the user's tokens valid, as in
//! Cognito (an app that wants them ended calls `GlobalSignOut`).

use serde_json::{json, Value};

use super::{
    attributes::{self, Writer},
    auth::lock_seconds,
    codes, constraints, mfa, policy, pool, required, srp_pool_name, string_map, user,
};
use crate::{
    error::CognitoError,
    service::Ctx,
    srp,
    store::{PoolRow, UserRow},
};

/// The attributes a code can verify, and the purpose their codes are stored and sent under.
fn verification_purpose(attribute: &str) -> Option<&'static str> {
    match attribute {
        "email" => Some("VERIFY_EMAIL"),
        "phone_number" => Some("VERIFY_PHONE_NUMBER"),
        _ => None,
    }
}

fn not_verifiable(attribute: &str) -> CognitoError {
    CognitoError::invalid_parameter(format!(
        "Attribute {attribute} cannot be verified: only email and phone_number can."
    ))
}

fn auto_verified(pool: &PoolRow, attribute: &str) -> bool {
    pool.config["AutoVerifiedAttributes"]
        .as_array()
        .is_some_and(|list| list.iter().any(|name| name == attribute))
}

/// Sends a code verifying `attribute`'s current value; at most a few an hour.
fn send_code(ctx: &Ctx<'_>, user: &UserRow, attribute: &str) -> Result<Value, CognitoError> {
    let purpose = verification_purpose(attribute).ok_or_else(|| not_verifiable(attribute))?;
    let destination = user.attribute(attribute).ok_or_else(|| {
        CognitoError::invalid_parameter(format!("The user has no {attribute} to verify."))
    })?;
    let medium = if attribute == "email" { "EMAIL" } else { "SMS" };
    codes::issue_limited(
        ctx,
        user,
        purpose,
        (medium, attribute, destination.to_owned()),
    )
}

/// Refuses removing an attribute the schema requires (a user who already lacks one may still
/// change others).
fn keep_required<'a>(
    pool: &PoolRow,
    mut names: impl Iterator<Item = &'a str>,
) -> Result<(), CognitoError> {
    let required = attributes::required_attributes(&pool.config);
    match names.find(|name| required.iter().any(|r| r == name)) {
        Some(name) => Err(CognitoError::invalid_parameter(format!(
            "Attributes did not conform to the schema: {name}: The attribute is required"
        ))),
        None => Ok(()),
    }
}

/// A `[String]` member such as `UserAttributeNames`.
fn string_list<'a>(request: &'a Value, member: &str) -> Result<Vec<&'a str>, CognitoError> {
    match request.get(member) {
        None | Some(Value::Null) => Err(CognitoError::invalid_parameter(format!(
            "1 validation error detected: Value at '{}' failed to satisfy constraint: Member must not be null",
            super::lower_first(member)
        ))),
        Some(Value::Array(list)) => list
            .iter()
            .map(|name| {
                name.as_str().ok_or_else(|| {
                    CognitoError::new(
                        "SerializationException",
                        format!("Values of {member} must be strings."),
                    )
                })
            })
            .collect(),
        Some(_) => Err(CognitoError::new(
            "SerializationException",
            format!("{member} must be a list."),
        )),
    }
}

/// Whether `name` may be removed by `writer`: known, mutable, not `sub`, and a verification flag
/// only by an administrator. Required attributes are checked on the result.
fn check_removable(pool: &PoolRow, name: &str, writer: Writer) -> Result<(), CognitoError> {
    match name {
        "sub" => Err(CognitoError::invalid_parameter(
            "Cannot modify the non-mutable attribute sub",
        )),
        "email_verified" | "phone_number_verified" if writer == Writer::Admin => Ok(()),
        "email_verified" | "phone_number_verified" => Err(CognitoError::not_authorized(format!(
            "A client attempted to write unauthorized attribute {name}"
        ))),
        _ if !attributes::is_known(&pool.config, name) => {
            Err(CognitoError::invalid_parameter(format!(
                "Attributes did not conform to the schema: Type for attribute {{{name}}} could not be determined"
            )))
        }
        _ => attributes::check_mutable(&pool.config, name),
    }
}

/// In a pool with `UsernameAttributes`, a new email or phone number the user would sign in with
/// must not be another user's.
fn check_sign_in_aliases_free(
    ctx: &Ctx<'_>,
    pool: &PoolRow,
    user: &UserRow,
    set: &[(String, String)],
) -> Result<(), CognitoError> {
    for attribute in crate::store::username_attributes(&pool.config) {
        let Some((_, value)) = set.iter().find(|(name, _)| *name == attribute) else {
            continue;
        };
        let owner = ctx.db.user_by_alias(&pool.id, &attribute, value)?;
        if owner.is_some_and(|owner| owner.username != user.username) {
            return Err(CognitoError::new(
                "AliasExistsException",
                format!("An account with the given {attribute} already exists."),
            ));
        }
    }
    Ok(())
}

/// Sets and removes attributes for `UpdateUserAttributes` (an empty value removes, as in
/// Cognito) and `AdminUpdateUserAttributes`; answers the codes sent.
fn update(
    ctx: &Ctx<'_>,
    pool: &PoolRow,
    user: &mut UserRow,
    request: &Value,
    writer: Writer,
) -> Result<Value, CognitoError> {
    if request.get("UserAttributes").is_none_or(Value::is_null) {
        return Err(CognitoError::invalid_parameter(
            "1 validation error detected: Value at 'userAttributes' failed to satisfy constraint: Member must not be null",
        ));
    }
    string_map(request, "ClientMetadata")?;
    let given = attributes::attribute_pairs(request, "UserAttributes")?;
    let (removed, set): (Vec<_>, Vec<_>) = given.into_iter().partition(|(_, v)| v.is_empty());
    attributes::validate_attributes(&pool.config, &set, writer)?;
    for (name, _) in &set {
        attributes::check_mutable(&pool.config, name)?;
    }
    for (name, _) in &removed {
        check_removable(pool, name, writer)?;
    }
    check_sign_in_aliases_free(ctx, pool, user, &set)?;
    let flag_given = |name: &str| {
        set.iter()
            .any(|(given, _)| *given == format!("{name}_verified"))
    };
    let mut to_verify = Vec::new();
    for (name, value) in &set {
        let changed = user.attribute(name) != Some(value.as_str());
        if changed && verification_purpose(name).is_some() && !flag_given(name) {
            user.set_attribute(&format!("{name}_verified"), "false");
            if auto_verified(pool, name) {
                to_verify.push(name.clone());
            }
        }
        user.set_attribute(name, value);
    }
    keep_required(pool, removed.iter().map(|(name, _)| name.as_str()))?;
    remove(user, removed.iter().map(|(name, _)| name.as_str()));
    user.modified = ctx.now;
    ctx.db.update_user(user)?;
    let mut sent = Vec::new();
    for name in to_verify {
        sent.push(send_code(ctx, user, &name)?);
    }
    if sent.is_empty() {
        Ok(json!({}))
    } else {
        Ok(json!({ "CodeDeliveryDetailsList": sent }))
    }
}

/// Removes attributes; removing `email` or `phone_number` removes its verification flag too.
fn remove<'a>(user: &mut UserRow, names: impl Iterator<Item = &'a str>) {
    for name in names {
        let flag = format!("{name}_verified");
        user.attributes
            .retain(|(existing, _)| existing != name && *existing != flag);
    }
}

fn delete_attributes(
    ctx: &Ctx<'_>,
    pool: &PoolRow,
    user: &mut UserRow,
    request: &Value,
    writer: Writer,
) -> Result<Value, CognitoError> {
    let names = string_list(request, "UserAttributeNames")?;
    for name in &names {
        check_removable(pool, name, writer)?;
    }
    keep_required(pool, names.iter().copied())?;
    remove(user, names.iter().copied());
    for name in &names {
        if let Some(purpose) = verification_purpose(name) {
            ctx.db.delete_code(&pool.id, &user.username, purpose)?;
        }
    }
    user.modified = ctx.now;
    ctx.db.update_user(user)?;
    Ok(json!({}))
}

pub fn update_user_attributes(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let (pool, mut user) = mfa::user_of_access_token(ctx, required(request, "AccessToken")?)?;
    update(ctx, &pool, &mut user, request, Writer::User)
}

pub fn admin_update_user_attributes(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let pool = pool(ctx, required(request, "UserPoolId")?)?;
    let mut user = user(ctx, &pool.id, required(request, "Username")?)?;
    update(ctx, &pool, &mut user, request, Writer::Admin)?;
    // Cognito's AdminUpdateUserAttributes answers nothing, even when it sent a code.
    Ok(json!({}))
}

pub fn delete_user_attributes(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let (pool, mut user) = mfa::user_of_access_token(ctx, required(request, "AccessToken")?)?;
    delete_attributes(ctx, &pool, &mut user, request, Writer::User)
}

pub fn admin_delete_user_attributes(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let pool = pool(ctx, required(request, "UserPoolId")?)?;
    let mut user = user(ctx, &pool.id, required(request, "Username")?)?;
    delete_attributes(ctx, &pool, &mut user, request, Writer::Admin)
}

pub fn get_user_attribute_verification_code(
    ctx: &Ctx<'_>,
    request: &Value,
) -> Result<Value, CognitoError> {
    let (_, user) = mfa::user_of_access_token(ctx, required(request, "AccessToken")?)?;
    let attribute = required(request, "AttributeName")?;
    string_map(request, "ClientMetadata")?;
    Ok(json!({ "CodeDeliveryDetails": send_code(ctx, &user, attribute)? }))
}

pub fn verify_user_attribute(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let (_, mut user) = mfa::user_of_access_token(ctx, required(request, "AccessToken")?)?;
    let attribute = required(request, "AttributeName")?;
    let code = constraints::confirmation_code(request, "Code")?;
    let purpose = verification_purpose(attribute).ok_or_else(|| not_verifiable(attribute))?;
    codes::verify(ctx, &user, purpose, code)?;
    user.set_attribute(&format!("{attribute}_verified"), "true");
    user.modified = ctx.now;
    ctx.db.update_user(&user)?;
    Ok(json!({}))
}

/// The new password is checked against the policy first, so a weak one costs no attempt; a
/// wrong previous password counts towards the sign-in lockout and is refused as sign-in refuses.
pub fn change_password(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let (pool, mut user) = mfa::user_of_access_token(ctx, required(request, "AccessToken")?)?;
    let previous = required(request, "PreviousPassword")?;
    let proposed = required(request, "ProposedPassword")?;
    let (failures, locked_until) = ctx.db.sign_in_failures(&pool.id, &user.username)?;
    if locked_until > ctx.now {
        return Err(CognitoError::not_authorized("Password attempts exceeded"));
    }
    policy::check_password(&pool.config, proposed)?;
    let stored = srp::Verifier {
        salt_hex: user.salt.clone(),
        verifier_hex: user.verifier.clone(),
    };
    if !srp::password_matches(srp_pool_name(&pool.id), &user.username, previous, &stored) {
        let failures = failures + 1;
        let locked_until = ctx.now + lock_seconds(failures);
        let (pool_id, username) = (pool.id.clone(), user.username.clone());
        ctx.keep_on_failure(move |db| {
            db.put_sign_in_failures(&pool_id, &username, failures, locked_until)
        });
        return Err(CognitoError::incorrect_credentials());
    }
    let verifier = srp::make_verifier(srp_pool_name(&pool.id), &user.username, proposed);
    user.salt = verifier.salt_hex;
    user.verifier = verifier.verifier_hex;
    user.modified = ctx.now;
    ctx.db.update_user(&user)?;
    ctx.db.clear_sign_in_failures(&pool.id, &user.username)?;
    Ok(json!({}))
}

/// Deletes the user and everything kept about them; their tokens stop working (the sign-ins they
/// belong to are gone).
pub fn delete_user(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let (pool, user) = mfa::user_of_access_token(ctx, required(request, "AccessToken")?)?;
    ctx.db.delete_user(&pool.id, &user.username)?;
    Ok(json!({}))
}

pub fn admin_delete_user(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let pool = pool(ctx, required(request, "UserPoolId")?)?;
    let user = user(ctx, &pool.id, required(request, "Username")?)?;
    ctx.db.delete_user(&pool.id, &user.username)?;
    Ok(json!({}))
}

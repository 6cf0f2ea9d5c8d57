//! Multi-factor authentication settings: the pool's (`SetUserPoolMfaConfig`,
//! `GetUserPoolMfaConfig`), each user's (`SetUserMFAPreference`, `AdminSetUserMFAPreference`,
//! the MFA members of `GetUser`), and which second-factor challenge a sign-in meets. Setting up
//! an authenticator app is in `software_token.rs`.
//! https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html
//!
//! A pool's factors: once `SetUserPoolMfaConfig` has been called, exactly what its last call
//! gave (each call replaces both factor settings: one left out is turned off, as in Cognito);
//! before that, SMS when `CreateUserPool` was given an `SmsConfiguration` or an MFA mode (which in
//! Cognito only SMS can serve), and no software tokens.

use serde_json::{json, Map, Value};

use super::{optional, pool, required, sessions, totp, user};
use crate::{
    error::CognitoError,
    service::Ctx,
    store::{PoolRow, UserRow},
    tokens::peek_claims,
};

const SMS: &str = "SMS_MFA";
pub const TOTP: &str = "SOFTWARE_TOKEN_MFA";

/// A pool's MFA mode and factors.
struct PoolMfa {
    mode: String,
    sms: bool,
    totp: bool,
}

fn pool_mfa(pool: &PoolRow) -> PoolMfa {
    let config = &pool.config;
    let mode = config["MfaConfiguration"]
        .as_str()
        .unwrap_or("OFF")
        .to_owned();
    let totp = config["SoftwareTokenMfaConfiguration"]["Enabled"] == true;
    let sms = if set_by_mfa_config(pool) {
        config["SmsMfaConfiguration"].is_object()
    } else {
        config["SmsConfiguration"].is_object() || mode != "OFF"
    };
    PoolMfa { mode, sms, totp }
}

/// MFA that is on or optional needs a factor to offer.
pub(super) fn check_mfa_factors(pool: &PoolRow) -> Result<(), CognitoError> {
    let offered = pool_mfa(pool);
    if offered.mode != "OFF" && !offered.sms && !offered.totp {
        return Err(CognitoError::invalid_parameter(
            "Invalid MFA configuration given, can't turn on MFA without any enabled MFA factor.",
        ));
    }
    Ok(())
}

/// `SetUserPoolMfaConfig` always records `SoftwareTokenMfaConfiguration`; `CreateUserPool` has no
/// such member.
fn set_by_mfa_config(pool: &PoolRow) -> bool {
    pool.config.get("SoftwareTokenMfaConfiguration").is_some()
}

/// Whether the pool offers authenticator apps.
pub fn offers_software_tokens(pool: &PoolRow) -> bool {
    pool_mfa(pool).totp
}

/// The factors `user` has turned on that the pool offers.
pub fn enabled_factors(
    ctx: &Ctx<'_>,
    pool: &PoolRow,
    user: &UserRow,
) -> Result<Vec<&'static str>, CognitoError> {
    let offered = pool_mfa(pool);
    let mfa = ctx.db.user_mfa(&pool.id, &user.username)?;
    let mut factors = Vec::new();
    if offered.sms && mfa.sms_enabled && user.attribute("phone_number").is_some() {
        factors.push(SMS);
    }
    if offered.totp && mfa.totp_enabled && mfa.totp_secret.is_some() {
        factors.push(TOTP);
    }
    Ok(factors)
}

/// The challenge a sign-in meets after the password, or `None` for tokens.
pub fn challenge_for(
    ctx: &Ctx<'_>,
    pool: &PoolRow,
    user: &UserRow,
) -> Result<Option<&'static str>, CognitoError> {
    let offered = pool_mfa(pool);
    if offered.mode == "OFF" {
        return Ok(None);
    }
    let factors = enabled_factors(ctx, pool, user)?;
    let preferred = ctx.db.user_mfa(&pool.id, &user.username)?.preferred;
    Ok(match factors.as_slice() {
        [] if offered.mode == "ON" && offered.totp => Some("MFA_SETUP"),
        [] if offered.mode == "ON" && offered.sms && user.attribute("phone_number").is_some() => {
            Some(SMS)
        }
        [] if offered.mode == "ON" => {
            return Err(CognitoError::not_authorized(
                "MFA is required for this user pool and the user has no MFA method to use.",
            ))
        }
        [] => None,
        [only] => Some(*only),
        _ => match preferred.as_deref() {
            Some(SMS) => Some(SMS),
            Some(TOTP) => Some(TOTP),
            _ => Some("SELECT_MFA_TYPE"),
        },
    })
}

/// Checks an authenticator code for `user`, remembering its step so it is not accepted again.
pub fn accept_totp(ctx: &Ctx<'_>, user: &UserRow, code: &str) -> Result<bool, CognitoError> {
    let mut mfa = ctx.db.user_mfa(&user.pool_id, &user.username)?;
    let Some(secret) = mfa.totp_secret.as_deref() else {
        return Ok(false);
    };
    match totp::verify(secret, code, ctx.now, mfa.last_step) {
        Some(step) => {
            mfa.last_step = Some(step);
            ctx.db.put_user_mfa(&user.pool_id, &user.username, &mfa)?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// `UserMFASettingList` and `PreferredMfaSetting` for `GetUser` / `AdminGetUser`; members are
/// left out when empty, as Cognito does.
pub fn user_mfa_members(ctx: &Ctx<'_>, user: &UserRow) -> Result<Map<String, Value>, CognitoError> {
    let mfa = ctx.db.user_mfa(&user.pool_id, &user.username)?;
    let mut members = Map::new();
    let mut enabled = Vec::new();
    if mfa.sms_enabled {
        enabled.push(SMS);
    }
    if mfa.totp_enabled {
        enabled.push(TOTP);
    }
    if !enabled.is_empty() {
        members.insert("UserMFASettingList".into(), json!(enabled));
    }
    if let Some(preferred) = mfa.preferred {
        members.insert("PreferredMfaSetting".into(), json!(preferred));
    }
    Ok(members)
}

/// `GetUserPoolMfaConfig`'s answer: the SMS settings whenever the pool offers SMS (a pool given
/// only `SmsConfiguration` at creation shows it inside `SmsMfaConfiguration`, as Cognito does).
fn mfa_config_answer(pool: &PoolRow) -> Value {
    let config = &pool.config;
    let mut answer = json!({
        "MfaConfiguration": config["MfaConfiguration"].as_str().unwrap_or("OFF"),
    });
    if set_by_mfa_config(pool) {
        for member in ["SmsMfaConfiguration", "SoftwareTokenMfaConfiguration"] {
            if let Some(value) = config.get(member).filter(|v| v.is_object()) {
                answer[member] = value.clone();
            }
        }
    } else if pool_mfa(pool).sms {
        answer["SmsMfaConfiguration"] = match config.get("SmsConfiguration") {
            Some(sms @ Value::Object(_)) => json!({ "SmsConfiguration": sms }),
            _ => json!({}),
        };
    }
    answer
}

pub fn get_user_pool_mfa_config(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let pool = pool(ctx, required(request, "UserPoolId")?)?;
    Ok(mfa_config_answer(&pool))
}

pub fn set_user_pool_mfa_config(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let mut pool = pool(ctx, required(request, "UserPoolId")?)?;
    let mode = optional(request, "MfaConfiguration")?;
    if let Some(mode) = mode {
        if !["OFF", "ON", "OPTIONAL"].contains(&mode) {
            return Err(CognitoError::invalid_parameter(format!(
                "1 validation error detected: Value '{mode}' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]"
            )));
        }
    }
    let config = pool
        .config
        .as_object_mut()
        .ok_or_else(CognitoError::internal)?;
    for member in ["SmsMfaConfiguration", "SoftwareTokenMfaConfiguration"] {
        match request.get(member) {
            None | Some(Value::Null) if member == "SmsMfaConfiguration" => {
                config.remove(member);
            }
            None | Some(Value::Null) => {
                config.insert(member.into(), json!({ "Enabled": false }));
            }
            Some(value @ Value::Object(_)) => {
                config.insert(member.into(), value.clone());
            }
            Some(_) => {
                return Err(CognitoError::new(
                    "SerializationException",
                    format!("Member {member} must be a structure."),
                ))
            }
        }
    }
    if let Some(mode) = mode {
        config.insert("MfaConfiguration".into(), json!(mode));
    }
    check_mfa_factors(&pool)?;
    ctx.db.set_pool_config(&pool.id, &pool.config, ctx.now)?;
    Ok(mfa_config_answer(&pool))
}

/// `GetUser` with the MFA members added.
pub fn get_user(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let (mut answer, _, user) = account_of_access_token(ctx, required(request, "AccessToken")?)?;
    if let Some(members) = answer.as_object_mut() {
        members.extend(user_mfa_members(ctx, &user)?);
    }
    Ok(answer)
}

pub fn user_of_access_token(
    ctx: &Ctx<'_>,
    token: &str,
) -> Result<(PoolRow, UserRow), CognitoError> {
    let (_, pool, user) = account_of_access_token(ctx, token)?;
    Ok((pool, user))
}

/// The user an access token belongs to, and `GetUser`'s answer. `GetUser` checks the token
/// (signature, expiry, revocation), so that check stays in one place.
fn account_of_access_token(
    ctx: &Ctx<'_>,
    token: &str,
) -> Result<(Value, PoolRow, UserRow), CognitoError> {
    let me = sessions::get_user(ctx, &json!({ "AccessToken": token }))?;
    let pool_id = peek_claims(token)
        .and_then(|claims| claims["iss"].as_str().map(str::to_owned))
        .and_then(|iss| iss.rsplit('/').next().map(str::to_owned))
        .ok_or_else(|| CognitoError::not_authorized("Invalid Access Token"))?;
    let pool = pool(ctx, &pool_id)?;
    let user = user(ctx, &pool.id, me["Username"].as_str().unwrap_or_default())?;
    Ok((me, pool, user))
}

/// One of `SMSMfaSettings` / `SoftwareTokenMfaSettings`: `(Enabled, PreferredMfa)`.
fn settings(request: &Value, member: &str) -> Result<Option<(bool, bool)>, CognitoError> {
    match request.get(member) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(settings)) => {
            let flag = |name: &str| match settings.get(name) {
                None | Some(Value::Null) => Ok(false),
                Some(Value::Bool(flag)) => Ok(*flag),
                Some(_) => Err(CognitoError::new(
                    "SerializationException",
                    format!("Member {member}.{name} must be a boolean."),
                )),
            };
            Ok(Some((flag("Enabled")?, flag("PreferredMfa")?)))
        }
        Some(_) => Err(CognitoError::new(
            "SerializationException",
            format!("Member {member} must be a structure."),
        )),
    }
}

fn apply_preference(ctx: &Ctx<'_>, user: &UserRow, request: &Value) -> Result<Value, CognitoError> {
    let mut mfa = ctx.db.user_mfa(&user.pool_id, &user.username)?;
    let sms = settings(request, "SMSMfaSettings")?;
    let software = settings(request, "SoftwareTokenMfaSettings")?;
    if sms.is_some_and(|(_, preferred)| preferred)
        && software.is_some_and(|(_, preferred)| preferred)
    {
        return Err(CognitoError::invalid_parameter(
            "Only one MFA type can be preferred.",
        ));
    }
    for (factor, setting) in [(SMS, sms), (TOTP, software)] {
        let Some((enabled, preferred)) = setting else {
            continue;
        };
        if preferred && !enabled {
            return Err(CognitoError::invalid_parameter(format!(
                "{factor} cannot be preferred without being enabled."
            )));
        }
        let deliverable = match factor {
            SMS => user.attribute("phone_number").is_some(),
            _ => mfa.totp_secret.is_some(),
        };
        if enabled && !deliverable {
            return Err(CognitoError::invalid_parameter(format!(
                "User does not have delivery config set to turn on {factor}"
            )));
        }
        match factor {
            SMS => mfa.sms_enabled = enabled,
            _ => mfa.totp_enabled = enabled,
        }
        if preferred {
            mfa.preferred = Some(factor.to_owned());
        } else if mfa.preferred.as_deref() == Some(factor) {
            mfa.preferred = None;
        }
    }
    ctx.db.put_user_mfa(&user.pool_id, &user.username, &mfa)?;
    Ok(json!({}))
}

pub fn set_user_mfa_preference(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let (_, user) = user_of_access_token(ctx, required(request, "AccessToken")?)?;
    apply_preference(ctx, &user, request)
}

pub fn admin_set_user_mfa_preference(
    ctx: &Ctx<'_>,
    request: &Value,
) -> Result<Value, CognitoError> {
    let pool = pool(ctx, required(request, "UserPoolId")?)?;
    let user = user(ctx, &pool.id, required(request, "Username")?)?;
    apply_preference(ctx, &user, request)
}

//! One-time codes: issued as 6 random digits, delivered to the outbox, stored hashed with an expiry
//! and an attempt count. Sign-up codes live 24 hours and password-reset codes 1 hour, as Cognito's
//! do; five wrong tries burn a code. A user may be sent at most `DELIVERIES_PER_HOUR` codes of one
//! purpose an hour (`issue_limited`); Cognito documents such a bound but not its size.

use rand::Rng;
use serde_json::{json, Value};
use subtle::ConstantTimeEq;

use super::{challenges, policy::mask_destination};
use crate::{
    error::CognitoError,
    service::Ctx,
    store::{CodeRow, UserRow},
    tokens::hash_secret,
};

pub const SIGN_UP: &str = "SIGN_UP";
pub const FORGOT_PASSWORD: &str = "FORGOT_PASSWORD";
const SIGN_UP_VALIDITY_SECONDS: i64 = 24 * 60 * 60;
const FORGOT_PASSWORD_VALIDITY_SECONDS: i64 = 60 * 60;
const MAX_ATTEMPTS: i64 = 5;
const DELIVERIES_PER_HOUR: i64 = 5;

fn validity_seconds(purpose: &str) -> i64 {
    match purpose {
        FORGOT_PASSWORD => FORGOT_PASSWORD_VALIDITY_SECONDS,
        _ => SIGN_UP_VALIDITY_SECONDS,
    }
}

pub fn attempt_limit_exceeded() -> CognitoError {
    CognitoError::new(
        "LimitExceededException",
        "Attempt limit exceeded, please try after some time.",
    )
}

/// A fresh one-time code: six random digits, as Cognito sends.
pub fn six_digits() -> String {
    format!("{:06}", rand::thread_rng().gen_range(0..1_000_000))
}

/// Where a user's code goes: email when the pool auto-verifies email, else phone.
pub fn delivery_target(
    pool_config: &Value,
    user: &UserRow,
) -> Option<(&'static str, &'static str, String)> {
    let verified: Vec<&str> = pool_config["AutoVerifiedAttributes"]
        .as_array()
        .map(|list| list.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if verified.contains(&"email") {
        if let Some(email) = user.attribute("email") {
            return Some(("EMAIL", "email", email.to_owned()));
        }
    }
    if verified.contains(&"phone_number") {
        if let Some(phone) = user.attribute("phone_number") {
            return Some(("SMS", "phone_number", phone.to_owned()));
        }
    }
    None
}

/// Issues a fresh code (replacing any earlier one), puts it in the outbox and returns Cognito's
/// `CodeDeliveryDetails`.
pub fn issue(
    ctx: &Ctx<'_>,
    user: &UserRow,
    purpose: &str,
    (medium, attribute, destination): (&str, &str, String),
) -> Result<Value, CognitoError> {
    let code = six_digits();
    ctx.db.put_code(
        &user.pool_id,
        &user.username,
        purpose,
        &CodeRow {
            code_hash: hash_secret(&code),
            expires_at: ctx.now + validity_seconds(purpose),
            attempts: 0,
        },
    )?;
    challenges::send(ctx, user, (medium, &destination), purpose, &code)?;
    Ok(json!({
        "AttributeName": attribute,
        "DeliveryMedium": medium,
        "Destination": mask_destination(&destination),
    }))
}

/// `issue`, refused with `LimitExceededException` once the user was sent `DELIVERIES_PER_HOUR`
/// codes of this purpose in the last hour (by the pool's clock).
pub fn issue_limited(
    ctx: &Ctx<'_>,
    user: &UserRow,
    purpose: &str,
    target: (&str, &str, String),
) -> Result<Value, CognitoError> {
    count_delivery(ctx, &user.pool_id, &user.username, purpose)?;
    issue(ctx, user, purpose, target)
}

/// Counts one delivery towards the hourly bound, refusing it when the bound is reached. Simulated
/// deliveries to unknown users count too, so the bound does not tell who exists.
pub fn count_delivery(
    ctx: &Ctx<'_>,
    pool_id: &str,
    username: &str,
    purpose: &str,
) -> Result<(), CognitoError> {
    let hour_ago = ctx.now - 3600;
    ctx.db.forget_code_deliveries_before(hour_ago)?;
    if ctx
        .db
        .code_deliveries_since(pool_id, username, purpose, hour_ago)?
        >= DELIVERIES_PER_HOUR
    {
        return Err(attempt_limit_exceeded());
    }
    ctx.db
        .record_code_delivery(pool_id, username, purpose, ctx.now)?;
    Ok(())
}

/// Where a password-reset code goes: a verified email or phone number, in the order of the pool's
/// `AccountRecoverySetting` (email first when the pool has none).
pub fn recovery_target(
    pool_config: &Value,
    user: &UserRow,
) -> Option<(&'static str, &'static str, String)> {
    let configured: Vec<&str> = pool_config["AccountRecoverySetting"]["RecoveryMechanisms"]
        .as_array()
        .map(|list| {
            let mut list: Vec<&Value> = list.iter().collect();
            list.sort_by_key(|mechanism| mechanism["Priority"].as_i64().unwrap_or(i64::MAX));
            list.iter().filter_map(|m| m["Name"].as_str()).collect()
        })
        .unwrap_or_else(|| vec!["verified_email", "verified_phone_number"]);
    configured.into_iter().find_map(|mechanism| {
        let (medium, attribute) = match mechanism {
            "verified_email" => ("EMAIL", "email"),
            "verified_phone_number" => ("SMS", "phone_number"),
            _ => return None,
        };
        let verified = user.attribute(&format!("{attribute}_verified")) == Some("true");
        let destination = user.attribute(attribute).filter(|_| verified)?;
        Some((medium, attribute, destination.to_owned()))
    })
}

/// The `CodeDeliveryDetails` answered for a user who does not exist, when the client prevents
/// user-existence errors: as plausible as a real one, and the same on every call for a name.
pub fn simulated_delivery(pool_config: &Value, pool_id: &str, username: &str) -> Value {
    let digest = hash_secret(&format!("{pool_id}/{username}"));
    let by_phone = pool_config["AutoVerifiedAttributes"]
        .as_array()
        .is_some_and(|list| list.iter().all(|a| a == "phone_number") && !list.is_empty());
    if by_phone {
        let digits: String = digest
            .bytes()
            .take(4)
            .map(|b| char::from(b'0' + b % 10))
            .collect();
        json!({"AttributeName": "phone_number", "DeliveryMedium": "SMS",
               "Destination": format!("+*******{digits}")})
    } else {
        let letter = |at: usize| char::from(b'a' + digest.as_bytes()[at] % 26);
        let first = username
            .chars()
            .next()
            .filter(char::is_ascii_alphanumeric)
            .unwrap_or_else(|| letter(0));
        json!({"AttributeName": "email", "DeliveryMedium": "EMAIL",
               "Destination": format!("{first}***@{}***.com", letter(1))})
    }
}

/// Checks a submitted code and consumes it. A wrong code counts an attempt that is kept even
/// though the operation fails (and rolls back its other writes).
pub fn verify(
    ctx: &Ctx<'_>,
    user: &UserRow,
    purpose: &str,
    submitted: &str,
) -> Result<(), CognitoError> {
    let Some(mut stored) = ctx.db.code(&user.pool_id, &user.username, purpose)? else {
        return Err(mismatch());
    };
    if stored.attempts >= MAX_ATTEMPTS {
        return Err(attempt_limit_exceeded());
    }
    if stored.expires_at <= ctx.now {
        return Err(CognitoError::new(
            "ExpiredCodeException",
            "Invalid code provided, please request a code again.",
        ));
    }
    let matches: bool = hash_secret(submitted)
        .as_bytes()
        .ct_eq(stored.code_hash.as_bytes())
        .into();
    if !matches {
        stored.attempts += 1;
        let (pool_id, username, purpose) = (
            user.pool_id.clone(),
            user.username.clone(),
            purpose.to_owned(),
        );
        ctx.keep_on_failure(move |db| db.put_code(&pool_id, &username, &purpose, &stored));
        return Err(mismatch());
    }
    ctx.db.delete_code(&user.pool_id, &user.username, purpose)?;
    Ok(())
}

pub fn mismatch() -> CognitoError {
    CognitoError::new(
        "CodeMismatchException",
        "Invalid verification code provided, please try again.",
    )
}

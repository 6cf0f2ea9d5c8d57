//! One-time codes: issued as 6 random digits, delivered to the outbox, stored hashed with an expiry
//! and an attempt count. Sign-up codes live 24 hours as Cognito's do; five wrong tries burn a code.

use rand::Rng;
use serde_json::{json, Value};
use subtle::ConstantTimeEq;

use super::policy::mask_destination;
use crate::{
    error::CognitoError,
    outbox::OutboxMessage,
    service::Ctx,
    store::{CodeRow, UserRow},
    tokens::hash_secret,
};

pub const SIGN_UP: &str = "SIGN_UP";
const SIGN_UP_VALIDITY_SECONDS: i64 = 24 * 60 * 60;
const MAX_ATTEMPTS: i64 = 5;

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
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    ctx.db.put_code(
        &user.pool_id,
        &user.username,
        purpose,
        &CodeRow {
            code_hash: hash_secret(&code),
            expires_at: ctx.now + SIGN_UP_VALIDITY_SECONDS,
            attempts: 0,
        },
    )?;
    ctx.db.insert_outbox(&OutboxMessage {
        pool_id: user.pool_id.clone(),
        username: user.username.clone(),
        destination: destination.clone(),
        medium: medium.to_owned(),
        purpose: purpose.to_owned(),
        code,
        sent_at: ctx
            .service
            .clock
            .now()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })?;
    ctx.mail_sent();
    Ok(json!({
        "AttributeName": attribute,
        "DeliveryMedium": medium,
        "Destination": mask_destination(&destination),
    }))
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
        return Err(CognitoError::new(
            "LimitExceededException",
            "Attempt limit exceeded, please try after some time.",
        ));
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

fn mismatch() -> CognitoError {
    CognitoError::new(
        "CodeMismatchException",
        "Invalid verification code provided, please try again.",
    )
}

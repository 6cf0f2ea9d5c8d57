//! SRP sign-in: `InitiateAuth` (`USER_SRP_AUTH`, `REFRESH_TOKEN_AUTH`) and
//! `RespondToAuthChallenge` (`PASSWORD_VERIFIER`), checking the client's password proof for real;
//! the challenges after the password are in `challenges.rs`.
//! https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow.html
//!
//! Brute force: Cognito locks a user out after five failed sign-ins with growing delays and does not
//! publish the schedule. The pool counts consecutive wrong passwords per user; the fifth and each
//! one after it lock password sign-in for 60 s, doubling, at most 15 minutes; a correct password
//! clears the count. While locked the proof is not even checked, so guessing learns nothing.

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use rand::RngCore;
use serde_json::{json, Value};

use super::{
    challenges, device_auth, map_get, optional, pool, required, secret_hash, sessions,
    srp_pool_name, string_map, triggers,
};
use crate::{
    error::CognitoError,
    handshakes::PendingHandshake,
    service::Ctx,
    srp::{self, SrpRejection},
    store::ClientRow,
};

/// A PASSWORD_VERIFIER answer must come within Cognito's 3-minute session.
pub(super) const HANDSHAKE_SECONDS: i64 = 180;
/// How far the client's TIMESTAMP may stray from the pool's clock.
pub(super) const TIMESTAMP_TOLERANCE_SECONDS: i64 = 15 * 60;
/// Wrong passwords in a row before sign-in is locked, and the first and longest lock.
const FAILURES_BEFORE_LOCK: i64 = 5;
const FIRST_LOCK_SECONDS: i64 = 60;
const LONGEST_LOCK_SECONDS: i64 = 15 * 60;
/// The challenges answered after the password, with the session the previous answer gave.
const LATER_CHALLENGES: &[&str] = &[
    "NEW_PASSWORD_REQUIRED",
    "SELECT_MFA_TYPE",
    "SMS_MFA",
    "SOFTWARE_TOKEN_MFA",
    "MFA_SETUP",
];

/// How long password sign-in stays locked after `failures` wrong passwords in a row.
pub(super) fn lock_seconds(failures: i64) -> i64 {
    if failures < FAILURES_BEFORE_LOCK {
        return 0;
    }
    let doublings = u32::try_from(failures - FAILURES_BEFORE_LOCK).unwrap_or(u32::MAX);
    FIRST_LOCK_SECONDS
        .saturating_mul(2i64.saturating_pow(doublings))
        .min(LONGEST_LOCK_SECONDS)
}

fn flow_allowed(client: &ClientRow, flow: &str) -> bool {
    match client
        .config
        .get("ExplicitAuthFlows")
        .and_then(Value::as_array)
    {
        None => true,
        Some(flows) => flows.iter().any(|allowed| allowed == flow),
    }
}

fn prevents_existence_errors(client: &ClientRow) -> bool {
    client.config["PreventUserExistenceErrors"] == "ENABLED"
}

pub fn initiate_auth(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let flow = required(request, "AuthFlow")?;
    let client = sessions::client_of(ctx, request)?;
    let parameters = string_map(request, "AuthParameters")?;
    match flow {
        "USER_SRP_AUTH" if flow_allowed(&client, "ALLOW_USER_SRP_AUTH") => {
            start_srp(ctx, &client, &parameters)
        }
        "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN" => device_auth::refresh(ctx, &client, &parameters),
        "USER_SRP_AUTH" => Err(CognitoError::invalid_parameter(
            "USER_SRP_AUTH flow not enabled for this client",
        )),
        _ => Err(CognitoError::invalid_parameter(format!(
            "Initiate Auth method not supported: {flow}"
        ))),
    }
}

fn start_srp(
    ctx: &Ctx<'_>,
    client: &ClientRow,
    parameters: &[(&str, &str)],
) -> Result<Value, CognitoError> {
    let username = map_get(parameters, "USERNAME")
        .filter(|name| !name.is_empty())
        .ok_or_else(|| CognitoError::invalid_parameter("Missing required parameter USERNAME"))?;
    secret_hash::check(client, map_get(parameters, "SECRET_HASH"), &[username])?;
    let a_hex = map_get(parameters, "SRP_A")
        .ok_or_else(|| CognitoError::invalid_parameter("Missing required parameter SRP_A"))?;
    srp::parse_client_public(a_hex)
        .map_err(|_| CognitoError::invalid_parameter("SRP_A is not a valid public value."))?;
    let pool = pool(ctx, &client.pool_id)?;
    // In a pool with `UsernameAttributes` the user may give their email: the challenge names
    // them by their username (`USER_ID_FOR_SRP`), which the proof is computed with.
    let (user_id, salt, verifier) = match ctx.db.user(&pool.id, username)? {
        Some(user) if !user.enabled => {
            return Err(CognitoError::not_authorized("User is disabled."))
        }
        Some(user) if user.status == "RESET_REQUIRED" => {
            return Err(CognitoError::new(
                "PasswordResetRequiredException",
                "Password reset required for the user",
            ))
        }
        Some(user) => (user.username, user.salt, user.verifier),
        // Answer as for a real user so the reply does not tell who has an account; the proof
        // step then fails as for a wrong password.
        None if prevents_existence_errors(client) => {
            let decoy = srp::make_verifier(
                srp_pool_name(&pool.id),
                username,
                &uuid::Uuid::new_v4().to_string(),
            );
            (username.to_owned(), decoy.salt_hex, decoy.verifier_hex)
        }
        None => return Err(CognitoError::user_not_found()),
    };
    let handshake = srp::start_handshake(&verifier).map_err(|_| CognitoError::internal())?;
    let mut block = [0u8; 64];
    rand::thread_rng().fill_bytes(&mut block);
    let secret_block = B64.encode(block);
    let session = B64.encode(uuid::Uuid::new_v4().as_bytes());
    let big_b_hex = handshake.big_b_hex.clone();
    ctx.service.handshakes.insert(
        secret_block.clone(),
        PendingHandshake {
            session: session.clone(),
            pool_id: pool.id.clone(),
            client_id: client.id.clone(),
            username: user_id.clone(),
            a_hex: a_hex.to_owned(),
            b_hex: handshake.b_hex,
            big_b_hex: handshake.big_b_hex,
            expires_at: ctx.now + HANDSHAKE_SECONDS,
        },
        ctx.now,
    );
    Ok(json!({
        "ChallengeName": "PASSWORD_VERIFIER",
        "Session": session,
        "ChallengeParameters": {
            "SALT": salt,
            "SRP_B": big_b_hex,
            "SECRET_BLOCK": secret_block,
            "USERNAME": user_id,
            "USER_ID_FOR_SRP": user_id,
        },
    }))
}

pub fn respond_to_auth_challenge(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let challenge = required(request, "ChallengeName")?;
    let client = sessions::client_of(ctx, request)?;
    // Every challenge's answer carries the hash of its USERNAME (which may be USER_ID_FOR_SRP).
    let responses = string_map(request, "ChallengeResponses")?;
    let username = map_get(&responses, "USERNAME").unwrap_or_default();
    secret_hash::check(&client, map_get(&responses, "SECRET_HASH"), &[username])?;
    if LATER_CHALLENGES.contains(&challenge) {
        return challenges::respond(ctx, request, &client, challenge);
    }
    if matches!(challenge, "DEVICE_SRP_AUTH" | "DEVICE_PASSWORD_VERIFIER") {
        return device_auth::respond(ctx, request, &client, challenge);
    }
    if challenge != "PASSWORD_VERIFIER" {
        return Err(CognitoError::invalid_parameter(format!(
            "Unsupported challenge: {challenge}"
        )));
    }
    let answer = |name: &str| {
        map_get(&responses, name).ok_or_else(|| {
            CognitoError::invalid_parameter(format!("Missing required parameter {name}"))
        })
    };
    let secret_block = answer("PASSWORD_CLAIM_SECRET_BLOCK")?;
    let signature = answer("PASSWORD_CLAIM_SIGNATURE")?;
    let timestamp = answer("TIMESTAMP")?;
    let given_username = answer("USERNAME")?;
    // The user's username (`USER_ID_FOR_SRP`), also when the answer names them by their email.
    let resolved = ctx
        .db
        .user(&client.pool_id, given_username)?
        .map(|user| user.username);
    let username = resolved.as_deref().unwrap_or(given_username);
    // Checked before the proof is taken: a client told the device does not exist answers again.
    let device = device_auth::presented(
        ctx,
        &client.pool_id,
        username,
        map_get(&responses, "DEVICE_KEY"),
    )?;

    let expired =
        || CognitoError::not_authorized("Invalid session for the user, session is expired.");
    // Taken out before anything is checked: each secret block answers once, even when refused.
    let handshake = ctx
        .service
        .handshakes
        .take(secret_block)
        .ok_or_else(expired)?;
    let session_matches =
        optional(request, "Session")?.is_none_or(|session| session == handshake.session);
    if !session_matches || handshake.client_id != client.id || handshake.expires_at <= ctx.now {
        return Err(expired());
    }
    if handshake.username != username {
        return Err(CognitoError::incorrect_credentials());
    }
    let sent_at = srp::parse_timestamp(timestamp).ok_or_else(|| {
        CognitoError::invalid_parameter("TIMESTAMP is not in the expected format.")
    })?;
    if (sent_at.timestamp() - ctx.now).abs() > TIMESTAMP_TOLERANCE_SECONDS {
        return Err(CognitoError::incorrect_credentials());
    }
    let pool = pool(ctx, &handshake.pool_id)?;
    let user = ctx
        .db
        .user(&pool.id, &handshake.username)?
        .ok_or_else(CognitoError::incorrect_credentials)?;
    let (failures, locked_until) = ctx.db.sign_in_failures(&pool.id, &user.username)?;
    if locked_until > ctx.now {
        return Err(CognitoError::not_authorized("Password attempts exceeded"));
    }
    let wrong_password = || {
        let failures = failures + 1;
        let locked_until = ctx.now + lock_seconds(failures);
        let (pool_id, username) = (pool.id.clone(), user.username.clone());
        ctx.keep_on_failure(move |db| {
            db.put_sign_in_failures(&pool_id, &username, failures, locked_until)
        });
        CognitoError::incorrect_credentials()
    };
    let (Ok(block), Ok(signature)) = (B64.decode(secret_block), B64.decode(signature)) else {
        return Err(wrong_password());
    };
    let verdict = ctx.prepared.verify_proof(&srp::ProofCheck {
        pool_name: srp_pool_name(&pool.id),
        user_id: &user.username,
        a_hex: &handshake.a_hex,
        b_hex: &handshake.b_hex,
        big_b_hex: &handshake.big_b_hex,
        verifier_hex: &user.verifier,
        secret_block: &block,
        timestamp,
        signature: &signature,
    });
    match verdict {
        Ok(()) => {}
        Err(SrpRejection::ProofMismatch | SrpRejection::InvalidA) => return Err(wrong_password()),
        Err(SrpRejection::InvalidVerifier) => return Err(CognitoError::internal()),
    }
    ctx.db.clear_sign_in_failures(&pool.id, &user.username)?;
    triggers::pre_authentication(ctx, &pool, &client.id, &user)?;
    match user.status.as_str() {
        "UNCONFIRMED" => Err(CognitoError::new(
            "UserNotConfirmedException",
            "User is not confirmed.",
        )),
        "FORCE_CHANGE_PASSWORD" => {
            let expires_at = ctx.db.temporary_password_expiry(&pool.id, &user.username)?;
            if expires_at.is_some_and(|expires_at| expires_at <= ctx.now) {
                return Err(CognitoError::not_authorized(
                    "Temporary password has expired and must be reset by an administrator.",
                ));
            }
            challenges::new_password_required(ctx, &pool, &client, &user)
        }
        _ => device_auth::after_password(ctx, &pool, &client, &user, device.as_ref()),
    }
}

#[cfg(test)]
mod tests {
    use super::lock_seconds;

    #[test]
    fn the_lock_starts_at_the_fifth_failure_doubles_and_stops_at_fifteen_minutes() {
        let locks: Vec<i64> = (1..=11).map(lock_seconds).collect();
        assert_eq!(locks, [0, 0, 0, 0, 60, 120, 240, 480, 900, 900, 900]);
        assert_eq!(lock_seconds(i64::MAX), 900);
    }
}

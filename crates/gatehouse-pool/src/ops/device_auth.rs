//! Devices in a sign-in: `NewDeviceMetadata` on a sign-in from a device the pool does not know,
//! and device SRP (`DEVICE_SRP_AUTH`, then `DEVICE_PASSWORD_VERIFIER`) after the password for a
//! remembered device, which then skips MFA when the pool's `ChallengeRequiredOnNewDevice` is set.
//! https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html
//!
//! Device SRP is the user SRP of `srp.rs` with the device group key in place of the pool name and
//! the device key in place of the user id: `x = H(salt | H(groupKey | deviceKey | ":" | password))`,
//! the claim `HMAC(key, groupKey | deviceKey | secretBlock | timestamp)`. The device's random
//! password stays on the device; the pool holds the verifier `ConfirmDevice` gave it.
//!
//! With device tracking the tokens of a sign-in belong to its device, as in Cognito: the access
//! token carries `device_key`, and `REFRESH_TOKEN_AUTH` must name the same `DEVICE_KEY` (and the
//! device must not be forgotten), else "Invalid Refresh Token".
//!
//! A `DEVICE_KEY` the pool does not know (forgotten, or never confirmed and then removed) is
//! refused at `PASSWORD_VERIFIER` with `ResourceNotFoundException` "Device does not exist.", as
//! Cognito does; the SDKs then answer the same challenge again without it, so the check comes
//! before the password proof is taken and the proof stays answerable.

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use rand::{distributions::Alphanumeric, Rng, RngCore};
use serde_json::{json, Value};

use super::{
    auth::{HANDSHAKE_SECONDS, TIMESTAMP_TOLERANCE_SECONDS},
    challenges::{self, OpenSession},
    devices::{device_not_found, settings},
    map_get, optional, pool, required_in, sessions, string_map,
};
use crate::{
    error::CognitoError,
    handshakes::PendingHandshake,
    service::Ctx,
    srp::{self, SrpRejection},
    store::{ClientRow, DeviceRow, PoolRow, UserRow},
    tokens::hash_secret,
};

const DEVICE_SRP_AUTH: &str = "DEVICE_SRP_AUTH";
const DEVICE_PASSWORD_VERIFIER: &str = "DEVICE_PASSWORD_VERIFIER";

/// The device a `PASSWORD_VERIFIER` answer names with `DEVICE_KEY`, in a pool that tracks
/// devices; `None` when it names none or the pool does not track devices.
pub fn presented(
    ctx: &Ctx<'_>,
    pool_id: &str,
    username: &str,
    device_key: Option<&str>,
) -> Result<Option<DeviceRow>, CognitoError> {
    let Some(key) = device_key.filter(|key| !key.is_empty()) else {
        return Ok(None);
    };
    if settings(&pool(ctx, pool_id)?).is_none() {
        return Ok(None);
    }
    ctx.db
        .device(pool_id, username, key)?
        .map(Some)
        .ok_or_else(device_not_found)
}

fn can_sign_in(device: &DeviceRow) -> bool {
    device.confirmed && device.remembered && device.verifier_hex.is_some()
}

/// The password is proven: a remembered device is asked for its own proof, any other sign-in
/// goes on to its second factor or its tokens.
pub fn after_password(
    ctx: &Ctx<'_>,
    pool: &PoolRow,
    client: &ClientRow,
    user: &UserRow,
    device: Option<&DeviceRow>,
) -> Result<Value, CognitoError> {
    match device {
        Some(device) if can_sign_in(device) => {
            let session = challenges::open_session(ctx, user, &client.id, DEVICE_SRP_AUTH, None)?;
            Ok(json!({
                "ChallengeName": DEVICE_SRP_AUTH,
                "Session": session,
                "ChallengeParameters": {},
            }))
        }
        _ => challenges::continue_sign_in(
            ctx,
            pool,
            client,
            user,
            device.map(|device| device.device_key.as_str()),
        ),
    }
}

/// Issues the tokens of a finished sign-in. In a pool that tracks devices, a sign-in from a
/// device of the user's is recorded on it; any other gets a new device (`NewDeviceMetadata`).
/// Either way the access token carries `device_key`, as Cognito's do.
pub fn issue_tokens(
    ctx: &Ctx<'_>,
    pool: &PoolRow,
    client: &ClientRow,
    user: &UserRow,
    device_key: Option<&str>,
) -> Result<Value, CognitoError> {
    let mut answer = sessions::issue_tokens(ctx, pool, client, user, None)?;
    if settings(pool).is_none() {
        return Ok(answer);
    }
    let known = match device_key.filter(|key| !key.is_empty()) {
        Some(key) => ctx.db.device(&pool.id, &user.username, key)?,
        None => None,
    };
    let device = match known {
        Some(mut device) => {
            device.last_authenticated = ctx.now;
            device
        }
        None => {
            let device = new_device(ctx, pool, user);
            answer["AuthenticationResult"]["NewDeviceMetadata"] = json!({
                "DeviceKey": device.device_key,
                "DeviceGroupKey": device.group_key,
            });
            device
        }
    };
    ctx.db.put_device(&device)?;
    let origin_jti = stamp_device_key(ctx, pool, &mut answer, &device.device_key)?;
    ctx.db
        .bind_sign_in_to_device(&origin_jti, &pool.id, &device.device_key)?;
    Ok(answer)
}

/// `REFRESH_TOKEN_AUTH`: a sign-in bound to a device refreshes only with that `DEVICE_KEY`, while
/// the device is still tracked; its new access token carries the device key again.
pub fn refresh(
    ctx: &Ctx<'_>,
    client: &ClientRow,
    parameters: &[(&str, &str)],
) -> Result<Value, CognitoError> {
    let bound = match map_get(parameters, "REFRESH_TOKEN") {
        Some(token) => match ctx.db.refresh_by_hash(&hash_secret(token))? {
            Some(row) => ctx
                .db
                .device_of_sign_in(&row.origin_jti)?
                .map(|device_key| (row, device_key)),
            None => None,
        },
        None => None,
    };
    let Some((row, device_key)) = bound else {
        return sessions::refresh(ctx, client, parameters);
    };
    let still_tracked = ctx
        .db
        .device(&row.pool_id, &row.username, &device_key)?
        .is_some();
    if map_get(parameters, "DEVICE_KEY") != Some(device_key.as_str()) || !still_tracked {
        return Err(CognitoError::not_authorized("Invalid Refresh Token"));
    }
    let mut answer = sessions::refresh(ctx, client, parameters)?;
    stamp_device_key(ctx, &pool(ctx, &row.pool_id)?, &mut answer, &device_key)?;
    Ok(answer)
}

/// An unconfirmed device: key `<region>_<uuid>`, group key `-` and nine random characters.
fn new_device(ctx: &Ctx<'_>, pool: &PoolRow, user: &UserRow) -> DeviceRow {
    let region = pool
        .id
        .split_once('_')
        .map_or("local", |(region, _)| region);
    let group: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(9)
        .map(char::from)
        .collect();
    DeviceRow {
        pool_id: pool.id.clone(),
        username: user.username.clone(),
        device_key: format!("{region}_{}", uuid::Uuid::new_v4()),
        group_key: format!("-{group}"),
        name: None,
        confirmed: false,
        remembered: false,
        salt_hex: None,
        verifier_hex: None,
        created: ctx.now,
        modified: ctx.now,
        last_authenticated: ctx.now,
    }
}

/// Re-signs the access token just issued with the `device_key` claim (issuing lives in
/// `sessions.rs`, which knows nothing of devices); returns the sign-in's `origin_jti`.
fn stamp_device_key(
    ctx: &Ctx<'_>,
    pool: &PoolRow,
    answer: &mut Value,
    device_key: &str,
) -> Result<String, CognitoError> {
    let key = ctx.service.key_of(pool)?;
    let token = answer["AuthenticationResult"]["AccessToken"]
        .as_str()
        .unwrap_or_default();
    let mut claims = key.verify(token).ok_or_else(CognitoError::internal)?;
    claims["device_key"] = json!(device_key);
    answer["AuthenticationResult"]["AccessToken"] = json!(key.sign(&claims));
    Ok(claims["origin_jti"].as_str().unwrap_or_default().to_owned())
}

/// `RespondToAuthChallenge` with `DEVICE_SRP_AUTH` or `DEVICE_PASSWORD_VERIFIER`.
pub fn respond(
    ctx: &Ctx<'_>,
    request: &Value,
    client: &ClientRow,
    challenge: &str,
) -> Result<Value, CognitoError> {
    let responses = string_map(request, "ChallengeResponses")?;
    let answer = |name: &str| required_in(&responses, name);
    let username = answer("USERNAME")?;
    let device_key = answer("DEVICE_KEY")?;
    let session_token = optional(request, "Session")?;
    if challenge == DEVICE_SRP_AUTH {
        let a_hex = answer("SRP_A")?;
        srp::parse_client_public(a_hex)
            .map_err(|_| CognitoError::invalid_parameter("SRP_A is not a valid public value."))?;
        let session = OpenSession::find(ctx, session_token, Some(&client.id), DEVICE_SRP_AUTH)?;
        let user = session_user(ctx, &session, username)?;
        let device = remembered_device(ctx, &user, device_key)?;
        start_device_srp(ctx, session, client, &user, &device, a_hex)
    } else {
        let stage = format!("{DEVICE_PASSWORD_VERIFIER}:{device_key}");
        let session = OpenSession::find(ctx, session_token, Some(&client.id), &stage)?;
        let user = session_user(ctx, &session, username)?;
        let proof = DeviceProof {
            secret_block: answer("PASSWORD_CLAIM_SECRET_BLOCK")?,
            signature: answer("PASSWORD_CLAIM_SIGNATURE")?,
            timestamp: answer("TIMESTAMP")?,
        };
        let mut device = remembered_device(ctx, &user, device_key)?;
        check_device_proof(
            ctx,
            session_token.unwrap_or_default(),
            &user,
            &device,
            &proof,
        )?;
        session.consume(ctx)?;
        device.last_authenticated = ctx.now;
        ctx.db.put_device(&device)?;
        let pool = pool(ctx, &user.pool_id)?;
        if settings(&pool).is_some_and(|settings| settings.challenge_required_on_new_device) {
            issue_tokens(ctx, &pool, client, &user, Some(device_key))
        } else {
            challenges::continue_sign_in(ctx, &pool, client, &user, Some(device_key))
        }
    }
}

fn session_user(
    ctx: &Ctx<'_>,
    session: &OpenSession,
    username: &str,
) -> Result<UserRow, CognitoError> {
    if !super::names_user(ctx, &session.row.pool_id, &session.row.username, username)? {
        return Err(challenges::invalid_session());
    }
    session.user(ctx)
}

fn remembered_device(ctx: &Ctx<'_>, user: &UserRow, key: &str) -> Result<DeviceRow, CognitoError> {
    ctx.db
        .device(&user.pool_id, &user.username, key)?
        .filter(can_sign_in)
        .ok_or_else(device_not_found)
}

/// Answers `DEVICE_PASSWORD_VERIFIER` with the pool's half of a handshake on the device verifier.
fn start_device_srp(
    ctx: &Ctx<'_>,
    session: OpenSession,
    client: &ClientRow,
    user: &UserRow,
    device: &DeviceRow,
    a_hex: &str,
) -> Result<Value, CognitoError> {
    let verifier = device.verifier_hex.as_deref().unwrap_or_default();
    let handshake = srp::start_handshake(verifier).map_err(|_| CognitoError::internal())?;
    let mut block = [0u8; 64];
    rand::thread_rng().fill_bytes(&mut block);
    let secret_block = B64.encode(block);
    let stage = format!("{DEVICE_PASSWORD_VERIFIER}:{}", device.device_key);
    let next = session.advance(ctx, user, &stage)?;
    let big_b_hex = handshake.big_b_hex.clone();
    ctx.service.handshakes.insert(
        secret_block.clone(),
        PendingHandshake {
            session: next.clone(),
            pool_id: user.pool_id.clone(),
            client_id: client.id.clone(),
            username: user.username.clone(),
            a_hex: a_hex.to_owned(),
            b_hex: handshake.b_hex,
            big_b_hex: handshake.big_b_hex,
            expires_at: ctx.now + HANDSHAKE_SECONDS,
        },
        ctx.now,
    );
    Ok(json!({
        "ChallengeName": DEVICE_PASSWORD_VERIFIER,
        "Session": next,
        "ChallengeParameters": {
            "SRP_B": big_b_hex,
            "SALT": device.salt_hex,
            "SECRET_BLOCK": secret_block,
            "USERNAME": user.username,
            "DEVICE_KEY": device.device_key,
        },
    }))
}

struct DeviceProof<'a> {
    secret_block: &'a str,
    signature: &'a str,
    timestamp: &'a str,
}

/// Checks a device's claim against the handshake its secret block started; each secret block
/// answers once, right or wrong.
fn check_device_proof(
    ctx: &Ctx<'_>,
    session_token: &str,
    user: &UserRow,
    device: &DeviceRow,
    proof: &DeviceProof<'_>,
) -> Result<(), CognitoError> {
    let expired =
        || CognitoError::not_authorized("Invalid session for the user, session is expired.");
    let handshake = ctx
        .service
        .handshakes
        .take(proof.secret_block)
        .ok_or_else(expired)?;
    if handshake.session != session_token
        || handshake.username != user.username
        || handshake.pool_id != user.pool_id
        || handshake.expires_at <= ctx.now
    {
        return Err(expired());
    }
    let sent_at = srp::parse_timestamp(proof.timestamp).ok_or_else(|| {
        CognitoError::invalid_parameter("TIMESTAMP is not in the expected format.")
    })?;
    if (sent_at.timestamp() - ctx.now).abs() > TIMESTAMP_TOLERANCE_SECONDS {
        return Err(CognitoError::incorrect_credentials());
    }
    let (Ok(block), Ok(signature)) = (B64.decode(proof.secret_block), B64.decode(proof.signature))
    else {
        return Err(CognitoError::incorrect_credentials());
    };
    let verdict = srp::verify_proof(&srp::ProofCheck {
        pool_name: &device.group_key,
        user_id: &device.device_key,
        a_hex: &handshake.a_hex,
        b_hex: &handshake.b_hex,
        big_b_hex: &handshake.big_b_hex,
        verifier_hex: device.verifier_hex.as_deref().unwrap_or_default(),
        secret_block: &block,
        timestamp: proof.timestamp,
        signature: &signature,
    });
    match verdict {
        Ok(()) => Ok(()),
        Err(SrpRejection::ProofMismatch | SrpRejection::InvalidA) => {
            Err(CognitoError::incorrect_credentials())
        }
        Err(SrpRejection::InvalidVerifier) => Err(CognitoError::internal()),
    }
}

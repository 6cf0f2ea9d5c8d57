//! Device tracking, the operations on devices: `ConfirmDevice`, `GetDevice`, `ListDevices`,
//! `ForgetDevice`, `UpdateDeviceStatus` (with the user's access token) and `AdminGetDevice`,
//! `AdminListDevices`, `AdminForgetDevice`, `AdminUpdateDeviceStatus`. How a sign-in hands out
//! and checks devices is in `device_auth.rs`.
//! https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html
//!
//! A pool tracks devices when its `DeviceConfiguration` is set. A device exists unconfirmed from
//! the sign-in that issued its key until `ConfirmDevice` stores its SRP salt and verifier; only
//! confirmed devices are visible to these operations, and `ListDevices` lists the remembered
//! ones, as Cognito does. Remembered: at once, or after `UpdateDeviceStatus` when the pool has
//! `DeviceOnlyRememberedOnUserPrompt`.

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use num_bigint::BigUint;
use num_traits::Zero;
use serde_json::{json, Value};

use super::{optional, pool, required, sessions, user};
use crate::{
    error::CognitoError,
    service::Ctx,
    store::{DeviceRow, PoolRow, UserRow},
};

/// A pool's `DeviceConfiguration`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeviceSettings {
    /// A remembered device signs in with device SRP instead of the MFA factors.
    pub challenge_required_on_new_device: bool,
    /// `ConfirmDevice` leaves the device not remembered until `UpdateDeviceStatus`.
    pub only_remembered_on_user_prompt: bool,
}

/// The pool's device settings, or `None` when it does not track devices.
pub fn settings(pool: &PoolRow) -> Option<DeviceSettings> {
    let config = pool.config.get("DeviceConfiguration")?.as_object()?;
    let flag = |name: &str| config.get(name).and_then(Value::as_bool).unwrap_or(false);
    Some(DeviceSettings {
        challenge_required_on_new_device: flag("ChallengeRequiredOnNewDevice"),
        only_remembered_on_user_prompt: flag("DeviceOnlyRememberedOnUserPrompt"),
    })
}

/// `CreateUserPool`: a `DeviceConfiguration` is a structure of two booleans.
pub fn check_device_configuration(config: &Value) -> Result<(), CognitoError> {
    let serialization = |message: &str| CognitoError::new("SerializationException", message);
    match config.get("DeviceConfiguration") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Object(members)) => {
            for (name, value) in members {
                let known = [
                    "ChallengeRequiredOnNewDevice",
                    "DeviceOnlyRememberedOnUserPrompt",
                ];
                if !known.contains(&name.as_str()) {
                    return Err(serialization(&format!(
                        "Unknown member {name} in DeviceConfiguration."
                    )));
                }
                if !value.is_boolean() && !value.is_null() {
                    return Err(serialization(&format!("{name} must be a boolean.")));
                }
            }
            Ok(())
        }
        Some(_) => Err(serialization("DeviceConfiguration must be a structure.")),
    }
}

pub fn device_not_found() -> CognitoError {
    CognitoError::resource_not_found("Device does not exist.")
}

/// A confirmed device of `user`; unconfirmed ones and other users' devices are not found.
fn confirmed_device(ctx: &Ctx<'_>, user: &UserRow, key: &str) -> Result<DeviceRow, CognitoError> {
    ctx.db
        .device(&user.pool_id, &user.username, key)?
        .filter(|device| device.confirmed)
        .ok_or_else(device_not_found)
}

/// A device as `GetDevice` and `ListDevices` describe it; dates are Unix seconds.
fn describe(device: &DeviceRow) -> Value {
    let mut attributes = vec![json!({"Name": "device_status", "Value": "valid"})];
    if let Some(name) = &device.name {
        attributes.push(json!({"Name": "device_name", "Value": name}));
    }
    attributes.push(json!({"Name": "dev:device_remembered_status",
        "Value": if device.remembered { "remembered" } else { "not_remembered" }}));
    json!({
        "DeviceKey": device.device_key,
        "DeviceAttributes": attributes,
        "DeviceCreateDate": device.created,
        "DeviceLastModifiedDate": device.modified,
        "DeviceLastAuthenticatedDate": device.last_authenticated,
    })
}

/// The signed-in user an `AccessToken` names.
fn token_user(ctx: &Ctx<'_>, request: &Value) -> Result<(PoolRow, UserRow), CognitoError> {
    let (pool, user, _) = sessions::authorize(ctx, required(request, "AccessToken")?)?;
    Ok((pool, user))
}

/// The user an administrator names with `UserPoolId` and `Username`.
fn named_user(ctx: &Ctx<'_>, request: &Value) -> Result<(PoolRow, UserRow), CognitoError> {
    let pool = pool(ctx, required(request, "UserPoolId")?)?;
    let user = user(ctx, &pool.id, required(request, "Username")?)?;
    Ok((pool, user))
}

/// Base64 of big-endian bytes, as `DeviceSecretVerifierConfig` carries them.
fn base64_member(config: &Value, member: &str) -> Result<Vec<u8>, CognitoError> {
    let text = required(config, member).map_err(|_| {
        CognitoError::invalid_parameter(format!("DeviceSecretVerifierConfig.{member} is required."))
    })?;
    B64.decode(text)
        .ok()
        .filter(|bytes| !bytes.is_empty() && bytes.len() <= 1024)
        .ok_or_else(|| {
            CognitoError::invalid_parameter(format!(
                "DeviceSecretVerifierConfig.{member} is not valid base64."
            ))
        })
}

pub fn confirm_device(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let (pool, user) = token_user(ctx, request)?;
    let key = required(request, "DeviceKey")?;
    let name = optional(request, "DeviceName")?;
    if name.is_some_and(|name| name.len() > 1024) {
        return Err(CognitoError::invalid_parameter(
            "DeviceName must be at most 1024 characters.",
        ));
    }
    let config = request
        .get("DeviceSecretVerifierConfig")
        .filter(|config| config.is_object())
        .ok_or_else(|| {
            CognitoError::invalid_parameter("DeviceSecretVerifierConfig is required.")
        })?;
    let verifier = BigUint::from_bytes_be(&base64_member(config, "PasswordVerifier")?);
    let salt = base64_member(config, "Salt")?;
    if verifier.is_zero() {
        return Err(CognitoError::invalid_parameter(
            "DeviceSecretVerifierConfig.PasswordVerifier is not a valid verifier.",
        ));
    }
    let Some(settings) = settings(&pool) else {
        return Err(device_not_found());
    };
    let mut device = ctx
        .db
        .device(&pool.id, &user.username, key)?
        .ok_or_else(device_not_found)?;
    device.confirmed = true;
    device.remembered = !settings.only_remembered_on_user_prompt;
    device.name = name.map(str::to_owned);
    device.salt_hex = Some(hex::encode(salt));
    device.verifier_hex = Some(verifier.to_str_radix(16));
    device.modified = ctx.now;
    ctx.db.put_device(&device)?;
    Ok(json!({ "UserConfirmationNecessary": settings.only_remembered_on_user_prompt }))
}

fn get(ctx: &Ctx<'_>, user: &UserRow, request: &Value) -> Result<Value, CognitoError> {
    let device = confirmed_device(ctx, user, required(request, "DeviceKey")?)?;
    Ok(json!({ "Device": describe(&device) }))
}

pub fn get_device(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let (_, user) = token_user(ctx, request)?;
    get(ctx, &user, request)
}

pub fn admin_get_device(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let (_, user) = named_user(ctx, request)?;
    get(ctx, &user, request)
}

/// One page of the user's remembered devices. The pagination token is the base64 of the last
/// device key of the previous page.
fn list(ctx: &Ctx<'_>, user: &UserRow, request: &Value) -> Result<Value, CognitoError> {
    let limit = match request.get("Limit") {
        None | Some(Value::Null) => 60,
        Some(value) => value
            .as_u64()
            .filter(|limit| *limit <= 60)
            .ok_or_else(|| {
                CognitoError::invalid_parameter(
                    "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
                )
            })?,
    };
    let limit = usize::try_from(limit).unwrap_or(60);
    let after = match optional(request, "PaginationToken")? {
        None => None,
        Some(token) => Some(
            B64.decode(token)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .ok_or_else(|| CognitoError::invalid_parameter("Invalid pagination token."))?,
        ),
    };
    let remembered: Vec<DeviceRow> = ctx
        .db
        .confirmed_devices(&user.pool_id, &user.username)?
        .into_iter()
        .filter(|device| device.remembered)
        .collect();
    let start = match &after {
        None => 0,
        Some(key) => {
            remembered
                .iter()
                .position(|device| &device.device_key == key)
                .ok_or_else(|| CognitoError::invalid_parameter("Invalid pagination token."))?
                + 1
        }
    };
    let page: Vec<&DeviceRow> = remembered.iter().skip(start).take(limit).collect();
    let mut answer =
        json!({ "Devices": page.iter().map(|device| describe(device)).collect::<Vec<_>>() });
    if let Some(last) = page.last() {
        if start + page.len() < remembered.len() {
            answer["PaginationToken"] = json!(B64.encode(&last.device_key));
        }
    }
    Ok(answer)
}

pub fn list_devices(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let (_, user) = token_user(ctx, request)?;
    list(ctx, &user, request)
}

pub fn admin_list_devices(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let (_, user) = named_user(ctx, request)?;
    list(ctx, &user, request)
}

fn forget(ctx: &Ctx<'_>, user: &UserRow, request: &Value) -> Result<Value, CognitoError> {
    let device = confirmed_device(ctx, user, required(request, "DeviceKey")?)?;
    ctx.db.delete_device(&device.pool_id, &device.device_key)?;
    Ok(json!({}))
}

pub fn forget_device(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let (_, user) = token_user(ctx, request)?;
    forget(ctx, &user, request)
}

pub fn admin_forget_device(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let (_, user) = named_user(ctx, request)?;
    forget(ctx, &user, request)
}

fn update_status(ctx: &Ctx<'_>, user: &UserRow, request: &Value) -> Result<Value, CognitoError> {
    let key = required(request, "DeviceKey")?;
    let remembered = match optional(request, "DeviceRememberedStatus")? {
        Some("remembered") => true,
        None | Some("not_remembered") => false,
        Some(_) => {
            return Err(CognitoError::invalid_parameter(
                "1 validation error detected: Value at 'deviceRememberedStatus' failed to satisfy constraint: Member must satisfy enum value set: [remembered, not_remembered]",
            ))
        }
    };
    let mut device = confirmed_device(ctx, user, key)?;
    device.remembered = remembered;
    device.modified = ctx.now;
    ctx.db.put_device(&device)?;
    Ok(json!({}))
}

pub fn update_device_status(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let (_, user) = token_user(ctx, request)?;
    update_status(ctx, &user, request)
}

pub fn admin_update_device_status(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let (_, user) = named_user(ctx, request)?;
    update_status(ctx, &user, request)
}

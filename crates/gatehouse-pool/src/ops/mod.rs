//! One module per group of Cognito operations, and the small request-reading vocabulary they share.
//! Operation names and shapes follow the Cognito Identity Provider API reference
//! (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_Operations.html).

mod account;
mod admin;
mod admin_users;
mod attributes;
mod auth;
mod challenges;
mod codes;
mod constraints;
mod device_auth;
mod devices;
mod mfa;
mod policy;
mod prepare;
mod recovery;
mod secret_hash;
mod sessions;
mod signup;
mod software_token;
mod totp;
mod triggers;
mod updates;

use serde_json::Value;

use crate::{
    error::CognitoError,
    service::Ctx,
    store::{ClientRow, PoolRow, UserRow},
};

pub use admin::{ensure_local_pool, REGION};
pub use prepare::{prepare, Prepared};

pub fn dispatch(ctx: &Ctx<'_>, operation: &str, request: &Value) -> Result<Value, CognitoError> {
    match operation {
        "CreateUserPool" => admin::create_user_pool(ctx, request),
        "CreateUserPoolClient" => admin::create_user_pool_client(ctx, request),
        "DescribeUserPool" => admin::describe_user_pool(ctx, request),
        "DescribeUserPoolClient" => admin::describe_user_pool_client(ctx, request),
        "UpdateUserPool" => updates::update_user_pool(ctx, request),
        "UpdateUserPoolClient" => updates::update_user_pool_client(ctx, request),
        "ListUserPools" => admin::list_user_pools(ctx, request),
        "AdminConfirmSignUp" => signup::admin_confirm_sign_up(ctx, request),
        "AdminGetUser" => signup::admin_get_user(ctx, request),
        "SignUp" => signup::sign_up(ctx, request),
        "ConfirmSignUp" => signup::confirm_sign_up(ctx, request),
        "ResendConfirmationCode" => signup::resend_confirmation_code(ctx, request),
        "InitiateAuth" => auth::initiate_auth(ctx, request),
        "RespondToAuthChallenge" => auth::respond_to_auth_challenge(ctx, request),
        // pool-challenges: GetUser answers through mfa.rs, which adds UserMFASettingList and
        // PreferredMfaSetting to sessions::get_user's answer.
        "GetUser" => mfa::get_user(ctx, request),
        "GlobalSignOut" => sessions::global_sign_out(ctx, request),
        "AdminUserGlobalSignOut" => sessions::admin_user_global_sign_out(ctx, request),
        "RevokeToken" => sessions::revoke_token(ctx, request),
        "ForgotPassword" => recovery::forgot_password(ctx, request),
        "ConfirmForgotPassword" => recovery::confirm_forgot_password(ctx, request),
        "AdminResetUserPassword" => recovery::admin_reset_user_password(ctx, request),
        "AdminCreateUser" => admin_users::admin_create_user(ctx, request),
        "SetUserPoolMfaConfig" => mfa::set_user_pool_mfa_config(ctx, request),
        "GetUserPoolMfaConfig" => mfa::get_user_pool_mfa_config(ctx, request),
        "SetUserMFAPreference" => mfa::set_user_mfa_preference(ctx, request),
        "AdminSetUserMFAPreference" => mfa::admin_set_user_mfa_preference(ctx, request),
        "AssociateSoftwareToken" => software_token::associate_software_token(ctx, request),
        "VerifySoftwareToken" => software_token::verify_software_token(ctx, request),
        "UpdateUserAttributes" => account::update_user_attributes(ctx, request),
        "DeleteUserAttributes" => account::delete_user_attributes(ctx, request),
        "GetUserAttributeVerificationCode" => {
            account::get_user_attribute_verification_code(ctx, request)
        }
        "VerifyUserAttribute" => account::verify_user_attribute(ctx, request),
        "ChangePassword" => account::change_password(ctx, request),
        "DeleteUser" => account::delete_user(ctx, request),
        "AdminUpdateUserAttributes" => account::admin_update_user_attributes(ctx, request),
        "AdminDeleteUserAttributes" => account::admin_delete_user_attributes(ctx, request),
        "AdminDeleteUser" => account::admin_delete_user(ctx, request),
        "ConfirmDevice" => devices::confirm_device(ctx, request),
        "GetDevice" => devices::get_device(ctx, request),
        "ListDevices" => devices::list_devices(ctx, request),
        "ForgetDevice" => devices::forget_device(ctx, request),
        "UpdateDeviceStatus" => devices::update_device_status(ctx, request),
        "AdminGetDevice" => devices::admin_get_device(ctx, request),
        "AdminListDevices" => devices::admin_list_devices(ctx, request),
        "AdminForgetDevice" => devices::admin_forget_device(ctx, request),
        "AdminUpdateDeviceStatus" => devices::admin_update_device_status(ctx, request),
        _ => Err(CognitoError::new(
            "UnknownOperationException",
            format!("Unknown operation {operation}."),
        )),
    }
}

/// A required string member, refused with Cognito's validation wording when absent or empty.
pub fn required<'a>(request: &'a Value, member: &str) -> Result<&'a str, CognitoError> {
    match request.get(member) {
        Some(Value::String(text)) if !text.is_empty() => Ok(text),
        // Cognito's validator reads an empty string as missing too, and names the member in camelCase.
        Some(Value::String(_)) | None | Some(Value::Null) => Err(CognitoError::invalid_parameter(format!(
            "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must not be null",
            lower_first(member)
        ))),
        Some(_) => Err(CognitoError::new(
            "SerializationException",
            format!("Member {member} must be a string."),
        )),
    }
}

/// An optional string member; a non-string is a serialization error.
pub fn optional<'a>(request: &'a Value, member: &str) -> Result<Option<&'a str>, CognitoError> {
    match request.get(member) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(CognitoError::new(
            "SerializationException",
            format!("Member {member} must be a string."),
        )),
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A string map member such as `AuthParameters`.
pub fn string_map<'a>(
    request: &'a Value,
    member: &str,
) -> Result<Vec<(&'a str, &'a str)>, CognitoError> {
    match request.get(member) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(map)) => map
            .iter()
            // A null value is an absent one: SDKs clear a member by setting it to null (the
            // identity SDK drops DEVICE_KEY that way when it retries without a device).
            .filter(|(_, value)| !value.is_null())
            .map(|(key, value)| match value {
                Value::String(text) => Ok((key.as_str(), text.as_str())),
                _ => Err(CognitoError::new(
                    "SerializationException",
                    format!("Values of {member} must be strings."),
                )),
            })
            .collect(),
        Some(_) => Err(CognitoError::new(
            "SerializationException",
            format!("Member {member} must be a map."),
        )),
    }
}

pub fn map_get<'a>(map: &[(&'a str, &'a str)], key: &str) -> Option<&'a str> {
    map.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// A required member of a map such as `ChallengeResponses`, refused when absent or empty.
pub fn required_in<'a>(map: &[(&'a str, &'a str)], key: &str) -> Result<&'a str, CognitoError> {
    map_get(map, key)
        .filter(|value| !value.is_empty())
        .ok_or_else(|| CognitoError::invalid_parameter(format!("Missing required parameter {key}")))
}

pub fn pool(ctx: &Ctx<'_>, pool_id: &str) -> Result<PoolRow, CognitoError> {
    ctx.db.pool(pool_id)?.ok_or_else(|| {
        CognitoError::resource_not_found(format!("User pool {pool_id} does not exist."))
    })
}

pub fn client(ctx: &Ctx<'_>, client_id: &str) -> Result<ClientRow, CognitoError> {
    ctx.db.client(client_id)?.ok_or_else(|| {
        CognitoError::resource_not_found(format!("User pool client {client_id} does not exist."))
    })
}

pub fn user(ctx: &Ctx<'_>, pool_id: &str, username: &str) -> Result<UserRow, CognitoError> {
    ctx.db
        .user(pool_id, username)?
        .ok_or_else(CognitoError::user_not_found)
}

/// Whether `given` (a `USERNAME` in a challenge's answer) names the user `username`: it is that
/// username, or in a pool with `UsernameAttributes` that user's email or phone number.
pub fn names_user(
    ctx: &Ctx<'_>,
    pool_id: &str,
    username: &str,
    given: &str,
) -> Result<bool, CognitoError> {
    if given == username {
        return Ok(true);
    }
    Ok(ctx
        .db
        .user(pool_id, given)?
        .is_some_and(|user| user.username == username))
}

/// `[{Name, Value}]`, as Cognito lists attributes.
pub fn attribute_list(user: &UserRow) -> Value {
    Value::Array(
        user.attributes
            .iter()
            .map(|(name, value)| serde_json::json!({"Name": name, "Value": value}))
            .collect(),
    )
}

/// The pool name used in SRP: the part of the pool id after the underscore.
pub fn srp_pool_name(pool_id: &str) -> &str {
    pool_id.split_once('_').map_or(pool_id, |(_, name)| name)
}

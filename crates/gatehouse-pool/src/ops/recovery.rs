//! Account recovery: `ForgotPassword`, `ConfirmForgotPassword` and `AdminResetUserPassword`.
//! A reset code goes to a verified email or phone (`codes::recovery_target`), lives one hour,
//! allows five wrong tries and works once; a user may ask for a few codes an hour only.
//! https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgotPassword.html
//! https://docs.aws.amazon.com/cognito/latest/developerguide/how-to-recover-a-user-account.html
//!
//! A new password does not revoke the user's refresh tokens: Cognito leaves existing sessions
//! alone after `ConfirmForgotPassword` (an app that wants them ended calls `GlobalSignOut` or
//! `AdminUserGlobalSignOut`; see aws-amplify/amplify-js#6559), and this pool does the same.

use serde_json::{json, Value};

use super::{
    client, codes, constraints, optional, policy, pool, required, secret_hash,
    sessions::prevents_existence_errors, signup, srp_pool_name, string_map, triggers, user,
};
use crate::{error::CognitoError, service::Ctx, srp, store::UserRow};

fn no_recovery_destination() -> CognitoError {
    CognitoError::invalid_parameter(
        "Cannot reset password for the user as there is no registered/verified email or phone_number",
    )
}

fn check_resettable(user: &UserRow) -> Result<(), CognitoError> {
    if !user.enabled {
        return Err(CognitoError::not_authorized("User is disabled."));
    }
    if user.status == "FORCE_CHANGE_PASSWORD" {
        return Err(CognitoError::not_authorized(
            "User password cannot be reset in the current state.",
        ));
    }
    Ok(())
}

pub fn forgot_password(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let client = client(ctx, required(request, "ClientId")?)?;
    let pool = pool(ctx, &client.pool_id)?;
    let username = required(request, "Username")?;
    secret_hash::check(&client, optional(request, "SecretHash")?, &[username])?;
    string_map(request, "ClientMetadata")?;
    let Some(user) = ctx.db.user(&pool.id, username)? else {
        if !prevents_existence_errors(&client) {
            return Err(CognitoError::user_not_found());
        }
        // Answer as for a real user, bound included, so the reply does not tell who exists.
        codes::count_delivery(ctx, &pool.id, username, codes::FORGOT_PASSWORD)?;
        return Ok(json!({
            "CodeDeliveryDetails": codes::simulated_delivery(&pool.config, &pool.id, username)
        }));
    };
    check_resettable(&user)?;
    let target = codes::recovery_target(&pool.config, &user).ok_or_else(no_recovery_destination)?;
    Ok(json!({
        "CodeDeliveryDetails": codes::issue_limited(ctx, &user, codes::FORGOT_PASSWORD, target)?
    }))
}

/// Sets the new password once the code checks out. The password policy is checked first, so a
/// weak password costs no attempt; a refused request changes nothing else.
pub fn confirm_forgot_password(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let client = client(ctx, required(request, "ClientId")?)?;
    let pool = pool(ctx, &client.pool_id)?;
    let username = required(request, "Username")?;
    secret_hash::check(&client, optional(request, "SecretHash")?, &[username])?;
    let code = constraints::confirmation_code(request, "ConfirmationCode")?;
    let password = required(request, "Password")?;
    let client_metadata = string_map(request, "ClientMetadata")?;
    let mut user = match ctx.db.user(&pool.id, username)? {
        Some(user) => user,
        None if prevents_existence_errors(&client) => return Err(codes::mismatch()),
        None => return Err(CognitoError::user_not_found()),
    };
    check_resettable(&user)?;
    policy::check_password(&pool.config, password)?;
    codes::verify(ctx, &user, codes::FORGOT_PASSWORD, code)?;
    let verifier = srp::make_verifier(srp_pool_name(&pool.id), &user.username, password);
    user.salt = verifier.salt_hex;
    user.verifier = verifier.verifier_hex;
    let confirmation = (
        triggers::Confirmation::ForgotPassword,
        client_metadata.as_slice(),
    );
    signup::mark_confirmed(ctx, &pool, &client.id, &mut user, confirmation)
}

/// Puts the user in `RESET_REQUIRED` (sign-in then answers `PasswordResetRequiredException`) and
/// sends a reset code when the user has a verified email or phone; without one the status still
/// changes, as the user's way back is then an administrator.
pub fn admin_reset_user_password(ctx: &Ctx<'_>, request: &Value) -> Result<Value, CognitoError> {
    let pool = pool(ctx, required(request, "UserPoolId")?)?;
    let mut user = user(ctx, &pool.id, required(request, "Username")?)?;
    string_map(request, "ClientMetadata")?;
    if user.status == "FORCE_CHANGE_PASSWORD" || user.status == "UNCONFIRMED" {
        return Err(CognitoError::not_authorized(
            "User password cannot be reset in the current state.",
        ));
    }
    user.status = "RESET_REQUIRED".into();
    user.modified = ctx.now;
    ctx.db.update_user(&user)?;
    if let Some(target) = codes::recovery_target(&pool.config, &user) {
        codes::issue(ctx, &user, codes::FORGOT_PASSWORD, target)?;
    }
    Ok(json!({}))
}

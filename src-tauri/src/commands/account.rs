//! The signed-in user's account: attributes and their verification, password, second factors,
//! remembered devices, deleting the account, and signing out here or everywhere.

use std::collections::BTreeMap;

use gatehouse_auth::{
    view::{AuthView, MfaChoice},
    ConfirmationCode, Intent, Password,
};
use tauri::State;

use super::{dispatch, Reply};
use crate::state::AppState;

/// Starts authenticator setup from the signed-in screen.
#[tauri::command]
#[specta::specta]
pub async fn set_up_totp(state: State<'_, AppState>) -> Reply<AuthView> {
    tracing::info!(command = "set_up_totp");
    dispatch(&state, "set_up_totp", Intent::SetUpTotp).await
}

/// The first authenticator code, during sign-in (`MFA_SETUP`) or from the signed-in screen.
#[tauri::command]
#[specta::specta]
pub async fn verify_totp(
    state: State<'_, AppState>,
    code: String,
    device_name: Option<String>,
) -> Reply<AuthView> {
    let code = ConfirmationCode::new(code);
    tracing::info!(command = "verify_totp");
    let intent = Intent::VerifyTotp { code, device_name };
    dispatch(&state, "verify_totp", intent).await
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_totp_setup(state: State<'_, AppState>) -> Reply<AuthView> {
    tracing::info!(command = "cancel_totp_setup");
    dispatch(&state, "cancel_totp_setup", Intent::CancelTotpSetup).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_mfa_preference(
    state: State<'_, AppState>,
    sms: MfaChoice,
    totp: MfaChoice,
) -> Reply<AuthView> {
    tracing::info!(command = "set_mfa_preference");
    let intent = Intent::SetMfaPreference { sms, totp };
    dispatch(&state, "set_mfa_preference", intent).await
}

/// Revokes this app's refresh token and forgets the session.
#[tauri::command]
#[specta::specta]
pub async fn sign_out(state: State<'_, AppState>) -> Reply<AuthView> {
    tracing::info!(command = "sign_out");
    dispatch(&state, "sign_out", Intent::SignOut).await
}

/// `GlobalSignOut`: every device's session ends.
#[tauri::command]
#[specta::specta]
pub async fn sign_out_everywhere(state: State<'_, AppState>) -> Reply<AuthView> {
    tracing::info!(command = "sign_out_everywhere");
    dispatch(&state, "sign_out_everywhere", Intent::SignOutEverywhere).await
}

/// Saves changed attributes; an empty value removes an optional one.
#[tauri::command]
#[specta::specta]
pub async fn update_attributes(
    state: State<'_, AppState>,
    attributes: BTreeMap<String, String>,
) -> Reply<AuthView> {
    tracing::info!(command = "update_attributes");
    let intent = Intent::UpdateAttributes { attributes };
    dispatch(&state, "update_attributes", intent).await
}

/// The code sent to a changed email address or phone number.
#[tauri::command]
#[specta::specta]
pub async fn verify_attribute(
    state: State<'_, AppState>,
    attribute: String,
    code: String,
) -> Reply<AuthView> {
    let code = ConfirmationCode::new(code);
    tracing::info!(command = "verify_attribute", %attribute);
    let intent = Intent::VerifyAttribute { attribute, code };
    dispatch(&state, "verify_attribute", intent).await
}

#[tauri::command]
#[specta::specta]
pub async fn resend_attribute_code(
    state: State<'_, AppState>,
    attribute: String,
) -> Reply<AuthView> {
    tracing::info!(command = "resend_attribute_code", %attribute);
    let intent = Intent::ResendAttributeCode { attribute };
    dispatch(&state, "resend_attribute_code", intent).await
}

#[tauri::command]
#[specta::specta]
pub async fn change_password(
    state: State<'_, AppState>,
    current: String,
    new_password: String,
) -> Reply<AuthView> {
    let (current, new) = (Password::new(current), Password::new(new_password));
    tracing::info!(command = "change_password");
    let intent = Intent::ChangePassword { current, new };
    dispatch(&state, "change_password", intent).await
}

/// Deletes the account (`DeleteUser`); the UI asks for confirmation first.
#[tauri::command]
#[specta::specta]
pub async fn delete_account(state: State<'_, AppState>) -> Reply<AuthView> {
    tracing::info!(command = "delete_account");
    dispatch(&state, "delete_account", Intent::DeleteAccount).await
}

/// The answer to "Remember this device?" after a sign-in on a new device.
#[tauri::command]
#[specta::specta]
pub async fn remember_device(state: State<'_, AppState>, remember: bool) -> Reply<AuthView> {
    tracing::info!(command = "remember_device", remember);
    dispatch(
        &state,
        "remember_device",
        Intent::RememberDevice { remember },
    )
    .await
}

/// Forgets a device from the list (this one too: its next sign-in asks for the second factor).
#[tauri::command]
#[specta::specta]
pub async fn forget_device(state: State<'_, AppState>, device_key: String) -> Reply<AuthView> {
    tracing::info!(command = "forget_device");
    dispatch(&state, "forget_device", Intent::ForgetDevice { device_key }).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_device_remembered(
    state: State<'_, AppState>,
    device_key: String,
    remembered: bool,
) -> Reply<AuthView> {
    tracing::info!(command = "set_device_remembered", remembered);
    let intent = Intent::SetDeviceRemembered {
        device_key,
        remembered,
    };
    dispatch(&state, "set_device_remembered", intent).await
}

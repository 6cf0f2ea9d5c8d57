//! The signed-in user's second factors, and signing out here or everywhere.

use gatehouse_auth::{
    view::{AuthView, MfaChoice},
    ConfirmationCode, Intent,
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

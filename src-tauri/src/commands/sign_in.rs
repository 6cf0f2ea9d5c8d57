//! Signing in and every challenge Cognito can answer a password with.

use std::collections::BTreeMap;

use gatehouse_auth::{
    view::{AuthView, MfaMethod},
    ConfirmationCode, Intent, Password,
};
use tauri::State;

use super::{dispatch, Reply};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn sign_in(
    state: State<'_, AppState>,
    username: String,
    password: String,
) -> Reply<AuthView> {
    let password = Password::new(password);
    tracing::info!(command = "sign_in");
    dispatch(&state, "sign_in", Intent::SignIn { username, password }).await
}

/// The code for `SMS_MFA` or `SOFTWARE_TOKEN_MFA`.
#[tauri::command]
#[specta::specta]
pub async fn confirm_sign_in(state: State<'_, AppState>, code: String) -> Reply<AuthView> {
    let code = ConfirmationCode::new(code);
    tracing::info!(command = "confirm_sign_in");
    dispatch(&state, "confirm_sign_in", Intent::ConfirmSignIn { code }).await
}

/// The answer to `SELECT_MFA_TYPE`.
#[tauri::command]
#[specta::specta]
pub async fn select_mfa(state: State<'_, AppState>, method: MfaMethod) -> Reply<AuthView> {
    tracing::info!(command = "select_mfa");
    dispatch(&state, "select_mfa", Intent::SelectMfa { method }).await
}

/// The answer to `NEW_PASSWORD_REQUIRED`, with the challenge's required attributes.
#[tauri::command]
#[specta::specta]
pub async fn complete_new_password(
    state: State<'_, AppState>,
    password: String,
    attributes: BTreeMap<String, String>,
) -> Reply<AuthView> {
    let password = Password::new(password);
    tracing::info!(command = "complete_new_password");
    let intent = Intent::CompleteNewPassword {
        password,
        attributes,
    };
    dispatch(&state, "complete_new_password", intent).await
}

//! Forgot password: ask for a code, then set a new password with it.

use gatehouse_auth::{view::AuthView, ConfirmationCode, Intent, Password};
use tauri::State;

use super::{dispatch, Reply};
use crate::state::AppState;

/// `username` pre-fills the form with what the user typed on the sign-in screen.
#[tauri::command]
#[specta::specta]
pub async fn show_forgot_password(
    state: State<'_, AppState>,
    username: Option<String>,
) -> Reply<AuthView> {
    tracing::info!(command = "show_forgot_password");
    let intent = Intent::ShowForgotPassword { username };
    dispatch(&state, "show_forgot_password", intent).await
}

#[tauri::command]
#[specta::specta]
pub async fn request_password_reset(
    state: State<'_, AppState>,
    username: String,
) -> Reply<AuthView> {
    tracing::info!(command = "request_password_reset");
    let intent = Intent::RequestPasswordReset { username };
    dispatch(&state, "request_password_reset", intent).await
}

#[tauri::command]
#[specta::specta]
pub async fn resend_password_reset_code(state: State<'_, AppState>) -> Reply<AuthView> {
    tracing::info!(command = "resend_password_reset_code");
    let intent = Intent::ResendPasswordResetCode;
    dispatch(&state, "resend_password_reset_code", intent).await
}

#[tauri::command]
#[specta::specta]
pub async fn confirm_password_reset(
    state: State<'_, AppState>,
    code: String,
    password: String,
) -> Reply<AuthView> {
    let code = ConfirmationCode::new(code);
    let password = Password::new(password);
    tracing::info!(command = "confirm_password_reset");
    let intent = Intent::ConfirmPasswordReset { code, password };
    dispatch(&state, "confirm_password_reset", intent).await
}

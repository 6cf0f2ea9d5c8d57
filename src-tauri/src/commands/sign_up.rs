//! Creating an account: the sign-up form, its confirmation code, and moving between the forms.

use std::collections::BTreeMap;

use gatehouse_auth::{view::AuthView, ConfirmationCode, Intent, Password};
use tauri::State;

use super::{dispatch, Reply};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn show_sign_up(state: State<'_, AppState>) -> Reply<AuthView> {
    tracing::info!(command = "show_sign_up");
    dispatch(&state, "show_sign_up", Intent::ShowSignUp).await
}

#[tauri::command]
#[specta::specta]
pub async fn show_sign_in(state: State<'_, AppState>) -> Reply<AuthView> {
    tracing::info!(command = "show_sign_in");
    dispatch(&state, "show_sign_in", Intent::ShowSignIn).await
}

/// `attributes` is keyed by Cognito attribute name (`email`, `phone_number`, `custom:team`).
#[tauri::command]
#[specta::specta]
pub async fn sign_up(
    state: State<'_, AppState>,
    username: String,
    password: String,
    attributes: BTreeMap<String, String>,
) -> Reply<AuthView> {
    let password = Password::new(password);
    tracing::info!(command = "sign_up");
    let intent = Intent::SignUp {
        username,
        password,
        attributes,
    };
    dispatch(&state, "sign_up", intent).await
}

#[tauri::command]
#[specta::specta]
pub async fn confirm_sign_up(state: State<'_, AppState>, code: String) -> Reply<AuthView> {
    let code = ConfirmationCode::new(code);
    tracing::info!(command = "confirm_sign_up");
    dispatch(&state, "confirm_sign_up", Intent::ConfirmSignUp { code }).await
}

#[tauri::command]
#[specta::specta]
pub async fn resend_sign_up_code(state: State<'_, AppState>) -> Reply<AuthView> {
    tracing::info!(command = "resend_sign_up_code");
    dispatch(&state, "resend_sign_up_code", Intent::ResendSignUpCode).await
}

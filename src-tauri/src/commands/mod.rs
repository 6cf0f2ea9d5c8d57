//! The IPC commands: each is a user intent, adapted in a few lines onto `gatehouse_auth::Auth`.
//!
//! Passwords and codes are wrapped into the core's secret types on arrival, so they are redacted
//! from then on. Every command logs its name only and answers through `Outgoing::respond`.
//! Keep this list in step with `build.rs` (ACL) and `bindings::builder` (TypeScript).
//! See https://v2.tauri.app/develop/calling-rust/

use gatehouse_auth::{view::AuthView, ConfirmationCode, Intent, Password};
use tauri::State;

use crate::{
    error::IpcError,
    local_pool::OutboxEntry,
    state::{AppInfo, AppState},
};

type Reply<T> = Result<T, IpcError>;

/// Runs one intent to completion and answers with the settled view.
async fn dispatch(state: &AppState, command: &'static str, intent: Intent) -> Reply<AuthView> {
    let view = state.auth.dispatch(intent).await;
    state.outgoing.respond(command, Ok(view))
}

#[tauri::command]
#[specta::specta]
pub async fn get_view(state: State<'_, AppState>) -> Reply<AuthView> {
    tracing::info!(command = "get_view");
    state.outgoing.respond("get_view", Ok(state.auth.view()))
}

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

#[tauri::command]
#[specta::specta]
pub async fn sign_up(
    state: State<'_, AppState>,
    username: String,
    password: String,
    email: String,
) -> Reply<AuthView> {
    let password = Password::new(password);
    tracing::info!(command = "sign_up");
    let intent = Intent::SignUp {
        username,
        password,
        email,
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

#[tauri::command]
#[specta::specta]
pub async fn sign_out(state: State<'_, AppState>) -> Reply<AuthView> {
    tracing::info!(command = "sign_out");
    dispatch(&state, "sign_out", Intent::SignOut).await
}

/// The local pool's outbox, newest first. The one response allowed to carry a code.
#[tauri::command]
#[specta::specta]
pub async fn list_outbox(state: State<'_, AppState>) -> Reply<Vec<OutboxEntry>> {
    tracing::info!(command = "list_outbox");
    let listed = match &state.local {
        None => Err(IpcError::not_local_mode()),
        Some(local) => local.outbox().map_err(|error| {
            tracing::warn!(%error, "local pool outbox unreadable");
            IpcError::local_pool()
        }),
    };
    state.outgoing.respond("list_outbox", listed)
}

#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> Reply<AppInfo> {
    tracing::info!(command = "app_info");
    state.outgoing.respond("app_info", Ok(state.info()))
}

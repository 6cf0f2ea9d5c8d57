//! The IPC commands: each is a user intent, adapted in a few lines onto `gatehouse_auth::Auth`,
//! grouped by journey: `sign_up`, `sign_in` (with its challenges), `recovery`, `account`.
//!
//! Passwords and codes are wrapped into the core's secret types on arrival, so they are redacted
//! from then on. Every command logs its name only and answers through `Outgoing::respond`.
//! Keep the list in step with `build.rs` (ACL), `capabilities/main.json` and `bindings::builder`.
//! See https://v2.tauri.app/develop/calling-rust/

pub mod account;
pub mod pool_check;
pub mod profiles;
pub mod recovery;
pub mod sign_in;
pub mod sign_up;

use gatehouse_auth::{view::AuthView, Intent};
use tauri::State;

use crate::{
    error::IpcError,
    local_pool::OutboxEntry,
    state::{AppInfo, AppState},
};

type Reply<T> = Result<T, IpcError>;

/// Runs one intent to completion and answers with the settled view.
pub(crate) async fn dispatch(
    state: &AppState,
    command: &'static str,
    intent: Intent,
) -> Reply<AuthView> {
    let view = state.auth().dispatch(intent).await;
    state.outgoing().respond(command, Ok(view))
}

#[tauri::command]
#[specta::specta]
pub async fn get_view(state: State<'_, AppState>) -> Reply<AuthView> {
    tracing::info!(command = "get_view");
    state
        .outgoing()
        .respond("get_view", Ok(state.auth().view()))
}

/// The local pool's outbox, newest first. The one response allowed to carry a code.
#[tauri::command]
#[specta::specta]
pub async fn list_outbox(state: State<'_, AppState>) -> Reply<Vec<OutboxEntry>> {
    tracing::info!(command = "list_outbox");
    let listed = match state.local() {
        None => Err(IpcError::not_local_mode()),
        Some(local) => local.outbox().map_err(|error| {
            tracing::warn!(%error, "local pool outbox unreadable");
            IpcError::local_pool()
        }),
    };
    state.outgoing().respond("list_outbox", listed)
}

#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> Reply<AppInfo> {
    tracing::info!(command = "app_info");
    state.outgoing().respond("app_info", Ok(state.info()))
}

//! Launch in local mode: pick the data directory, start the embedded pool, build `Auth` on the
//! OS keyring with an observer that pushes each view to the UI, then restore the session.
//!
//! The data directory is `GATEHOUSE_DATA_DIR` when set (tests use a fresh one per run), else
//! Tauri's app data directory (https://v2.tauri.app/reference/javascript/api/namespacepath/#appdatadir).

use std::{path::PathBuf, sync::Arc};

use gatehouse_auth::{Auth, KeyringStore, PoolSettings};
use tauri::{App, Manager};

use crate::{local_pool::LocalMode, outgoing::Outgoing, state::AppState};

pub const DATA_DIR_ENV: &str = "GATEHOUSE_DATA_DIR";

/// The keyring service the session is stored under.
const KEYRING_SERVICE: &str = "gatehouse";

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("no application data directory: {0}")]
    DataDir(#[source] tauri::Error),
    #[error("the embedded local pool did not start: {0}")]
    LocalPool(#[source] gatehouse_pool::PoolError),
}

pub fn local_mode(app: &mut App) -> Result<(), StartupError> {
    let data_dir = data_dir(app)?;
    tracing::info!(data_dir = %data_dir.display(), "starting in local mode");
    let local = tauri::async_runtime::block_on(LocalMode::start(data_dir))
        .map_err(StartupError::LocalPool)?;

    let outgoing = Outgoing::from_env();
    let settings = PoolSettings {
        region: local.ids.region.clone(),
        user_pool_id: local.ids.user_pool_id.clone(),
        client_id: local.ids.client_id.clone(),
        endpoint: Some(local.pool.endpoint()),
    };
    let handle = app.handle().clone();
    let observer_outgoing = outgoing.clone();
    let auth = Arc::new(Auth::new(
        settings,
        Arc::new(KeyringStore::new(KEYRING_SERVICE)),
        Box::new(move |view| observer_outgoing.view_changed(&handle, view)),
    ));

    local.forward_outbox(app.handle().clone(), outgoing.clone());
    app.manage(AppState {
        auth: auth.clone(),
        local: Some(local),
        outgoing,
    });
    tauri::async_runtime::spawn(async move {
        auth.start().await;
    });
    Ok(())
}

fn data_dir(app: &App) -> Result<PathBuf, StartupError> {
    match std::env::var_os(DATA_DIR_ENV).filter(|dir| !dir.is_empty()) {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => app.path().app_data_dir().map_err(StartupError::DataDir),
    }
}

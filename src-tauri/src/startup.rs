//! Launch: pick the data directory and the pool, build `Auth` on the OS keyring with an observer
//! that pushes each view to the UI, then restore the session.
//!
//! Local mode (the default) starts the embedded pool and reads its settings from it. With a
//! profile file (`--profile-file PATH` or `GATEHOUSE_PROFILE_FILE`) the app signs in to the pool
//! the profile names instead; full profiles, with their import from Amplify, are issue 4.
//!
//! The data directory is `--data-dir` or `GATEHOUSE_DATA_DIR` when set (tests use a fresh one), else
//! Tauri's app data directory (https://v2.tauri.app/reference/javascript/api/namespacepath/#appdatadir).

use std::{path::PathBuf, sync::Arc};

use gatehouse_auth::{Auth, KeyringStore, PoolSettings};
use serde_json::{json, Value};
use tauri::{App, Manager};

use crate::{
    local_pool::LocalMode,
    outgoing::Outgoing,
    pool_settings::PoolDescription,
    profile::{Profile, ProfileError},
    state::AppState,
};

pub const DATA_DIR_ENV: &str = "GATEHOUSE_DATA_DIR";
pub const PROFILE_FILE_ENV: &str = "GATEHOUSE_PROFILE_FILE";

/// The keyring service the session is stored under.
const KEYRING_SERVICE: &str = "gatehouse";

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("no application data directory: {0}")]
    DataDir(#[source] tauri::Error),
    #[error("the embedded local pool did not start: {0}")]
    LocalPool(#[source] gatehouse_pool::PoolError),
    #[error("the embedded local pool could not describe itself: {0}")]
    Describe(#[source] gatehouse_pool::CognitoError),
    #[error(transparent)]
    Profile(#[from] ProfileError),
}

pub fn launch(app: &mut App) -> Result<(), StartupError> {
    match profile_file() {
        Some(path) => remote_mode(app, Profile::load(&path)?),
        None => local_mode(app),
    }
}

fn local_mode(app: &mut App) -> Result<(), StartupError> {
    let data_dir = data_dir(app)?;
    tracing::info!(data_dir = %data_dir.display(), "starting in local mode");
    let local = tauri::async_runtime::block_on(LocalMode::start(data_dir))
        .map_err(StartupError::LocalPool)?;
    let settings = local_settings(&local)?;
    let outgoing = Outgoing::from_env();
    local.forward_outbox(app.handle().clone(), outgoing.clone());
    run_auth(app, settings, Some(local), outgoing);
    Ok(())
}

fn remote_mode(app: &mut App, profile: Profile) -> Result<(), StartupError> {
    tracing::info!(profile = %profile.name, "starting on a profile's pool");
    run_auth(app, profile.settings(), None, Outgoing::from_env());
    Ok(())
}

/// The embedded pool's own description: its schema, password policy and MFA configuration.
fn local_settings(local: &LocalMode) -> Result<PoolSettings, StartupError> {
    let pool_id = json!({"UserPoolId": local.ids.user_pool_id});
    let described = local
        .pool
        .call("DescribeUserPool", &pool_id)
        .map_err(StartupError::Describe)?;
    let mfa = local
        .pool
        .call("GetUserPoolMfaConfig", &pool_id)
        .map_err(StartupError::Describe)?;
    Ok(PoolDescription {
        profile: "local",
        region: &local.ids.region,
        client_id: &local.ids.client_id,
        endpoint: Some(local.pool.endpoint()),
        pool: described.get("UserPool").unwrap_or(&Value::Null),
        mfa: &mfa,
    }
    .settings())
}

fn run_auth(app: &mut App, settings: PoolSettings, local: Option<LocalMode>, outgoing: Outgoing) {
    let handle = app.handle().clone();
    let observer_outgoing = outgoing.clone();
    let auth = Arc::new(Auth::new(
        settings,
        Arc::new(KeyringStore::new(KEYRING_SERVICE)),
        Box::new(move |view| observer_outgoing.view_changed(&handle, view)),
    ));
    app.manage(AppState {
        auth: auth.clone(),
        local,
        outgoing,
    });
    // Refreshes the tokens before they expire, for as long as the app holds `auth`: an idle
    // window must not find its session dead when the user comes back.
    let fresh = Arc::downgrade(&auth);
    tauri::async_runtime::spawn(async move {
        auth.start().await;
        Auth::keep_fresh(fresh).await;
    });
}

/// `--profile-file PATH` on the command line, else `GATEHOUSE_PROFILE_FILE`.
fn profile_file() -> Option<PathBuf> {
    path_option("--profile-file", PROFILE_FILE_ENV)
}

/// `--data-dir PATH`, else `GATEHOUSE_DATA_DIR`, else Tauri's app data directory.
fn data_dir(app: &App) -> Result<PathBuf, StartupError> {
    match path_option("--data-dir", DATA_DIR_ENV) {
        Some(dir) => Ok(dir),
        None => app.path().app_data_dir().map_err(StartupError::DataDir),
    }
}

/// A path given as `flag PATH` on the command line, or else in the environment variable `env`.
fn path_option(flag: &str, env: &str) -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == flag {
            return args.next().map(PathBuf::from);
        }
    }
    std::env::var_os(env)
        .filter(|path| !path.is_empty())
        .map(PathBuf::from)
}

//! Launch: pick the data directory and the profile, apply `--theme` if given, then open the profile
//! (starting the embedded pool for the local profile) off the main thread and hand the app its state.
//!
//! The profile is, in order: `--profile-file PATH` (or `GATEHOUSE_PROFILE_FILE`), imported and saved
//! under its own name (an installer's baked-in profile, a test's second "device"); `--profile NAME`
//! (or `GATEHOUSE_PROFILE`), a saved one; the profile open when the app last closed; the profile the
//! installer baked in (`baked_profile`, imported at every start); `local`.
//!
//! The data directory is `--data-dir` or `GATEHOUSE_DATA_DIR` when set (tests use a fresh one), else
//! Tauri's app data directory (https://v2.tauri.app/reference/javascript/api/namespacepath/#appdatadir).

use std::path::PathBuf;

use tauri::{App, Manager};

mod baked_profile;
mod ready;

pub use ready::Ready;

use crate::{
    outgoing::Outgoing,
    profiles::{parse, KeyringVault, ProfileError, ProfileStore, LOCAL},
    state::{AppState, KEYRING_SERVICE},
};

pub const DATA_DIR_ENV: &str = "GATEHOUSE_DATA_DIR";
pub const PROFILE_FILE_ENV: &str = "GATEHOUSE_PROFILE_FILE";
pub const PROFILE_ENV: &str = "GATEHOUSE_PROFILE";
pub const THEME_ENV: &str = "GATEHOUSE_THEME";

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("no application data directory: {0}")]
    DataDir(#[source] tauri::Error),
    #[error("cannot read the profile file {path}: {source}")]
    ProfileFile {
        path: String,
        source: std::io::Error,
    },
    #[error("the profile file {path}: {source}")]
    BadProfileFile { path: String, source: ProfileError },
    #[error("no saved profile is named {0:?} (`--profile`)")]
    UnknownProfile(String),
    #[error("the profile {name:?} could not be opened: {source}")]
    Open { name: String, source: ProfileError },
    #[error(
        "`--theme` is `light` or `dark` (without it the window follows the system), not {0:?}"
    )]
    Theme(String),
    #[error("the window's theme could not be set: {0}")]
    Window(#[source] tauri::Error),
    #[error("no thread to open the profile on: {0}")]
    Thread(#[source] std::io::Error),
}

/// Picks the profile (fast, and fatal when a flag names a bad one), then opens the state on a thread
/// of its own so that `setup` returns and the window loads its page meanwhile; commands wait at
/// `ready` until the state is managed (see `ready`). A failure to open it ends the app, as a
/// failing `setup` did.
pub fn launch(app: &mut App, ready: Ready) -> Result<(), StartupError> {
    let data_dir = data_dir(app)?;
    let profiles = ProfileStore::open(&data_dir, Box::new(KeyringVault::new(KEYRING_SERVICE)));
    let name = initial_profile(app, &profiles)?;
    apply_theme(app)?;
    tracing::info!(data_dir = %data_dir.display(), profile = %name, "starting");
    let handle = app.handle().clone();
    std::thread::Builder::new()
        .name("open-state".into())
        .spawn(move || {
            let opened = tauri::async_runtime::block_on(AppState::open(
                handle.clone(),
                data_dir,
                profiles,
                Outgoing::from_env(),
                &name,
            ));
            match opened {
                Ok(state) => {
                    handle.manage(state);
                    tracing::info!("state ready");
                }
                Err(source) => {
                    let error = StartupError::Open { name, source };
                    tracing::error!(%error, "the app cannot start");
                    handle.exit(1);
                }
            }
            ready.open();
        })
        .map_err(StartupError::Thread)?;
    Ok(())
}

/// `--theme light|dark` (or `GATEHOUSE_THEME`) overrides the system's choice, which the window
/// follows otherwise (the UI's stylesheet answers `prefers-color-scheme`, which WebKitGTK takes
/// from the GTK theme preference Tauri sets here).
fn apply_theme(app: &App) -> Result<(), StartupError> {
    let theme = match text_option("--theme", THEME_ENV).as_deref() {
        None => return Ok(()),
        Some("light") => tauri::Theme::Light,
        Some("dark") => tauri::Theme::Dark,
        Some(other) => return Err(StartupError::Theme(other.to_owned())),
    };
    match app.get_webview_window("main") {
        Some(window) => window.set_theme(Some(theme)).map_err(StartupError::Window),
        None => Ok(()),
    }
}

fn initial_profile(app: &App, profiles: &ProfileStore) -> Result<String, StartupError> {
    // Imported first, whatever the flags say: an upgrade brings the organisation's new settings.
    let baked = baked_profile::import(app, profiles);
    if let Some(path) = path_option("--profile-file", PROFILE_FILE_ENV) {
        let shown = path.display().to_string();
        let source =
            std::fs::read_to_string(&path).map_err(|source| StartupError::ProfileFile {
                path: shown.clone(),
                source,
            })?;
        let bad = |source| StartupError::BadProfileFile {
            path: shown.clone(),
            source,
        };
        let (_, profile) = parse(&source, None).map_err(bad)?;
        let name = profile.name.clone();
        // A file given again replaces its earlier copy and keeps a secret entered in the app.
        profiles.add(profile, None, true).map_err(bad)?;
        return Ok(name);
    }
    if let Some(name) = text_option("--profile", PROFILE_ENV) {
        let known = name == LOCAL || profiles.get(&name).is_ok();
        return if known {
            Ok(name)
        } else {
            Err(StartupError::UnknownProfile(name))
        };
    }
    Ok(profiles
        .last_active()
        .or(baked)
        .unwrap_or_else(|| LOCAL.to_owned()))
}

/// `--data-dir PATH`, else `GATEHOUSE_DATA_DIR`, else Tauri's app data directory.
fn data_dir(app: &App) -> Result<PathBuf, StartupError> {
    match path_option("--data-dir", DATA_DIR_ENV) {
        Some(dir) => Ok(dir),
        None => app.path().app_data_dir().map_err(StartupError::DataDir),
    }
}

fn path_option(flag: &str, env: &str) -> Option<PathBuf> {
    option(flag, env).map(PathBuf::from)
}

pub(crate) fn text_option(flag: &str, env: &str) -> Option<String> {
    option(flag, env).and_then(|value| value.into_string().ok())
}

/// A value given as `flag VALUE` on the command line, or else in the environment variable `env`.
fn option(flag: &str, env: &str) -> Option<std::ffi::OsString> {
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == flag {
            return args.next();
        }
    }
    std::env::var_os(env).filter(|value| !value.is_empty())
}

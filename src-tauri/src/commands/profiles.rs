//! Profiles from the UI: list, switch, import, remove. A switch answers with the list; the new
//! profile's screen arrives as an `auth-view` event once its session is restored. The client
//! secret arrives here once, goes to the keyring, and is never sent back. Removing a profile
//! removes its secret and its session from the keyring.

use gatehouse_auth::{KeyringStore, TokenStore};
use tauri::State;

use crate::profiles::{parse, ProfileError, ProfileList, ProfileSummary};
use crate::state::{AppState, KEYRING_SERVICE};

type Reply<T> = Result<T, ProfileError>;

#[tauri::command]
#[specta::specta]
pub async fn list_profiles(state: State<'_, AppState>) -> Reply<ProfileList> {
    tracing::info!(command = "list_profiles");
    let listed = state.profiles().list(&state.active_name());
    state.outgoing().respond("list_profiles", listed)
}

#[tauri::command]
#[specta::specta]
pub async fn switch_profile(state: State<'_, AppState>, name: String) -> Reply<ProfileList> {
    tracing::info!(command = "switch_profile", profile = %name);
    let switched = match state.switch(&name).await {
        Ok(()) => state.profiles().list(&state.active_name()),
        Err(error) => Err(error),
    };
    state.outgoing().respond("switch_profile", switched)
}

/// `source`: the text of a Gatehouse profile, `amplify_outputs.json`, `amplifyconfiguration.json`
/// or `aws-exports`; `name`: the profile's name (empty: the file's own, else the pool id).
#[tauri::command]
#[specta::specta]
pub async fn import_profile(
    state: State<'_, AppState>,
    name: String,
    source: String,
    client_secret: Option<String>,
) -> Reply<ProfileSummary> {
    tracing::info!(command = "import_profile");
    let name = Some(name.trim()).filter(|name| !name.is_empty());
    let secret = client_secret.filter(|secret| !secret.is_empty());
    let imported = parse(&source, name).and_then(|(format, profile)| {
        tracing::info!(?format, profile = %profile.name, "profile imported");
        state.profiles().add(profile, secret, false)
    });
    state.outgoing().respond("import_profile", imported)
}

#[tauri::command]
#[specta::specta]
pub async fn remove_profile(state: State<'_, AppState>, name: String) -> Reply<ProfileList> {
    tracing::info!(command = "remove_profile", profile = %name);
    let active = state.active_name();
    // Its session goes too: a profile of that name added later must not inherit it.
    let session = state
        .profiles()
        .get(&name)
        .map(|(p, _)| p.settings().store_key());
    let removed = state.profiles().remove(&name, &active).and_then(|()| {
        if let Ok(key) = &session {
            if let Err(error) = KeyringStore::new(KEYRING_SERVICE).clear(key) {
                tracing::warn!(%error, "the removed profile's session stays in the keyring");
            }
        }
        state.profiles().list(&active)
    });
    state.outgoing().respond("remove_profile", removed)
}

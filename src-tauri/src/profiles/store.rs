//! The saved profiles: `profiles.json` in the data directory (profiles and the active one's name,
//! never a secret) and each confidential client's secret in the keyring, under
//! `client-secret/<profile>`. Writes go to a temporary file renamed over the old one, so a crash
//! leaves the old list or the new one, never half of either.

use std::path::PathBuf;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use specta::Type;

use super::error::{ProfileError, ProfileErrorKind};
use super::profile::{check_name, Profile, LOCAL};
use super::vault::SecretVault;

/// What the profile picker shows: ids only, and whether a secret is kept (never the secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileSummary {
    pub name: String,
    pub kind: ProfileKind,
    pub region: Option<String>,
    pub user_pool_id: Option<String>,
    pub client_id: Option<String>,
    pub has_client_secret: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum ProfileKind {
    /// The embedded pool.
    Local,
    Remote,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileList {
    pub active: String,
    /// The local profile first, then the others by name.
    pub profiles: Vec<ProfileSummary>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Saved {
    #[serde(default)]
    active: Option<String>,
    #[serde(default)]
    profiles: Vec<Profile>,
}

pub struct ProfileStore {
    path: PathBuf,
    vault: Box<dyn SecretVault>,
    /// One writer at a time: read-modify-write of the file.
    lock: Mutex<()>,
}

impl ProfileStore {
    pub fn open(data_dir: &std::path::Path, vault: Box<dyn SecretVault>) -> Self {
        Self {
            path: data_dir.join("profiles.json"),
            vault,
            lock: Mutex::new(()),
        }
    }

    /// The profile `name` with its client secret, if it has one. `None` for `local`.
    pub fn get(&self, name: &str) -> Result<(Profile, Option<String>), ProfileError> {
        let profile = self.profile(name)?;
        let secret = self.vault.get(&secret_key(name)).map_err(keyring)?;
        Ok((profile, secret))
    }

    /// The profile `name` without touching the keyring (`gatehouse doctor` needs no secret).
    pub fn profile(&self, name: &str) -> Result<Profile, ProfileError> {
        self.read()?
            .profiles
            .into_iter()
            .find(|profile| profile.name == name)
            .ok_or_else(|| ProfileError::new(ProfileErrorKind::UnknownProfile))
    }

    pub fn list(&self, active: &str) -> Result<ProfileList, ProfileError> {
        let mut profiles = vec![ProfileSummary {
            name: LOCAL.into(),
            kind: ProfileKind::Local,
            region: None,
            user_pool_id: None,
            client_id: None,
            has_client_secret: false,
        }];
        let mut saved = self.read()?.profiles;
        saved.sort_by(|a, b| a.name.cmp(&b.name));
        for profile in saved {
            profiles.push(self.summary(&profile)?);
        }
        Ok(ProfileList {
            active: active.to_owned(),
            profiles,
        })
    }

    /// Saves `profile` (checked), with its client secret in the keyring. `replace` lets a profile
    /// file given at launch update its earlier copy (keeping its secret unless given a new one);
    /// the UI's import refuses a taken name.
    pub fn add(
        &self,
        profile: Profile,
        secret: Option<String>,
        replace: bool,
    ) -> Result<ProfileSummary, ProfileError> {
        profile.check()?;
        if profile.name == LOCAL {
            return Err(ProfileError::at(ProfileErrorKind::DuplicateName, "name"));
        }
        if secret
            .as_deref()
            .is_some_and(|s| s.trim().is_empty() || s.len() > 128)
        {
            return Err(ProfileError::invalid("clientSecret"));
        }
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut saved = self.read()?;
        let existing = saved.profiles.iter().position(|p| p.name == profile.name);
        match (existing, replace) {
            (Some(_), false) => {
                return Err(ProfileError::at(ProfileErrorKind::DuplicateName, "name"))
            }
            (Some(index), true) => saved.profiles[index] = profile.clone(),
            (None, _) => saved.profiles.push(profile.clone()),
        }
        // The secret first: a profile saved without its secret would sign in and be refused. A
        // replaced profile given no secret keeps the one entered in the app earlier.
        let key = secret_key(&profile.name);
        match &secret {
            Some(secret) => self.vault.set(&key, secret).map_err(keyring)?,
            None if replace => {}
            None => self.vault.delete(&key).map_err(keyring)?,
        }
        self.write(&saved)?;
        self.summary(&profile)
    }

    /// Removes a saved profile and its secret; not `local`, not the active one.
    pub fn remove(&self, name: &str, active: &str) -> Result<(), ProfileError> {
        if name == LOCAL || name == active {
            return Err(ProfileError::new(ProfileErrorKind::CannotRemove));
        }
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut saved = self.read()?;
        let before = saved.profiles.len();
        saved.profiles.retain(|profile| profile.name != name);
        if saved.profiles.len() == before {
            return Err(ProfileError::new(ProfileErrorKind::UnknownProfile));
        }
        self.write(&saved)?;
        self.vault.delete(&secret_key(name)).map_err(keyring)
    }

    /// The profile the app opened last, if it still exists.
    pub fn last_active(&self) -> Option<String> {
        let saved = self.read().ok()?;
        let name = saved.active?;
        (name == LOCAL || saved.profiles.iter().any(|p| p.name == name)).then_some(name)
    }

    pub fn set_active(&self, name: &str) -> Result<(), ProfileError> {
        check_name(name)?;
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut saved = self.read()?;
        if name != LOCAL && !saved.profiles.iter().any(|p| p.name == name) {
            return Err(ProfileError::new(ProfileErrorKind::UnknownProfile));
        }
        saved.active = Some(name.to_owned());
        self.write(&saved)
    }

    fn summary(&self, profile: &Profile) -> Result<ProfileSummary, ProfileError> {
        let has_client_secret = self
            .vault
            .get(&secret_key(&profile.name))
            .map_err(keyring)?
            .is_some();
        Ok(ProfileSummary {
            name: profile.name.clone(),
            kind: ProfileKind::Remote,
            region: Some(profile.region.clone()),
            user_pool_id: Some(profile.user_pool_id.clone()),
            client_id: Some(profile.client_id.clone()),
            has_client_secret,
        })
    }

    fn read(&self) -> Result<Saved, ProfileError> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) => serde_json::from_str(&text).map_err(|error| {
                tracing::warn!(%error, "profiles.json is unreadable");
                ProfileError::new(ProfileErrorKind::Storage)
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Saved::default()),
            Err(error) => {
                tracing::warn!(%error, "profiles.json cannot be read");
                Err(ProfileError::new(ProfileErrorKind::Storage))
            }
        }
    }

    fn write(&self, saved: &Saved) -> Result<(), ProfileError> {
        let storage = |error: std::io::Error| {
            tracing::warn!(%error, "profiles.json cannot be written");
            ProfileError::new(ProfileErrorKind::Storage)
        };
        let text = serde_json::to_string_pretty(saved).expect("profiles serialise");
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(storage)?;
        }
        let temporary = self.path.with_extension("json.tmp");
        std::fs::write(&temporary, text).map_err(storage)?;
        std::fs::rename(&temporary, &self.path).map_err(storage)
    }
}

/// The keyring entry of a profile's client secret (names hold no `/`, see `check_name`).
fn secret_key(name: &str) -> String {
    format!("client-secret/{name}")
}

fn keyring(detail: String) -> ProfileError {
    tracing::warn!(%detail, "keyring refused a client secret operation");
    ProfileError::new(ProfileErrorKind::Keyring)
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;

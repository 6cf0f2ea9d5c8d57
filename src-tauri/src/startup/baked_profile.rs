//! The profile an installer bakes in (`cargo xtask bundle --profile-file F`): a bundle resource
//! `default-profile.json`, so that one release binary serves every organisation and its package
//! opens on the organisation's pool.
//!
//! It is imported at every start, replacing its earlier copy and keeping a client secret entered in
//! the app, so that an upgraded package brings the organisation's new settings. It is only the
//! *initial* profile: a profile chosen later (the last active one) wins at the next start.
//! Where Tauri puts resources: https://v2.tauri.app/develop/resources/ (on Linux
//! `/usr/lib/<productName>/` for a packaged app, the executable's directory otherwise).

use std::path::Path;

use tauri::{App, Manager};

use crate::profiles::{parse, ProfileStore};

/// The resource's name inside the bundle (xtask's `bundle` module maps the given file to it).
pub const RESOURCE: &str = "default-profile.json";

/// Imports the baked-in profile if the bundle has one and returns its name.
///
/// A broken resource must not brick an installed app (the user could not even reach the profile
/// screen to import a good one): every failure is logged and the start goes on as if there were no
/// baked-in profile, with the last active profile or `local`.
pub fn import(app: &App, profiles: &ProfileStore) -> Option<String> {
    let dir = match app.path().resource_dir() {
        Ok(dir) => dir,
        Err(error) => {
            tracing::warn!(%error, "no resource directory: no baked-in profile");
            return None;
        }
    };
    import_from(&dir.join(RESOURCE), profiles)
}

/// [`import`] with the resource's path given (tests have no Tauri app).
fn import_from(path: &Path, profiles: &ProfileStore) -> Option<String> {
    let source = match std::fs::read_to_string(path) {
        Ok(source) => source,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return None,
        Err(error) => {
            tracing::warn!(path = %path.display(), %error, "the baked-in profile cannot be read; ignored");
            return None;
        }
    };
    // `ProfileError` names the kind and field only, never a value: safe to log.
    let imported = parse(&source, None).and_then(|(_, profile)| {
        let name = profile.name.clone();
        profiles.add(profile, None, true).map(|_| name)
    });
    match imported {
        Ok(name) => {
            tracing::info!(path = %path.display(), profile = %name, "baked-in profile imported");
            Some(name)
        }
        Err(error) => {
            tracing::warn!(path = %path.display(), %error, "the baked-in profile is refused; ignored");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profiles::SecretVault;

    /// A keyring with no secrets: a baked-in profile never carries one.
    struct NoSecrets;

    impl SecretVault for NoSecrets {
        fn get(&self, _: &str) -> Result<Option<String>, String> {
            Ok(None)
        }
        fn set(&self, _: &str, _: &str) -> Result<(), String> {
            Err("a baked-in profile stores no secret".into())
        }
        fn delete(&self, _: &str) -> Result<(), String> {
            Err("a baked-in profile keeps a secret entered in the app".into())
        }
    }

    fn store(dir: &Path) -> ProfileStore {
        ProfileStore::open(dir, Box::new(NoSecrets))
    }

    const ACME: &str = r#"{"name":"acme","region":"us-east-1","userPoolId":"us-east-1_Acme","clientId":"acmeclient"}"#;

    #[test]
    fn a_baked_in_profile_is_saved_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(RESOURCE);
        std::fs::write(&file, ACME).unwrap();
        let profiles = store(dir.path());

        assert_eq!(import_from(&file, &profiles).as_deref(), Some("acme"));
        assert_eq!(
            profiles.get("acme").unwrap().0.user_pool_id,
            "us-east-1_Acme"
        );
    }

    #[test]
    fn an_upgraded_package_replaces_the_earlier_copy() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(RESOURCE);
        let profiles = store(dir.path());
        std::fs::write(&file, ACME).unwrap();
        import_from(&file, &profiles);
        std::fs::write(&file, ACME.replace("acmeclient", "newclient")).unwrap();

        assert_eq!(import_from(&file, &profiles).as_deref(), Some("acme"));
        assert_eq!(profiles.get("acme").unwrap().0.client_id, "newclient");
    }

    #[test]
    fn no_resource_and_a_broken_one_both_start_without_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(RESOURCE);
        let profiles = store(dir.path());

        assert_eq!(import_from(&file, &profiles), None);
        std::fs::write(&file, r#"{"name":"acme","region":"us-east-1"}"#).unwrap();
        assert_eq!(import_from(&file, &profiles), None);
        assert!(profiles.get("acme").is_err(), "nothing half-saved");
    }
}

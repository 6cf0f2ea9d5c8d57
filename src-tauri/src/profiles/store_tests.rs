use std::collections::HashMap;
use std::sync::Mutex;

use super::*;

/// For unit tests of the store.
#[derive(Default)]
struct MemoryVault {
    secrets: Mutex<HashMap<String, String>>,
}

impl SecretVault for MemoryVault {
    fn get(&self, key: &str) -> Result<Option<String>, String> {
        Ok(self.secrets.lock().unwrap().get(key).cloned())
    }

    fn set(&self, key: &str, secret: &str) -> Result<(), String> {
        self.secrets
            .lock()
            .unwrap()
            .insert(key.to_owned(), secret.to_owned());
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<(), String> {
        self.secrets.lock().unwrap().remove(key);
        Ok(())
    }
}

const SECRET: &str = "1example23456789secretvalue0abcdefghijklmnopq";

fn profile(name: &str) -> Profile {
    serde_json::from_value(serde_json::json!({
        "name": name, "region": "us-east-1", "userPoolId": "us-east-1_abc", "clientId": "c1"
    }))
    .unwrap()
}

fn store(dir: &tempfile::TempDir) -> ProfileStore {
    ProfileStore::open(dir.path(), Box::new(MemoryVault::default()))
}

#[test]
fn profiles_are_listed_after_local_with_whether_a_secret_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    store.add(profile("zeta"), None, false).unwrap();
    let added = store
        .add(profile("acme"), Some(SECRET.into()), false)
        .unwrap();
    assert!(added.has_client_secret);

    let list = store.list("acme").unwrap();
    assert_eq!(list.active, "acme");
    let names: Vec<_> = list.profiles.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["local", "acme", "zeta"]);
    assert_eq!(list.profiles[0].kind, ProfileKind::Local);
    assert!(list.profiles[1].has_client_secret && !list.profiles[2].has_client_secret);

    let (acme, secret) = store.get("acme").unwrap();
    assert_eq!(acme, profile("acme"));
    assert_eq!(secret.as_deref(), Some(SECRET));
}

#[test]
fn the_secret_never_reaches_the_file_or_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let summary = store
        .add(profile("acme"), Some(SECRET.into()), false)
        .unwrap();
    let file = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(!file.contains(SECRET), "{file}");
    let shown = serde_json::to_string(&store.list("local").unwrap()).unwrap();
    assert!(!shown.contains(SECRET) && !format!("{summary:?}").contains(SECRET));
}

#[test]
fn taken_and_reserved_names_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    store.add(profile("acme"), None, false).unwrap();
    let before = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();

    let mut other = profile("acme");
    other.client_id = "c2".into();
    for (candidate, secret) in [(other, Some(SECRET.to_owned())), (profile("local"), None)] {
        let error = store.add(candidate, secret, false).unwrap_err();
        assert_eq!(
            (error.kind, error.field.as_deref()),
            (ProfileErrorKind::DuplicateName, Some("name"))
        );
    }
    let after = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert_eq!(before, after);
    assert_eq!(store.get("acme").unwrap().1, None, "no secret slipped in");
}

#[test]
fn a_launch_file_replaces_its_earlier_copy_and_keeps_its_secret() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    store
        .add(profile("acme"), Some(SECRET.into()), false)
        .unwrap();
    let mut updated = profile("acme");
    updated.client_id = "c2".into();
    store.add(updated.clone(), None, true).unwrap();
    assert_eq!(
        store.get("acme").unwrap(),
        (updated, Some(SECRET.to_owned()))
    );
}

#[test]
fn bad_profiles_and_secrets_are_refused_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let mut bad = profile("acme");
    bad.user_pool_id = "eu-west-1_abc".into();
    assert_eq!(
        store.add(bad, None, false).unwrap_err().field.as_deref(),
        Some("userPoolId")
    );
    let error = store
        .add(profile("acme"), Some("  ".into()), false)
        .unwrap_err();
    assert_eq!(error.field.as_deref(), Some("clientSecret"));
    assert_eq!(store.list("local").unwrap().profiles.len(), 1);
}

#[test]
fn local_and_active_profiles_stay() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    store
        .add(profile("acme"), Some(SECRET.into()), false)
        .unwrap();
    for (name, active) in [("local", "acme"), ("acme", "acme")] {
        assert_eq!(
            store.remove(name, active).unwrap_err().kind,
            ProfileErrorKind::CannotRemove
        );
    }
    assert_eq!(
        store.remove("nobody", "local").unwrap_err().kind,
        ProfileErrorKind::UnknownProfile
    );
    store.remove("acme", "local").unwrap();
    assert_eq!(
        store.get("acme").unwrap_err().kind,
        ProfileErrorKind::UnknownProfile
    );
    // Its secret went with it: a new profile of that name starts without one.
    store.add(profile("acme"), None, false).unwrap();
    assert_eq!(store.get("acme").unwrap().1, None);
}

#[test]
fn the_active_profile_is_remembered_while_it_exists() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    assert_eq!(store.last_active(), None);
    store.add(profile("acme"), None, false).unwrap();
    store.set_active("acme").unwrap();
    assert_eq!(store.last_active().as_deref(), Some("acme"));
    assert_eq!(
        store.set_active("nobody").unwrap_err().kind,
        ProfileErrorKind::UnknownProfile
    );
    store.set_active("local").unwrap();
    assert_eq!(store.last_active().as_deref(), Some("local"));
}

#[test]
fn a_damaged_list_is_a_storage_error_not_an_empty_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("profiles.json"), "{ not json").unwrap();
    let store = store(&dir);
    assert_eq!(
        store.list("local").unwrap_err().kind,
        ProfileErrorKind::Storage
    );
    assert_eq!(
        store.add(profile("acme"), None, false).unwrap_err().kind,
        ProfileErrorKind::Storage,
        "nothing is written over a file we could not read"
    );
}

//! `KeyringStore` against a real Secret Service (gnome-keyring in a dbus session).
//!
//! Runs only with `GATEHOUSE_KEYRING_TESTS=1` (xtask sets it inside `dbus-run-session` with an
//! unlocked gnome-keyring); elsewhere each test returns at once and says why on stderr.

use gatehouse_auth::store::keyring::CHUNK_BYTES;
use gatehouse_auth::{
    AccessToken, DevicePassword, IdToken, KeyringStore, RefreshToken, StoreKey, StoredDevice,
    StoredSession, TokenStore,
};

fn enabled() -> bool {
    let on = std::env::var("GATEHOUSE_KEYRING_TESTS").as_deref() == Ok("1");
    if !on {
        eprintln!(
            "skipped: set GATEHOUSE_KEYRING_TESTS=1 inside a dbus session with a Secret Service"
        );
    }
    on
}

/// A key of its own per test and run, so runs and tests never see each other's entries.
fn key(test: &str) -> StoreKey {
    StoreKey {
        profile: "keyring-test".into(),
        user_pool_id: format!("us-east-1_{test}{}", std::process::id()),
        client_id: "keyring-test-client".into(),
    }
}

fn session(refresh_len: usize) -> StoredSession {
    StoredSession {
        username: "ana".into(),
        id_token: IdToken::new("eyJ.id-token.sig".into()),
        access_token: AccessToken::new("eyJ.access-token.sig".into()),
        refresh_token: RefreshToken::new("r".repeat(refresh_len)),
        clock_drift_secs: -42,
        device_key: None,
    }
}

#[test]
fn a_session_survives_a_round_trip_and_is_cleared() {
    if !enabled() {
        return;
    }
    let store = KeyringStore::new("gatehouse");
    let key = key("roundtrip");
    assert_eq!(store.load(&key).unwrap(), None);
    store.save(&key, &session(300)).unwrap();
    // A second store instance reads what the first wrote: it is in the Secret Service, not in memory.
    assert_eq!(
        KeyringStore::new("gatehouse").load(&key).unwrap(),
        Some(session(300))
    );
    store.clear(&key).unwrap();
    assert_eq!(store.load(&key).unwrap(), None);
    store.clear(&key).unwrap(); // clearing nothing is fine
}

#[test]
fn a_5000_byte_token_is_split_into_bounded_chunks() {
    if !enabled() {
        return;
    }
    let store = KeyringStore::new("gatehouse");
    let key = key("chunks");
    store.save(&key, &session(5000)).unwrap();
    assert_eq!(store.load(&key).unwrap(), Some(session(5000)));

    let head = store.raw_item(&key, "refresh_token").unwrap();
    assert_eq!(head, "chunked:3");
    for index in 0..3 {
        let chunk = store
            .raw_item(&key, &format!("refresh_token/{index}"))
            .unwrap();
        assert!(
            chunk.len() <= CHUNK_BYTES,
            "chunk {index} is {} bytes",
            chunk.len()
        );
    }

    // A shorter token replaces the chunks, and clearing leaves none behind.
    store.save(&key, &session(100)).unwrap();
    assert_eq!(store.load(&key).unwrap(), Some(session(100)));
    assert!(store.raw_item(&key, "refresh_token/0").is_err());
    store.save(&key, &session(5000)).unwrap();
    store.clear(&key).unwrap();
    for kind in [
        "refresh_token",
        "refresh_token/0",
        "refresh_token/2",
        "username",
    ] {
        assert!(
            matches!(store.raw_item(&key, kind), Err(keyring::Error::NoEntry)),
            "{kind} left behind"
        );
    }
}

#[test]
fn a_remembered_device_survives_sign_out_and_is_kept_per_user() {
    if !enabled() {
        return;
    }
    let store = KeyringStore::new("gatehouse");
    let key = key("device");
    let device = StoredDevice {
        key: "us-east-1_0f6c1e2a-device".into(),
        group_key: "-group-key".into(),
        password: DevicePassword::new("device-password".into()),
    };
    let mut with_device = session(300);
    with_device.device_key = Some(device.key.clone());
    store.save(&key, &with_device).unwrap();
    store.save_device(&key, "ana", &device).unwrap();
    assert_eq!(store.load(&key).unwrap(), Some(with_device));
    assert_eq!(
        store.load_device(&key, "ana").unwrap(),
        Some(device.clone())
    );
    assert_eq!(store.load_device(&key, "bob").unwrap(), None);
    // Signing out clears the session, not the device.
    store.clear(&key).unwrap();
    assert_eq!(store.load_device(&key, "ana").unwrap(), Some(device));
    store.clear_device(&key, "ana").unwrap();
    assert_eq!(store.load_device(&key, "ana").unwrap(), None);
    store.clear_device(&key, "ana").unwrap(); // clearing nothing is fine
}

/// The app touches the keyring from several threads (start-up restore, refresh, sign-out). Parallel
/// requests from one process crashed gnome-keyring-daemon 42.1 (an aborting GLib assertion in
/// `aes_negotiate`), which signs every app out; `KeyringStore` takes one request at a time.
#[test]
fn many_threads_saving_at_once_leave_the_secret_service_alive() {
    if !enabled() {
        return;
    }
    let threads: Vec<_> = (0..4)
        .map(|thread| {
            std::thread::spawn(move || {
                let store = KeyringStore::new("gatehouse");
                let key = key(&format!("threads{thread}_"));
                for _ in 0..6 {
                    store.save(&key, &session(2500)).unwrap();
                    assert_eq!(store.load(&key).unwrap(), Some(session(2500)));
                    store.clear(&key).unwrap();
                }
            })
        })
        .collect();
    for thread in threads {
        thread
            .join()
            .expect("no thread saw the Secret Service fail");
    }
}

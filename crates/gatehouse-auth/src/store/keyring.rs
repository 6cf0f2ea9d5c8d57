//! The real `TokenStore`: the OS keyring (Secret Service, Keychain, Credential Manager) via `keyring` 3.
//!
//! One entry per value under service `service` (normally "gatehouse") and user
//! `{profile}/{user_pool_id}/{client_id}/{kind}`. Windows refuses credentials over 2560 bytes and Cognito's
//! tokens can pass that, so a value longer than `CHUNK_BYTES` is written as numbered chunks
//! (`{kind}/0`, `{kind}/1`, ...) and its main entry holds only `chunked:N`. Blocking: call it from
//! `spawn_blocking` (keyring's Secret Service client must not run on a tokio worker).
//!
//! One request at a time per process: gnome-keyring-daemon 42.1 (Debian 12) aborts in GLib when
//! one client keeps several requests in flight (three parallel tests crashed it about one run in
//! ten; serialized, none in sixty), and a dead daemon signs every app out. Every public method
//! takes `one_at_a_time` for its whole body, which also makes a load never see a
//! half-done save from another thread of the app. Other keyring users in the process (the app's
//! vault of client secrets) take the same turn.
//! <https://docs.rs/keyring/3>

use std::sync::{Mutex, MutexGuard};

use keyring::Entry;
use zeroize::Zeroizing;

use super::{StoreError, StoreKey, StoredDevice, StoredSession, TokenStore};
use crate::secret::{AccessToken, DevicePassword, IdToken, RefreshToken};

/// Under every platform's limit, with room for the keyring's own overhead.
pub const CHUNK_BYTES: usize = 2000;
const CHUNK_MARKER: &str = "chunked:";
const KINDS: [&str; 6] = [
    "username",
    "device_key",
    "id_token",
    "access_token",
    "refresh_token",
    "clock_drift",
];

pub struct KeyringStore {
    service: String,
}

/// The process-wide turn at the Secret Service (see the module comment): every keyring call of
/// the process, this store's or not, is made holding it. A panic while holding it leaves no state
/// behind to protect, so a poisoned lock is taken as it is.
pub fn one_at_a_time() -> MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::new(());
    TURN.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl KeyringStore {
    pub fn new(service: &str) -> Self {
        Self {
            service: service.to_owned(),
        }
    }

    /// The raw keyring value of one item (or one chunk) of a session, for tests to inspect.
    pub fn raw_item(&self, key: &StoreKey, kind: &str) -> Result<String, keyring::Error> {
        let _turn = one_at_a_time();
        Entry::new(&self.service, &key.item(kind))?.get_password()
    }

    fn entry(&self, key: &StoreKey, kind: &str) -> Result<Entry, StoreError> {
        Entry::new(&self.service, &key.item(kind)).map_err(unavailable)
    }

    fn write(&self, key: &StoreKey, kind: &str, value: &str) -> Result<(), StoreError> {
        let chunks = split_chunks(value, CHUNK_BYTES);
        if chunks.len() == 1 {
            return self
                .entry(key, kind)?
                .set_password(value)
                .map_err(unavailable);
        }
        // Chunks first, marker last: a crash in between leaves the old marker or none, never a
        // marker pointing at chunks that were not written.
        for (index, chunk) in chunks.iter().enumerate() {
            self.entry(key, &format!("{kind}/{index}"))?
                .set_password(chunk)
                .map_err(unavailable)?;
        }
        self.entry(key, kind)?
            .set_password(&format!("{CHUNK_MARKER}{}", chunks.len()))
            .map_err(unavailable)
    }

    fn read(&self, key: &StoreKey, kind: &str) -> Result<Option<Zeroizing<String>>, StoreError> {
        let Some(head) = read_entry(&self.entry(key, kind)?)? else {
            return Ok(None);
        };
        let Some(count) = head.strip_prefix(CHUNK_MARKER) else {
            return Ok(Some(head));
        };
        let count = chunk_count(count)?;
        let mut value = Zeroizing::new(String::new());
        for index in 0..count {
            let chunk =
                read_entry(&self.entry(key, &format!("{kind}/{index}"))?)?.ok_or_else(|| {
                    StoreError::Corrupt {
                        detail: format!("chunk {index} of {kind} is missing"),
                    }
                })?;
            value.push_str(&chunk);
        }
        Ok(Some(value))
    }

    fn delete(&self, key: &StoreKey, kind: &str) -> Result<(), StoreError> {
        let head = self.entry(key, kind)?;
        if let Some(value) = read_entry(&head)? {
            if let Some(count) = value.strip_prefix(CHUNK_MARKER) {
                for index in 0..chunk_count(count)? {
                    delete_entry(&self.entry(key, &format!("{kind}/{index}"))?)?;
                }
            }
        }
        delete_entry(&head)
    }

    fn require(&self, key: &StoreKey, kind: &str) -> Result<Zeroizing<String>, StoreError> {
        self.read(key, kind)?.ok_or_else(|| StoreError::Corrupt {
            detail: format!("{kind} is missing"),
        })
    }
}

impl TokenStore for KeyringStore {
    fn load(&self, key: &StoreKey) -> Result<Option<StoredSession>, StoreError> {
        let _turn = one_at_a_time();
        self.load_session(key)
    }

    fn save(&self, key: &StoreKey, session: &StoredSession) -> Result<(), StoreError> {
        let _turn = one_at_a_time();
        self.save_session(key, session)
    }

    fn clear(&self, key: &StoreKey) -> Result<(), StoreError> {
        let _turn = one_at_a_time();
        self.clear_session(key)
    }

    fn load_device(
        &self,
        key: &StoreKey,
        username: &str,
    ) -> Result<Option<StoredDevice>, StoreError> {
        let _turn = one_at_a_time();
        self.load_device_items(key, username)
    }

    fn save_device(
        &self,
        key: &StoreKey,
        username: &str,
        device: &StoredDevice,
    ) -> Result<(), StoreError> {
        let _turn = one_at_a_time();
        self.clear_device_items(key, username)?;
        self.save_device_items(key, username, device)
    }

    fn clear_device(&self, key: &StoreKey, username: &str) -> Result<(), StoreError> {
        let _turn = one_at_a_time();
        self.clear_device_items(key, username)
    }
}

/// The bodies of the `TokenStore` methods, called with the turn held.
impl KeyringStore {
    fn load_session(&self, key: &StoreKey) -> Result<Option<StoredSession>, StoreError> {
        let Some(username) = self.read(key, "username")? else {
            return Ok(None);
        };
        let drift = self.require(key, "clock_drift")?;
        Ok(Some(StoredSession {
            username: username.to_string(),
            id_token: IdToken::new(self.require(key, "id_token")?.to_string()),
            access_token: AccessToken::new(self.require(key, "access_token")?.to_string()),
            refresh_token: RefreshToken::new(self.require(key, "refresh_token")?.to_string()),
            clock_drift_secs: drift.parse().map_err(|_| StoreError::Corrupt {
                detail: "clock_drift is not a number".into(),
            })?,
            device_key: self.read(key, "device_key")?.map(|k| k.to_string()),
        }))
    }

    fn save_session(&self, key: &StoreKey, session: &StoredSession) -> Result<(), StoreError> {
        // Clear first so that stale chunks of a longer previous value do not linger.
        self.clear_session(key)?;
        self.write(key, "id_token", session.id_token.expose())?;
        self.write(key, "access_token", session.access_token.expose())?;
        self.write(key, "refresh_token", session.refresh_token.expose())?;
        self.write(key, "clock_drift", &session.clock_drift_secs.to_string())?;
        if let Some(device_key) = &session.device_key {
            self.write(key, "device_key", device_key)?;
        }
        // The username last: `load` treats its presence as "a complete session is stored".
        self.write(key, "username", &session.username)
    }

    fn clear_session(&self, key: &StoreKey) -> Result<(), StoreError> {
        // The username first, for the same reason it is written last.
        for kind in KINDS {
            self.delete(key, kind)?;
        }
        Ok(())
    }

    fn load_device_items(
        &self,
        key: &StoreKey,
        username: &str,
    ) -> Result<Option<StoredDevice>, StoreError> {
        let [device_key, group_key, password] = device_items(username);
        // The password is written last: its presence means the device is complete.
        let Some(password) = self.read(key, &password)? else {
            return Ok(None);
        };
        Ok(Some(StoredDevice {
            key: self.require(key, &device_key)?.to_string(),
            group_key: self.require(key, &group_key)?.to_string(),
            password: DevicePassword::new(password.to_string()),
        }))
    }

    fn save_device_items(
        &self,
        key: &StoreKey,
        username: &str,
        device: &StoredDevice,
    ) -> Result<(), StoreError> {
        let [device_key, group_key, password] = device_items(username);
        self.write(key, &device_key, &device.key)?;
        self.write(key, &group_key, &device.group_key)?;
        self.write(key, &password, device.password.expose())
    }

    fn clear_device_items(&self, key: &StoreKey, username: &str) -> Result<(), StoreError> {
        let [device_key, group_key, password] = device_items(username);
        self.delete(key, &password)?;
        self.delete(key, &group_key)?;
        self.delete(key, &device_key)
    }
}

/// The keyring items of a user's remembered device: `device/{username}/{key|group_key|password}`.
fn device_items(username: &str) -> [String; 3] {
    ["key", "group_key", "password"].map(|item| format!("device/{username}/{item}"))
}

/// Splits on char boundaries into pieces of at most `max` bytes (tokens are ASCII; usernames may not be).
pub fn split_chunks(value: &str, max: usize) -> Vec<&str> {
    if value.len() <= max {
        return vec![value];
    }
    let mut chunks = Vec::new();
    let mut rest = value;
    while !rest.is_empty() {
        let mut end = rest.len().min(max);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (chunk, tail) = rest.split_at(end);
        chunks.push(chunk);
        rest = tail;
    }
    chunks
}

fn chunk_count(text: &str) -> Result<usize, StoreError> {
    text.parse().map_err(|_| StoreError::Corrupt {
        detail: "bad chunk count".into(),
    })
}

fn read_entry(entry: &Entry) -> Result<Option<Zeroizing<String>>, StoreError> {
    match entry.get_password() {
        Ok(value) => Ok(Some(Zeroizing::new(value))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(err) => Err(unavailable(err)),
    }
}

fn delete_entry(entry: &Entry) -> Result<(), StoreError> {
    match entry.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(err) => Err(unavailable(err)),
    }
}

/// keyring's messages name the platform failure, never the secret (`BadEncoding` hides its bytes).
fn unavailable(err: keyring::Error) -> StoreError {
    StoreError::Unavailable {
        detail: err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_named_per_profile_pool_and_client() {
        let key = StoreKey {
            profile: "local".into(),
            user_pool_id: "us-east-1_Pool".into(),
            client_id: "client".into(),
        };
        assert_eq!(
            key.item("refresh_token"),
            "local/us-east-1_Pool/client/refresh_token"
        );
    }

    #[test]
    fn short_values_stay_whole() {
        assert_eq!(split_chunks("abc", 2000), vec!["abc"]);
        assert_eq!(split_chunks("", 2000), vec![""]);
    }

    #[test]
    fn long_values_split_into_bounded_chunks_that_rejoin() {
        let value = "x".repeat(5000);
        let chunks = split_chunks(&value, CHUNK_BYTES);
        assert_eq!(chunks.len(), 3);
        assert!(chunks.iter().all(|c| c.len() <= CHUNK_BYTES));
        assert_eq!(chunks.concat(), value);
    }

    #[test]
    fn chunks_never_cut_a_character() {
        let value = "é".repeat(1500); // 3000 bytes, 2 bytes per char
        let chunks = split_chunks(&value, 1999);
        assert!(chunks.iter().all(|c| c.len() <= 1999));
        assert_eq!(chunks.concat(), value);
    }
}

//! An in-memory `TokenStore` for unit tests of the driver: no keyring, no persistence. It can be
//! told to fail, to exercise the keyring error paths.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use super::{StoreError, StoreKey, StoredDevice, StoredSession, TokenStore};

#[derive(Default)]
pub struct MemoryStore {
    sessions: Mutex<HashMap<StoreKey, StoredSession>>,
    devices: Mutex<HashMap<(StoreKey, String), StoredDevice>>,
    failing: AtomicBool,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every later call fails with `StoreError::Unavailable` while `failing` is true.
    pub fn set_failing(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }

    /// What is stored for `key`, for assertions.
    pub fn get(&self, key: &StoreKey) -> Option<StoredSession> {
        self.map().get(key).cloned()
    }

    /// The device stored for `username`, for assertions.
    pub fn device(&self, key: &StoreKey, username: &str) -> Option<StoredDevice> {
        self.device_map()
            .get(&(key.clone(), username.to_owned()))
            .cloned()
    }

    fn device_map(&self) -> std::sync::MutexGuard<'_, HashMap<(StoreKey, String), StoredDevice>> {
        self.devices
            .lock()
            .expect("MemoryStore mutex poisoned by a panicking test")
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<StoreKey, StoredSession>> {
        self.sessions
            .lock()
            .expect("MemoryStore mutex poisoned by a panicking test")
    }

    fn check(&self) -> Result<(), StoreError> {
        if self.failing.load(Ordering::SeqCst) {
            return Err(StoreError::Unavailable {
                detail: "memory store set to fail".into(),
            });
        }
        Ok(())
    }
}

impl TokenStore for MemoryStore {
    fn load(&self, key: &StoreKey) -> Result<Option<StoredSession>, StoreError> {
        self.check()?;
        Ok(self.map().get(key).cloned())
    }

    fn save(&self, key: &StoreKey, session: &StoredSession) -> Result<(), StoreError> {
        self.check()?;
        self.map().insert(key.clone(), session.clone());
        Ok(())
    }

    fn clear(&self, key: &StoreKey) -> Result<(), StoreError> {
        self.check()?;
        self.map().remove(key);
        Ok(())
    }

    fn load_device(
        &self,
        key: &StoreKey,
        username: &str,
    ) -> Result<Option<StoredDevice>, StoreError> {
        self.check()?;
        Ok(self.device(key, username))
    }

    fn save_device(
        &self,
        key: &StoreKey,
        username: &str,
        device: &StoredDevice,
    ) -> Result<(), StoreError> {
        self.check()?;
        self.device_map()
            .insert((key.clone(), username.to_owned()), device.clone());
        Ok(())
    }

    fn clear_device(&self, key: &StoreKey, username: &str) -> Result<(), StoreError> {
        self.check()?;
        self.device_map()
            .remove(&(key.clone(), username.to_owned()));
        Ok(())
    }
}

//! Where a session survives a restart: the `TokenStore` trait and the persisted `StoredSession`.
//!
//! The store is synchronous on purpose: the real one (the OS keyring) blocks, and the driver calls it
//! from `tokio::task::spawn_blocking`. Tokens go nowhere else: no file, no log, no IPC.

pub mod keyring;
mod memory;

pub use self::keyring::KeyringStore;
pub use self::memory::MemoryStore;

use crate::secret::{AccessToken, DevicePassword, IdToken, RefreshToken};

/// Which session: one per profile and user pool app client (two profiles on one pool, two
/// "devices" in a test, do not share a session).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StoreKey {
    pub profile: String,
    pub user_pool_id: String,
    pub client_id: String,
}

impl StoreKey {
    /// The name of one stored value of this session: `{profile}/{pool}/{client}/{kind}`.
    pub fn item(&self, kind: &str) -> String {
        format!(
            "{}/{}/{}/{kind}",
            self.profile, self.user_pool_id, self.client_id
        )
    }
}

/// A session as persisted: the tokens, who they belong to, and the clock drift measured at sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSession {
    pub username: String,
    pub id_token: IdToken,
    pub access_token: AccessToken,
    pub refresh_token: RefreshToken,
    pub clock_drift_secs: i64,
    /// The `DEVICE_KEY` the tokens were issued with (device-tracking pools): `REFRESH_TOKEN_AUTH`
    /// must send it.
    pub device_key: Option<String>,
}

/// A device the pool tracks for one user (`ConfirmDevice`): what `DEVICE_SRP_AUTH` needs. Kept
/// per user, apart from the session: signing out does not forget the device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredDevice {
    /// `<region>_<uuid>`.
    pub key: String,
    pub group_key: String,
    pub password: DevicePassword,
}

/// Why the store failed. `detail` is for logs: it never holds a token.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The platform store refused the operation (locked, missing, denied).
    #[error("keyring unavailable: {detail}")]
    Unavailable { detail: String },
    /// What the store holds is incomplete or unreadable (a missing chunk, a bad number).
    #[error("stored session is corrupt: {detail}")]
    Corrupt { detail: String },
}

/// Load, save and clear the one session of a `StoreKey`.
pub trait TokenStore: Send + Sync {
    /// `Ok(None)` when nothing is stored.
    fn load(&self, key: &StoreKey) -> Result<Option<StoredSession>, StoreError>;
    /// Replaces whatever was stored.
    fn save(&self, key: &StoreKey, session: &StoredSession) -> Result<(), StoreError>;
    /// Succeeds when nothing was stored.
    fn clear(&self, key: &StoreKey) -> Result<(), StoreError>;
    /// The device remembered for `username` (the canonical name, `USER_ID_FOR_SRP`), if any.
    fn load_device(
        &self,
        key: &StoreKey,
        username: &str,
    ) -> Result<Option<StoredDevice>, StoreError>;
    /// Replaces the device remembered for `username`.
    fn save_device(
        &self,
        key: &StoreKey,
        username: &str,
        device: &StoredDevice,
    ) -> Result<(), StoreError>;
    /// Forgets the device of `username`; succeeds when none was stored.
    fn clear_device(&self, key: &StoreKey, username: &str) -> Result<(), StoreError>;
}

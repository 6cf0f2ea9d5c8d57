//! What the commands share: the active profile's auth driver, the embedded pool (started the first
//! time the local profile is opened, then kept), the saved profiles and the outgoing door.
//!
//! Switching profiles builds a new `Auth` on the other profile's settings and session and drops the
//! old one: its refresh loop ends with it (it holds a `Weak`), and a view it still publishes from a
//! call in flight is not shown, since each driver's observer checks it is still the active one.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use gatehouse_auth::cognito::network::ATTEMPT_TIMEOUT_ENV;
use gatehouse_auth::cognito::NetworkPolicy;
use gatehouse_auth::{Auth, KeyringStore, PoolSettings};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Wry};
use tokio::sync::{Mutex, OnceCell};

use crate::local_pool::{local_settings, LocalMode};
use crate::outgoing::Outgoing;
use crate::profiles::{ProfileError, ProfileErrorKind, ProfileStore, LOCAL};

/// The keyring service sessions and client secrets are stored under.
pub const KEYRING_SERVICE: &str = "gatehouse";

pub struct AppState {
    active: RwLock<Active>,
    /// One switch at a time.
    switching: Mutex<()>,
    shared: Shared,
}

/// Everything but the active driver.
struct Shared {
    /// Counts switches; a driver publishes only while its number is current.
    generation: Arc<AtomicU64>,
    local: OnceCell<LocalMode>,
    data_dir: PathBuf,
    handle: AppHandle<Wry>,
    profiles: ProfileStore,
    outgoing: Outgoing,
}

struct Active {
    name: String,
    auth: Arc<Auth>,
}

impl AppState {
    /// Opens the profile `name` and starts its driver (session restored from the keyring).
    pub async fn open(
        handle: AppHandle<Wry>,
        data_dir: PathBuf,
        profiles: ProfileStore,
        outgoing: Outgoing,
        name: &str,
    ) -> Result<Self, ProfileError> {
        let shared = Shared {
            generation: Arc::new(AtomicU64::new(0)),
            local: OnceCell::new(),
            data_dir,
            handle,
            profiles,
            outgoing,
        };
        let active = shared.activate(name).await?;
        Ok(Self {
            active: RwLock::new(active),
            switching: Mutex::new(()),
            shared,
        })
    }

    /// The active profile's driver.
    pub fn auth(&self) -> Arc<Auth> {
        self.read().auth.clone()
    }

    pub fn active_name(&self) -> String {
        self.read().name.clone()
    }

    pub fn profiles(&self) -> &ProfileStore {
        &self.shared.profiles
    }

    pub fn outgoing(&self) -> &Outgoing {
        &self.shared.outgoing
    }

    /// The embedded pool, while the local profile is active.
    pub fn local(&self) -> Option<&LocalMode> {
        (self.active_name() == LOCAL)
            .then(|| self.shared.local.get())
            .flatten()
    }

    /// Makes `name` the active profile: its settings, its own session.
    pub async fn switch(&self, name: &str) -> Result<(), ProfileError> {
        let _one_at_a_time = self.switching.lock().await;
        let active = self.shared.activate(name).await?;
        *self.active.write().unwrap_or_else(|p| p.into_inner()) = active;
        Ok(())
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Active> {
        self.active.read().unwrap_or_else(|p| p.into_inner())
    }

    pub fn info(&self) -> AppInfo {
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            profile: self.active_name(),
            local_pool: self.local().map(|local| LocalPoolInfo {
                endpoint: local.pool.endpoint(),
                region: local.ids.region.clone(),
                user_pool_id: local.ids.user_pool_id.clone(),
                client_id: local.ids.client_id.clone(),
            }),
        }
    }
}

impl Shared {
    /// A started driver on `name`'s settings; from now on only its views are shown.
    async fn activate(&self, name: &str) -> Result<Active, ProfileError> {
        let settings = self.settings_of(name).await?;
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let auth = self.start_driver(settings, generation);
        tracing::info!(profile = %name, "profile active");
        if let Err(error) = self.profiles.set_active(name) {
            // The switch worked; only the next launch will not reopen it.
            tracing::warn!(%error, "could not remember the active profile");
        }
        Ok(Active {
            name: name.to_owned(),
            auth,
        })
    }

    async fn settings_of(&self, name: &str) -> Result<PoolSettings, ProfileError> {
        if name != LOCAL {
            let (profile, secret) = self.profiles.get(name)?;
            let mut settings = profile.settings();
            settings.client_secret = secret.map(gatehouse_auth::ClientSecret::new);
            return Ok(settings);
        }
        let storage = |error: &dyn std::fmt::Display| {
            tracing::error!(%error, "the embedded local pool is unavailable");
            ProfileError::new(ProfileErrorKind::Storage)
        };
        let local = self
            .local
            .get_or_try_init(|| async {
                let local = LocalMode::start(self.data_dir.clone()).await?;
                local.forward_outbox(self.handle.clone(), self.outgoing.clone());
                Ok::<_, gatehouse_pool::PoolError>(local)
            })
            .await
            .map_err(|error| storage(&error))?;
        local_settings(local).map_err(|error| storage(&error))
    }

    fn start_driver(&self, settings: PoolSettings, generation: u64) -> Arc<Auth> {
        let handle = self.handle.clone();
        let outgoing = self.outgoing.clone();
        let current = self.generation.clone();
        let auth = Arc::new(Auth::with_network(
            settings,
            network_policy(),
            Arc::new(KeyringStore::new(KEYRING_SERVICE)),
            Box::new(move |view| {
                if current.load(Ordering::SeqCst) == generation {
                    outgoing.view_changed(&handle, view);
                }
            }),
        ));
        // Refreshes the tokens before they expire, for as long as the profile is active: an idle
        // window must not find its session dead when the user comes back. The task keeps only a
        // `Weak` once started, so a switch away ends it.
        let fresh = Arc::downgrade(&auth);
        let started = auth.clone();
        tauri::async_runtime::spawn(async move {
            started.start().await;
            drop(started);
            Auth::keep_fresh(fresh).await;
        });
        auth
    }
}

/// What the UI shows about the app itself; ids only, nothing secret.
#[derive(Clone, Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    /// The active profile's name.
    pub profile: String,
    /// Set while the local profile is active: the UI then shows the outbox panel.
    pub local_pool: Option<LocalPoolInfo>,
}

#[derive(Clone, Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LocalPoolInfo {
    pub endpoint: String,
    pub region: String,
    pub user_pool_id: String,
    pub client_id: String,
}

/// Timeouts and retries of the calls to the pool: the core's defaults, with the attempt timeout
/// from `--pool-attempt-timeout-ms MS` (or `GATEHOUSE_POOL_ATTEMPT_TIMEOUT_MS`) when given, so
/// that tests of a slow pool need not wait ten seconds per attempt.
fn network_policy() -> NetworkPolicy {
    NetworkPolicy::default().with_attempt_timeout_ms(
        crate::startup::text_option("--pool-attempt-timeout-ms", ATTEMPT_TIMEOUT_ENV).as_deref(),
    )
}

//! What the commands share: the auth driver, the embedded pool (local mode) and the outgoing door.

use std::sync::Arc;

use gatehouse_auth::Auth;
use serde::Serialize;
use specta::Type;

use crate::{local_pool::LocalMode, outgoing::Outgoing};

pub struct AppState {
    pub auth: Arc<Auth>,
    /// `None` when the app signs in to a real pool (later profiles).
    pub local: Option<LocalMode>,
    pub outgoing: Outgoing,
}

impl AppState {
    pub fn info(&self) -> AppInfo {
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            local_pool: self.local.as_ref().map(|local| LocalPoolInfo {
                endpoint: local.pool.endpoint(),
                region: local.ids.region.clone(),
                user_pool_id: local.ids.user_pool_id.clone(),
                client_id: local.ids.client_id.clone(),
            }),
        }
    }
}

/// What the UI shows about the app itself; ids only, nothing secret.
#[derive(Clone, Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    /// Set in local mode: the UI then shows the outbox panel.
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

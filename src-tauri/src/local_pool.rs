//! Local mode, the default profile: the app embeds a `gatehouse-pool` on a loopback port, keeps its
//! SQLite data under `<data dir>/pool`, and signs in against the pool named `gatehouse-local`.
//!
//! The outbox is the simulated mailbox of local mode: `list_outbox` is the one place where a
//! confirmation code may reach the web view (the user reads it there, as they would read an email).

use std::{net::SocketAddr, path::PathBuf, sync::Arc};

use gatehouse_pool::{LocalPool, OutboxMessage, PoolServerConfig, RunningPool};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Runtime};
use tokio::sync::broadcast::error::RecvError;

use gatehouse_auth::PoolSettings;
use serde_json::{json, Value};

use crate::outgoing::Outgoing;
use crate::pool_settings::PoolDescription;
use crate::profiles::LOCAL;

/// The pool and app client local mode signs in to (created on first launch).
pub const POOL_NAME: &str = "gatehouse-local";
pub const CLIENT_NAME: &str = "gatehouse-desktop";

/// The running embedded pool and the ids of the local pool in it.
pub struct LocalMode {
    pub pool: Arc<RunningPool>,
    pub ids: LocalPool,
}

impl LocalMode {
    /// Starts the pool on `127.0.0.1:0` with its data under `data_dir/pool`.
    pub async fn start(data_dir: PathBuf) -> Result<Self, gatehouse_pool::PoolError> {
        // Loopback only, and no admin credentials: the app's own admin calls are unsigned.
        let pool = gatehouse_pool::start(PoolServerConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            ..PoolServerConfig::new(data_dir.join("pool"))
        })
        .await?;
        let ids = pool.ensure_local_pool(POOL_NAME, CLIENT_NAME)?;
        tracing::info!(endpoint = %pool.endpoint(), user_pool_id = %ids.user_pool_id, "local pool ready");
        Ok(Self {
            pool: Arc::new(pool),
            ids,
        })
    }

    /// Forwards each new outbox message to the UI as `outbox-changed`, for as long as the pool runs.
    pub fn forward_outbox<R: Runtime>(&self, app: AppHandle<R>, outgoing: Outgoing) {
        let mut sent = self.pool.subscribe_outbox();
        tauri::async_runtime::spawn(async move {
            // A lagging receiver missed some notifications; one refresh covers them all.
            while !matches!(sent.recv().await, Err(RecvError::Closed)) {
                outgoing.outbox_changed(&app);
            }
        });
    }

    /// The messages the pool sent, newest first (the order the panel shows).
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>, gatehouse_pool::PoolError> {
        let mut messages: Vec<OutboxEntry> = self
            .pool
            .outbox(None)?
            .into_iter()
            .map(OutboxEntry::from)
            .collect();
        messages.reverse();
        Ok(messages)
    }
}

/// The embedded pool's own description: its schema, password policy and MFA configuration.
pub fn local_settings(local: &LocalMode) -> Result<PoolSettings, gatehouse_pool::CognitoError> {
    let pool_id = json!({"UserPoolId": local.ids.user_pool_id});
    let described = local.pool.call("DescribeUserPool", &pool_id)?;
    let mfa = local.pool.call("GetUserPoolMfaConfig", &pool_id)?;
    Ok(PoolDescription {
        profile: LOCAL,
        region: &local.ids.region,
        client_id: &local.ids.client_id,
        endpoint: Some(local.pool.endpoint()),
        pool: described.get("UserPool").unwrap_or(&Value::Null),
        mfa: &mfa,
    }
    .settings())
}

/// One message in the local pool's outbox, as the outbox panel shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OutboxEntry {
    pub pool_id: String,
    pub username: String,
    /// The address or number the message went to, unmasked: the user's own mailbox.
    pub destination: String,
    pub medium: String,
    pub purpose: String,
    /// The confirmation code: shown on purpose, this panel stands in for the user's inbox.
    pub code: String,
    pub sent_at: String,
}

impl From<OutboxMessage> for OutboxEntry {
    fn from(message: OutboxMessage) -> Self {
        Self {
            pool_id: message.pool_id,
            username: message.username,
            destination: message.destination,
            medium: message.medium,
            purpose: message.purpose,
            code: message.code,
            sent_at: message.sent_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    async fn sign_up(endpoint: &str, client_id: &str, username: &str) {
        let response = reqwest::Client::new()
            .post(endpoint)
            .header(
                "X-Amz-Target",
                "AWSCognitoIdentityProviderService.SignUp",
            )
            .header("Content-Type", "application/x-amz-json-1.1")
            .body(
                json!({
                    "ClientId": client_id,
                    "Username": username,
                    "Password": "Sup3r-secret!",
                    "UserAttributes": [{"Name": "email", "Value": format!("{username}@example.com")}],
                })
                .to_string(),
            )
            .send()
            .await
            .expect("the local pool answers");
        assert!(response.status().is_success(), "SignUp accepted");
    }

    #[tokio::test]
    async fn local_pool_keeps_its_ids_across_restarts() {
        let data = tempfile::tempdir().unwrap();
        let first = LocalMode::start(data.path().to_path_buf()).await.unwrap();
        let ids = (first.ids.user_pool_id.clone(), first.ids.client_id.clone());
        Arc::into_inner(first.pool).unwrap().shutdown().await;

        let second = LocalMode::start(data.path().to_path_buf()).await.unwrap();
        assert_eq!((second.ids.user_pool_id, second.ids.client_id), ids);
        assert!(
            data.path().join("pool").is_dir(),
            "data lives under <data dir>/pool"
        );
    }

    #[tokio::test]
    async fn outbox_lists_newest_first_and_announces_each_message() {
        let data = tempfile::tempdir().unwrap();
        let local = LocalMode::start(data.path().to_path_buf()).await.unwrap();
        let mut announced = local.pool.subscribe_outbox();
        let endpoint = local.pool.endpoint();

        sign_up(&endpoint, &local.ids.client_id, "first").await;
        announced.recv().await.expect("a message is announced");
        sign_up(&endpoint, &local.ids.client_id, "second").await;
        announced.recv().await.expect("a message is announced");

        let usernames: Vec<_> = local
            .outbox()
            .unwrap()
            .into_iter()
            .map(|entry| entry.username)
            .collect();
        assert_eq!(usernames, ["second", "first"]);
    }
}

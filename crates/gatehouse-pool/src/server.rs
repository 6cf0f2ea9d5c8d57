//! Starting and stopping a pool: bind (loopback by default), open storage in the data directory,
//! serve until shut down. This is the API the desktop app embeds and the tests drive.

use std::{net::SocketAddr, path::PathBuf, sync::Arc};

use serde::Serialize;
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};

use crate::{
    admin_credentials::AdminCredentials,
    clock::Clock,
    error::{CognitoError, PoolError},
    http,
    outbox::OutboxMessage,
    service::Service,
    store::Db,
};

/// Where the pool listens and keeps its data.
#[derive(Clone, Debug)]
pub struct PoolServerConfig {
    /// `127.0.0.1:0` by default: loopback, any free port.
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    /// When set, IAM-authorised operations (pool and admin ones) must be SigV4-signed with this
    /// key, as at AWS. `None` (the default, and the app's embedded pool): nothing is checked.
    pub admin_credentials: Option<AdminCredentials>,
}

impl PoolServerConfig {
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: data_dir.into(),
            admin_credentials: None,
        }
    }
}

/// The pool and app client of the app's local mode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LocalPool {
    pub region: String,
    pub user_pool_id: String,
    pub client_id: String,
}

/// A pool serving HTTP until `shutdown`.
pub struct RunningPool {
    addr: SocketAddr,
    service: Arc<Service>,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

/// Opens (or creates) the pool's storage and starts serving, on the system clock.
pub async fn start(config: PoolServerConfig) -> Result<RunningPool, PoolError> {
    start_with_clock(config, Clock::system()).await
}

/// `start` with another clock: tests move a manual one to expire codes and tokens.
pub async fn start_with_clock(
    config: PoolServerConfig,
    clock: Clock,
) -> Result<RunningPool, PoolError> {
    std::fs::create_dir_all(&config.data_dir).map_err(|source| PoolError::DataDir {
        path: config.data_dir.clone(),
        source,
    })?;
    let db = Db::open(&config.data_dir.join("pool.sqlite3"))?;
    let listener = TcpListener::bind(config.bind)
        .await
        .map_err(|source| PoolError::Bind {
            addr: config.bind,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| PoolError::Bind {
        addr: config.bind,
        source,
    })?;
    if !addr.ip().is_loopback() {
        tracing::warn!(%addr, "the pool is listening beyond loopback: anyone who can reach it can use it");
    }
    let service = Service::new(db, clock, format!("http://{addr}"));
    let (stop, stopped) = oneshot::channel::<()>();
    let app = http::router(service.clone(), config.admin_credentials);
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
        if let Err(error) = served {
            tracing::error!(%error, "the pool stopped serving");
        }
    });
    tracing::info!(%addr, "gatehouse-pool listening");
    Ok(RunningPool {
        addr,
        service,
        stop,
        task,
    })
}

impl RunningPool {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`: the endpoint URL to give a Cognito client.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The pool named `pool_name` with an app client named `client_name` (no secret, SRP and
    /// refresh flows, email auto-verified), created on the first call and found by name after.
    pub fn ensure_local_pool(
        &self,
        pool_name: &str,
        client_name: &str,
    ) -> Result<LocalPool, PoolError> {
        let ids = self.service.ensure_local_pool(pool_name, client_name)?;
        let text = |name: &str| ids[name].as_str().unwrap_or_default().to_owned();
        Ok(LocalPool {
            region: text("Region"),
            user_pool_id: text("UserPoolId"),
            client_id: text("ClientId"),
        })
    }

    /// The messages the pool "sent", oldest first, optionally only one user's.
    pub fn outbox(&self, username: Option<&str>) -> Result<Vec<OutboxMessage>, PoolError> {
        Ok(self.service.outbox(username)?)
    }

    /// Fires after each operation that put a message in the outbox.
    pub fn subscribe_outbox(&self) -> tokio::sync::broadcast::Receiver<()> {
        self.service.subscribe_outbox()
    }

    /// Runs a Cognito operation in-process, as `POST /` would.
    pub fn call(
        &self,
        operation: &str,
        request: &serde_json::Value,
    ) -> Result<serde_json::Value, CognitoError> {
        self.service.call(operation, request)
    }

    /// Stops accepting requests and waits for those in flight.
    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

//! The entry point of the `pool_request` fuzz target (`fuzz/` at the repository root): the pool's
//! real router over a real service and SQLite file, served without a socket so that a fuzzer can
//! push requests through the same decode and dispatch path as `POST /`. Not an API: hidden from the
//! docs and used by nothing else.

use std::path::Path;

use crate::{clock::Clock, error::PoolError, http, service::Service, store::Db};

/// A pool in `data_dir` with one user pool and app client, and the router that serves it.
pub struct Harness {
    pub router: axum::Router,
    pub user_pool_id: String,
    pub client_id: String,
}

/// Opens storage in `data_dir` (created if missing) and ensures the local pool and client exist.
pub fn harness(data_dir: &Path) -> Result<Harness, PoolError> {
    std::fs::create_dir_all(data_dir).map_err(|source| PoolError::DataDir {
        path: data_dir.to_owned(),
        source,
    })?;
    let db = Db::open(&data_dir.join("pool.sqlite3"))?;
    let service = Service::new(db, Clock::system(), "http://127.0.0.1:0".into());
    let ids = service.ensure_local_pool("fuzz", "fuzz")?;
    let text = |name: &str| ids[name].as_str().unwrap_or_default().to_owned();
    Ok(Harness {
        user_pool_id: text("UserPoolId"),
        client_id: text("ClientId"),
        router: http::router(service, None),
    })
}

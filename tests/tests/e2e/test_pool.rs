//! A user pool of a journey's own on loopback, beside the app's embedded one: for pools set up in
//! ways the local profile is not (MFA required, device tracking, email usernames, a confidential
//! client), reached from the app through an imported profile.

use gatehouse_pool::{PoolServerConfig, RunningPool};
use gatehouse_tests::pool_admin::PoolAdmin;

pub struct TestPool {
    /// The pool's database, and room for a journey's own files (profiles, a second data dir).
    pub dir: tempfile::TempDir,
    pub running: RunningPool,
    pub admin: PoolAdmin,
}

impl TestPool {
    /// Starts it; the journey's test runtime serves it, so journeys run on a multi-thread runtime.
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let running = gatehouse_pool::start(PoolServerConfig::new(dir.path().join("pool")))
            .await
            .expect("the pool starts on loopback");
        let admin = PoolAdmin::new(running.endpoint());
        Self {
            dir,
            running,
            admin,
        }
    }
}

//! Logs go to stderr through `tracing`, filtered by `RUST_LOG` (default `info`).
//!
//! The app logs what happened (a command's name, the pool's address), never a payload: passwords,
//! codes and tokens must not reach a log line (see the brief's security floor).

use tracing_subscriber::EnvFilter;

/// Installs the stderr subscriber once; a second call (tests) keeps the first one.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

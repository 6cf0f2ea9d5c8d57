//! Logs go to stderr through `tracing`, filtered by `RUST_LOG` (default `info`).
//!
//! The app logs what happened (a command's name, the pool's address), never a payload: passwords,
//! codes and tokens must not reach a log line (see the brief's security floor).

use tracing_subscriber::EnvFilter;

/// Installs the stderr subscriber once; a second call (tests) keeps the first one.
pub fn init() {
    init_with("info");
}

/// For command-line tools (`gatehouse doctor`), whose output is the report: warnings only.
pub fn init_quiet() {
    init_with("warn");
}

fn init_with(default: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

//! What `cargo xtask test e2e` prepared for this run: the app binary, tauri-driver's address, and
//! the paths the app was started with (tauri-driver starts the app with its own environment, so
//! these are fixed for the whole run; see xtask/src/e2e.rs).

use std::{
    path::{Path, PathBuf},
    sync::atomic::{AtomicUsize, Ordering},
};

pub struct Run {
    pub app: PathBuf,
    pub webdriver: String,
    pub data_dir: PathBuf,
    pub ipc_audit: PathBuf,
    pub app_log: PathBuf,
    pub home: PathBuf,
    pub screenshots: PathBuf,
}

fn path_from_env(var: &str) -> PathBuf {
    std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| {
        panic!("{var} is not set: run the end-to-end suite with `cargo xtask test e2e`")
    })
}

impl Run {
    pub fn from_env() -> Self {
        Self {
            app: path_from_env("GATEHOUSE_E2E_APP"),
            webdriver: std::env::var("GATEHOUSE_WEBDRIVER_URL").unwrap_or_else(|_| {
                panic!("GATEHOUSE_WEBDRIVER_URL is not set: run with `cargo xtask test e2e`")
            }),
            data_dir: path_from_env("GATEHOUSE_E2E_DATA_DIR"),
            ipc_audit: path_from_env("GATEHOUSE_E2E_IPC_AUDIT"),
            app_log: path_from_env("GATEHOUSE_E2E_APP_LOG"),
            home: path_from_env("GATEHOUSE_E2E_HOME"),
            screenshots: path_from_env("GATEHOUSE_E2E_SCREENSHOTS"),
        }
    }

    /// `<screenshots>/NN-<screen>.png`, numbered in the order the screens were seen.
    pub fn next_screenshot(&self, screen: &str) -> PathBuf {
        static TAKEN: AtomicUsize = AtomicUsize::new(0);
        let number = TAKEN.fetch_add(1, Ordering::SeqCst) + 1;
        self.screenshots.join(format!("{number:02}-{screen}.png"))
    }

    /// Whether a process of the app binary is still running (read from /proc, Linux only).
    pub fn app_is_running(&self) -> bool {
        let app = std::fs::canonicalize(&self.app).unwrap_or_else(|_| self.app.clone());
        let Ok(processes) = std::fs::read_dir("/proc") else {
            return false;
        };
        processes.flatten().any(|process| {
            std::fs::read_link(process.path().join("exe")).is_ok_and(|exe| same_binary(&exe, &app))
        })
    }
}

/// A rebuilt binary shows as `path (deleted)` in /proc: still the app.
fn same_binary(exe: &Path, app: &Path) -> bool {
    exe == app || exe.to_string_lossy().strip_suffix(" (deleted)") == Some(&*app.to_string_lossy())
}

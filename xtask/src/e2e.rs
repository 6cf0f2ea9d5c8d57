//! The end-to-end stage: the real app, built with its UI embedded, driven through tauri-driver and
//! WebKitWebDriver on a headless X display, with tokens in a real Secret Service.
//!
//! Layout of a run: `dbus-run-session` (with an unlocked gnome-keyring) runs `xvfb-run`, which runs
//! this xtask again ([`INSIDE_SESSION`]) so that tauri-driver and the test suite share one bus and
//! one display. tauri-driver starts the app with its own environment, so the app's settings
//! (`GATEHOUSE_DATA_DIR`, `GATEHOUSE_IPC_AUDIT`, `RUST_LOG`) are fixed here for the whole run and
//! handed to the suite too (`GATEHOUSE_E2E_*`). The app's stderr reaches tauri-driver's, which
//! goes to a log file the security test reads. See <https://v2.tauri.app/develop/tests/webdriver/>.

use std::{
    fs::File,
    net::TcpStream,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use crate::{
    desktop_session::{with_secret_service, FreshHome},
    ensure,
    interop::free_port,
    shell::{self, Failure},
    workspace::Workspace,
};

/// The hidden subcommand run inside the D-Bus session and the X display.
pub const INSIDE_SESSION: &str = "__e2e-inside-session";

/// Our crates log at debug level during the run: the more they say, the more the leak check sees.
const APP_LOG_FILTER: &str =
    "info,gatehouse=debug,gatehouse_app=debug,gatehouse_auth=debug,gatehouse_pool=debug";

pub fn run(ws: &Workspace) -> Result<(), Failure> {
    run_with(ws, &[])
}

/// The stage with more variables for the suite: `cargo xtask bench signin` runs its journey so
/// (`GATEHOUSE_E2E_FILTER`, `GATEHOUSE_BENCH`).
pub fn run_with(ws: &Workspace, envs: &[(&str, &std::ffi::OsStr)]) -> Result<(), Failure> {
    shell::run(
        shell::cargo()
            .args(["build", "-p", "gatehouse", "--bin", "gatehouse"])
            .current_dir(&ws.root),
    )?;
    let screenshots = ws.screenshots();
    let artifacts = ws.e2e_artifacts();
    for dir in [&screenshots, &artifacts] {
        if dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
        std::fs::create_dir_all(dir)?;
    }
    let home = FreshHome::new("e2e")?;
    let data_dir = home.path().join("gatehouse-data");

    let xtask = std::env::current_exe()?;
    let mut command = with_secret_service("xvfb-run".as_ref());
    command
        .args(["-a", "-s", "-screen 0 1280x800x24"])
        .arg(xtask)
        .arg(INSIDE_SESSION);
    home.apply(&mut command);
    command
        .current_dir(&ws.root)
        // The fresh HOME would move the default tools directory: point at the one we ensured.
        .env("GATEHOUSE_TOOLS_DIR", ws.tools_dir())
        .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
        .env("RUST_LOG", APP_LOG_FILTER)
        .env("GATEHOUSE_DATA_DIR", &data_dir)
        .env("GATEHOUSE_IPC_AUDIT", artifacts.join("ipc-audit.jsonl"))
        .env("GATEHOUSE_E2E_APP", ws.debug_binary("gatehouse"))
        .env("GATEHOUSE_E2E_DATA_DIR", &data_dir)
        .env("GATEHOUSE_E2E_IPC_AUDIT", artifacts.join("ipc-audit.jsonl"))
        .env("GATEHOUSE_E2E_APP_LOG", artifacts.join("app.log"))
        .env("GATEHOUSE_E2E_HOME", home.path())
        .env("GATEHOUSE_E2E_SCREENSHOTS", &screenshots)
        .envs(envs.iter().copied());
    // Its own process group, so that whatever survives the run (Xvfb, an app) is stopped with it.
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    println!("xtask: $ {}", shell::describe(&command));
    let mut session = command.spawn()?;
    let status = session.wait()?;
    shell::signal_group(session.id(), "TERM");
    println!(
        "xtask: screenshots in {}, app log and IPC audit in {}",
        screenshots.display(),
        artifacts.display()
    );
    if status.success() {
        Ok(())
    } else {
        Err(Failure::new(format!(
            "the end-to-end suite failed ({status})"
        )))
    }
}

/// Inside the session: start tauri-driver, run the suite, stop tauri-driver and what it started.
pub fn inside_session(ws: &Workspace) -> Result<(), Failure> {
    let log_path = std::env::var_os("GATEHOUSE_E2E_APP_LOG").ok_or_else(|| {
        Failure::new(format!("{INSIDE_SESSION} is run by `cargo xtask test e2e`"))
    })?;
    let log = File::create(&log_path)?;
    let port = free_port()?;
    let native_port = free_port()?;
    let mut driver = Command::new(ensure::tauri_driver(ws));
    driver
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log);
    // "Check pool settings" reads pools with aws-config's credential chain: the app gets a key
    // pair here (the test pools do not check signatures) and no instance metadata lookups.
    driver.envs([
        ("AWS_ACCESS_KEY_ID", "gatehouse-e2e-admin"),
        ("AWS_SECRET_ACCESS_KEY", "gatehouse-e2e-not-a-secret"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]);
    if let Some(native) = ["/usr/bin/WebKitWebDriver"]
        .iter()
        .find(|path| std::path::Path::new(path).is_file())
    {
        driver.args(["--native-driver", native]);
    }
    std::os::unix::process::CommandExt::process_group(&mut driver, 0);
    println!("xtask: $ {}", shell::describe(&driver));
    let mut driver = driver.spawn()?;
    let outcome = wait_for_port(port, Duration::from_secs(30)).and_then(|()| {
        shell::run(
            shell::cargo()
                .args([
                    "test",
                    "-p",
                    "gatehouse-tests",
                    "--features",
                    "e2e",
                    "--test",
                    "e2e",
                ])
                .arg("--")
                // A developer's shortcut: `GATEHOUSE_E2E_FILTER=profiles cargo xtask test e2e`
                // runs the journeys whose names contain it (CI sets none: every journey).
                .args(
                    std::env::var("GATEHOUSE_E2E_FILTER")
                        .ok()
                        .filter(|f| !f.is_empty()),
                )
                .arg("--test-threads=1")
                .env(
                    "GATEHOUSE_WEBDRIVER_URL",
                    format!("http://127.0.0.1:{port}"),
                )
                .current_dir(&ws.root),
        )
    });
    if outcome.is_err() {
        screenshot_display(ws);
    }
    // tauri-driver, WebKitWebDriver and any app window they left behind share the group.
    shell::signal_group(driver.id(), "TERM");
    std::thread::sleep(Duration::from_millis(500));
    shell::signal_group(driver.id(), "KILL");
    let _ = driver.wait();
    outcome
}

/// After a failure the app a panicking test left open is still on the display: keep a picture.
fn screenshot_display(ws: &Workspace) {
    let path = ws.screenshots().join("zz-display-after-failure.png");
    let _ = shell::run(Command::new("import").args(["-window", "root"]).arg(path));
}

fn wait_for_port(port: u16, timeout: Duration) -> Result<(), Failure> {
    let started = Instant::now();
    while started.elapsed() < timeout {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(Failure::new(format!(
        "tauri-driver did not listen on port {port} within {}s",
        timeout.as_secs()
    )))
}

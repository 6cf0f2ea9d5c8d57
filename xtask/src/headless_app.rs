//! Starting a built or installed app the way a user would, but headless: an X display of its own
//! (Xvfb), a D-Bus session with a real Secret Service, a fresh `HOME`, and its log in a file that
//! is read for the moments that matter (the profile it opened, the UI's first IPC call).
//!
//! Used by the `package` stage (the installed app opens on its baked-in profile) and by
//! `cargo xtask bench installer` (start-up time). No WebDriver: tauri-driver needs the binary path
//! at session start and adds its own start-up to the timing; the log lines are the app's own.

use std::{
    fs::File,
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use crate::{
    desktop_session::{with_secret_service, FreshHome},
    shell::{self, Failure},
};

/// The line the launcher prints just before `exec`ing the app: time zero of a start.
const LAUNCH_MARKER: &str = "xtask-headless-app: launching";

/// The UI calls `app_info` as soon as it is mounted (ui/src/App.svelte); the command logs this.
pub const UI_READY: &str = "command=\"app_info\"";

/// An Xvfb display, stopped on drop.
pub struct Display {
    xvfb: Child,
    pub name: String,
}

impl Display {
    pub fn start() -> Result<Self, Failure> {
        // `-displayfd` makes Xvfb pick a free display and print its number once it accepts clients.
        let mut xvfb = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| Failure::new(format!("could not start Xvfb: {error}")))?;
        let mut line = String::new();
        if let Some(stdout) = xvfb.stdout.take() {
            BufReader::new(stdout).read_line(&mut line)?;
        }
        let number = line.trim();
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            let _ = xvfb.kill();
            let _ = xvfb.wait();
            return Err(Failure::new("Xvfb did not report a display"));
        }
        Ok(Self {
            name: format!(":{number}"),
            xvfb,
        })
    }

    /// The whole screen as a PNG (ImageMagick's `import`).
    pub fn screenshot(&self, path: &Path) -> Result<(), Failure> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        shell::run(
            Command::new("import")
                .args(["-display", &self.name, "-window", "root"])
                .arg(path),
        )
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

/// One start of the app, stopped (with its keyring daemon and bus) on drop.
pub struct AppRun {
    session: Child,
    binary: PathBuf,
    log: PathBuf,
    home: FreshHome,
}

impl AppRun {
    /// Starts `binary` with `args` on `display` in a fresh `HOME`; its output goes to `log`.
    pub fn start(
        binary: &Path,
        args: &[&str],
        display: &Display,
        log: PathBuf,
    ) -> Result<Self, Failure> {
        let home = FreshHome::new("headless-app")?;
        let mut command = with_secret_service("sh".as_ref());
        command
            .args([
                "-c",
                &format!("echo '{LAUNCH_MARKER}' >&2; exec \"$@\""),
                "sh",
            ])
            .arg(binary)
            .args(args);
        home.apply(&mut command);
        let output = File::create(&log)?;
        command
            .env("DISPLAY", &display.name)
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .env_remove("GATEHOUSE_DATA_DIR")
            .env_remove("GATEHOUSE_PROFILE")
            .env_remove("GATEHOUSE_PROFILE_FILE")
            .stdin(Stdio::null())
            .stdout(output.try_clone()?)
            .stderr(output);
        // Its own process group: the bus, the keyring daemon and the app stop together.
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let session = command.spawn().map_err(|error| {
            Failure::new(format!("could not start {}: {error}", binary.display()))
        })?;
        Ok(Self {
            session,
            binary: binary.to_owned(),
            log,
            home,
        })
    }

    /// The app's own process (not the bus, keyring daemon or shell around it): the descendant of
    /// the session whose executable is `binary`. `None` before the launcher has `exec`ed it.
    /// Its own descendants are the WebKit processes (see `bench::pss`).
    pub fn app_pid(&self) -> Result<Option<u32>, Failure> {
        let binary = std::fs::canonicalize(&self.binary)?;
        Ok(crate::bench::pss::tree(self.session.id())?
            .into_iter()
            .find(|pid| {
                std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == binary)
            }))
    }

    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// The app's log so far, without terminal colours.
    pub fn log_text(&self) -> String {
        strip_ansi(&std::fs::read_to_string(&self.log).unwrap_or_default())
    }

    /// Waits for a log line containing `needle`; returns the time from the launch to it.
    pub fn wait_for(&mut self, needle: &str, timeout: Duration) -> Result<Duration, Failure> {
        let started = Instant::now();
        let mut launched = None;
        while started.elapsed() < timeout {
            let text = self.log_text();
            if launched.is_none() && text.contains(LAUNCH_MARKER) {
                launched = Some(Instant::now());
            }
            if let Some(launched) = launched.filter(|_| text.contains(needle)) {
                return Ok(launched.elapsed());
            }
            if let Ok(Some(status)) = self.session.try_wait() {
                return Err(Failure::new(format!(
                    "the app exited ({status}) before logging {needle:?}; its log: {}",
                    self.log.display()
                )));
            }
            // Fine enough for a start-up measured in hundreds of milliseconds.
            std::thread::sleep(Duration::from_millis(5));
        }
        Err(Failure::new(format!(
            "the app did not log {needle:?} within {}s; its log: {}",
            timeout.as_secs(),
            self.log.display()
        )))
    }
}

impl Drop for AppRun {
    fn drop(&mut self) {
        shell::signal_group(self.session.id(), "TERM");
        std::thread::sleep(Duration::from_millis(300));
        shell::signal_group(self.session.id(), "KILL");
        let _ = self.session.wait();
    }
}

/// Removes `ESC [ ... letter` sequences (tracing colours its fields on some terminals).
fn strip_ansi(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

#[cfg(test)]
mod tests {
    use super::strip_ansi;

    #[test]
    fn colours_are_removed_from_log_fields() {
        assert_eq!(
            strip_ansi("\u{1b}[3mprofile\u{1b}[0m\u{1b}[2m=\u{1b}[0macme"),
            "profile=acme"
        );
    }
}

//! Running other programs: every command is echoed before it runs, and a failure names it.
//!
//! xtask is mostly a sequence of external tools (apt, npm, cargo, dbus-run-session, Xvfb); one way
//! to start them keeps the output readable and the failures explicit.

use std::{
    fmt,
    process::{Command, Output},
};

/// Why an xtask command stopped, in one sentence for the terminal.
#[derive(Debug)]
pub struct Failure(String);

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Self(error.to_string())
    }
}

/// `cargo` as cargo itself was started (`$CARGO`), so the same toolchain builds everything.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// How a command is shown: program and arguments, and the directory when one is set.
pub fn describe(command: &Command) -> String {
    let mut line = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        let arg = arg.to_string_lossy();
        if arg.contains('\n') {
            // Inline scripts (the Secret Service session) are in the source; keep the line short.
            line.push_str(" '<script>'");
        } else if arg.is_empty() || arg.contains([' ', '\'', '"', '$']) {
            line.push_str(&format!(" '{}'", arg.replace('\'', "'\\''")));
        } else {
            line.push(' ');
            line.push_str(&arg);
        }
    }
    if let Some(dir) = command.get_current_dir() {
        line.push_str(&format!("   (in {})", dir.display()));
    }
    line
}

/// Runs a command with inherited stdio and fails unless it exits with 0.
pub fn run(command: &mut Command) -> Result<(), Failure> {
    let line = describe(command);
    println!("xtask: $ {line}");
    let status = command
        .status()
        .map_err(|error| Failure::new(format!("could not start `{line}`: {error}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure::new(format!("`{line}` failed ({status})")))
    }
}

/// Runs a command quietly to ask the system something; `None` when it cannot start.
pub fn ask(command: &mut Command) -> Option<Output> {
    command.stdin(std::process::Stdio::null()).output().ok()
}

/// Whether a program can be found on `PATH`.
pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// Signals a whole process group (a child started with `process_group(0)` and what it spawned).
pub fn signal_group(leader_pid: u32, signal: &str) {
    let _ = Command::new("kill")
        .args([format!("-{signal}"), "--".into(), format!("-{leader_pid}")])
        .stderr(std::process::Stdio::null())
        .status();
}

/// Whether we run under CI (`CI=true`), where nothing may be left for a human to fix up later.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| value == "true" || value == "1")
}

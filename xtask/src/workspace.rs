//! Where things are: the repository root, cargo's target directory (which honours
//! `CARGO_TARGET_DIR`), the tools directory and the UI.
//!
//! Asked from `cargo metadata` rather than guessed, so that a target directory outside the clone
//! (CI's cache) and one inside it behave the same.

use std::path::{Path, PathBuf};

use crate::shell::{self, Failure};

pub struct Workspace {
    pub root: PathBuf,
    pub target_dir: PathBuf,
}

impl Workspace {
    pub fn locate() -> Result<Self, Failure> {
        let output =
            shell::ask(shell::cargo().args(["metadata", "--format-version", "1", "--no-deps"]))
                .filter(|output| output.status.success())
                .ok_or_else(|| {
                    Failure::new("`cargo metadata` failed: is this the Gatehouse workspace?")
                })?;
        let json = String::from_utf8_lossy(&output.stdout);
        let field = |key: &str| {
            json_string_field(&json, key)
                .map(PathBuf::from)
                .ok_or_else(|| Failure::new(format!("`cargo metadata` has no {key}")))
        };
        Ok(Self {
            root: field("workspace_root")?,
            target_dir: field("target_directory")?,
        })
    }

    pub fn ui(&self) -> PathBuf {
        self.root.join("ui")
    }

    pub fn interop_js(&self) -> PathBuf {
        self.root.join("tests/interop/js")
    }

    /// The Python virtual environment of the test peers: `GATEHOUSE_VENV`, else `.venv` here.
    pub fn venv(&self) -> PathBuf {
        std::env::var_os("GATEHOUSE_VENV")
            .map(PathBuf::from)
            .unwrap_or_else(|| self.root.join(".venv"))
    }

    /// A binary of the workspace as `cargo build` (debug) leaves it.
    pub fn debug_binary(&self, name: &str) -> PathBuf {
        self.target_dir.join("debug").join(name)
    }

    /// Always under the repository, whatever `CARGO_TARGET_DIR` says, so that people find them.
    pub fn screenshots(&self) -> PathBuf {
        self.root.join("target/screenshots")
    }

    /// Logs and audit files of the last end-to-end run, kept for reading after a failure.
    pub fn e2e_artifacts(&self) -> PathBuf {
        self.root.join("target/e2e")
    }

    /// Where xtask installs tools it builds (tauri-driver), shared by every clone of the user.
    pub fn tools_dir(&self) -> PathBuf {
        if let Some(dir) = std::env::var_os("GATEHOUSE_TOOLS_DIR") {
            return dir.into();
        }
        let cache = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache")))
            .unwrap_or_else(|| self.target_dir.clone());
        cache.join("gatehouse/tools")
    }

    /// `npm run build` in ui/: the app embeds `ui/dist` at compile time (`custom-protocol`), so
    /// the UI is built before anything compiles `src-tauri`.
    pub fn build_ui(&self) -> Result<(), Failure> {
        shell::run(
            std::process::Command::new("npm")
                .args(["run", "build"])
                .current_dir(self.ui()),
        )
    }
}

/// The value of the first `"key":"value"` string field in cargo's JSON (no serde in xtask).
fn json_string_field(json: &str, key: &str) -> Option<String> {
    let start = json.find(&format!("\"{key}\":\""))? + key.len() + 4;
    let mut value = String::new();
    let mut chars = json[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => match chars.next()? {
                'n' => value.push('\n'),
                't' => value.push('\t'),
                'u' => {
                    let code: String = chars.by_ref().take(4).collect();
                    value.push(char::from_u32(u32::from_str_radix(&code, 16).ok()?)?);
                }
                other => value.push(other),
            },
            c => value.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::json_string_field;

    #[test]
    fn reads_a_path_with_escapes_from_cargo_metadata() {
        let json = r#"{"packages":[],"target_directory":"/tmp/a \"b\"\\c","workspace_root":"/w"}"#;
        assert_eq!(
            json_string_field(json, "target_directory").as_deref(),
            Some("/tmp/a \"b\"\\c")
        );
        assert_eq!(
            json_string_field(json, "workspace_root").as_deref(),
            Some("/w")
        );
        assert_eq!(json_string_field(json, "missing"), None);
    }
}

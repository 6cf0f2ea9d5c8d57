//! The floor Gatehouse is measured against: `bench/empty-window`, an empty Tauri 2 window whose page
//! calls `app_info` once loaded, built by the same Tauri CLI with the same release profile and
//! bundled as a `.deb` the same way (`tauri build --ci --bundles deb`).

use std::path::{Path, PathBuf};

use crate::{
    bundle, ensure,
    shell::{self, Failure},
    workspace::Workspace,
};

/// The release binary, relative to the target directory.
pub const BINARY: &str = "release/empty-window";

/// Builds the empty window and its `.deb`; returns a copy of the `.deb` kept outside
/// `release/bundle`, which the Gatehouse bundle build empties.
pub fn bundle(ws: &Workspace) -> Result<PathBuf, Failure> {
    let deb_dir = ws.target_dir.join("release/bundle/deb");
    if deb_dir.exists() {
        // Only this build's installer is found afterwards.
        std::fs::remove_dir_all(&deb_dir)?;
    }
    shell::run(
        std::process::Command::new(ensure::TAURI_CLI.bin(ws, "tauri"))
            .args(["build", "--ci", "--bundles", "deb"])
            .current_dir(ws.root.join("bench/empty-window")),
    )?;
    keep(
        &bundle::only_file(&deb_dir, "deb")?,
        &ws.target_dir.join("bench"),
    )
}

fn keep(deb: &Path, dir: &Path) -> Result<PathBuf, Failure> {
    std::fs::create_dir_all(dir)?;
    let kept = dir.join("empty-window.deb");
    std::fs::copy(deb, &kept)?;
    Ok(kept)
}

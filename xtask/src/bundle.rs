//! `cargo xtask bundle [--profile-file F]`: the release `.deb` and `.rpm`, optionally with a profile
//! baked in as the app's default, so that an organisation ships an installer that opens on its pool.
//!
//! The profile is a bundle *resource*, not compiled in: the same release binary serves everyone.
//! F (a Gatehouse profile or an Amplify file) is copied to a staging file and mapped to
//! `default-profile.json` through a `--config` overlay of `tauri.conf.json`
//! (<https://v2.tauri.app/reference/config/#resources>); the app imports it at every start
//! (src-tauri/src/startup/baked_profile.rs). The build itself is the npm Tauri CLI's
//! `tauri build --bundles deb,rpm` (<https://v2.tauri.app/reference/cli/#build>).

use std::path::{Path, PathBuf};

use crate::{
    ensure,
    shell::{self, Failure},
    workspace::Workspace,
};

/// The resource name the app looks for (`baked_profile::RESOURCE` in the app).
pub const PROFILE_RESOURCE: &str = "default-profile.json";

/// The installers one build made.
pub struct Bundles {
    pub deb: PathBuf,
    pub rpm: PathBuf,
}

/// `cargo xtask bundle [--profile-file F]`.
pub fn command(ws: &Workspace, args: &[&str]) -> Result<(), Failure> {
    let profile = match args {
        [] => None,
        ["--profile-file", file] => Some(PathBuf::from(file)),
        _ => {
            return Err(Failure::new(
                "usage: cargo xtask bundle [--profile-file amplify_outputs.json|profile.json]",
            ))
        }
    };
    ensure::Needs::BUNDLE.ensure(ws)?;
    let bundles = build(ws, profile.as_deref())?;
    println!("xtask: installers:");
    for path in [&bundles.deb, &bundles.rpm] {
        println!("xtask:   {} ({})", path.display(), megabytes(path));
    }
    Ok(())
}

/// Builds the release app and its `.deb` and `.rpm`, with `profile` baked in when given.
pub fn build(ws: &Workspace, profile: Option<&Path>) -> Result<Bundles, Failure> {
    let staging = ws.target_dir.join("bundle-profile");
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    // tauri-build copies resources next to the release binary too (for running it in place): a
    // profile baked into an earlier build must not linger there.
    let stale = ws.target_dir.join("release").join(PROFILE_RESOURCE);
    if stale.exists() {
        std::fs::remove_file(&stale)?;
    }
    let bundle_dir = ws.target_dir.join("release/bundle");
    if bundle_dir.exists() {
        // Only this build's installers are found afterwards.
        std::fs::remove_dir_all(&bundle_dir)?;
    }
    let mut tauri = std::process::Command::new(ensure::TAURI_CLI.bin(ws, "tauri"));
    tauri
        .args(["build", "--ci", "--bundles", "deb,rpm"])
        .current_dir(ws.root.join("src-tauri"));
    if let Some(profile) = profile {
        let overlay = stage_profile(profile, &staging)?;
        tauri.arg("--config").arg(overlay);
    }
    shell::run(&mut tauri)?;
    Ok(Bundles {
        deb: only_file(&bundle_dir.join("deb"), "deb")?,
        rpm: only_file(&bundle_dir.join("rpm"), "rpm")?,
    })
}

/// Copies the profile to `staging` and writes the config overlay mapping it to the resource.
///
/// Checked here only for being a JSON object: the app's own import (which names the wrong field)
/// runs when the `package` stage starts the installed app, and an installed app that refuses its
/// baked-in profile logs why and opens without it.
fn stage_profile(profile: &Path, staging: &Path) -> Result<PathBuf, Failure> {
    let text = std::fs::read_to_string(profile).map_err(|error| {
        Failure::new(format!(
            "cannot read the profile file {}: {error}",
            profile.display()
        ))
    })?;
    let trimmed = text.trim();
    if !(trimmed.starts_with('{') && trimmed.ends_with('}')) {
        return Err(Failure::new(format!(
            "{} is not a JSON object: give a Gatehouse profile or amplify_outputs.json",
            profile.display()
        )));
    }
    std::fs::create_dir_all(staging)?;
    let staged = staging.join(PROFILE_RESOURCE);
    std::fs::write(&staged, &text)?;
    let overlay = staging.join("tauri.bundle-profile.json");
    std::fs::write(&overlay, resources_overlay(&staged))?;
    Ok(overlay)
}

/// `{"bundle":{"resources":{"<staged>":"default-profile.json"}}}`: a map from source to its name
/// in the resource directory.
fn resources_overlay(staged: &Path) -> String {
    format!(
        "{{\"bundle\":{{\"resources\":{{{}:\"{PROFILE_RESOURCE}\"}}}}}}\n",
        json_string(&staged.to_string_lossy())
    )
}

fn json_string(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if (c as u32) < 0x20 => quoted.push_str(&format!("\\u{:04x}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The one file ending in `.ext` in `dir` (the bundler names it after product, version and arch).
pub fn only_file(dir: &Path, ext: &str) -> Result<PathBuf, Failure> {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|error| Failure::new(format!("no {}: {error}", dir.display())))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|e| e == ext))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(Failure::new(format!(
            "expected one .{ext} in {}, found {}",
            dir.display(),
            found.len()
        ))),
    }
}

/// A file's size for people, e.g. `7.4 MB`.
pub fn megabytes(path: &Path) -> String {
    path.metadata().map_or_else(
        |_| "size unknown".into(),
        |meta| format!("{:.1} MB", meta.len() as f64 / 1_000_000.0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_maps_the_staged_file_to_the_resource_name() {
        let overlay = resources_overlay(Path::new("/tmp/a \"b\"\\c/default-profile.json"));
        assert_eq!(
            overlay,
            "{\"bundle\":{\"resources\":{\"/tmp/a \\\"b\\\"\\\\c/default-profile.json\":\"default-profile.json\"}}}\n"
        );
    }

    #[test]
    fn a_profile_that_is_not_a_json_object_is_refused_before_building() {
        let dir = crate::temp_dir::TempDir::new("bundle-selftest").unwrap();
        let file = dir.path().join("profile.json");
        std::fs::write(&file, "[1, 2]").unwrap();
        assert!(stage_profile(&file, &dir.path().join("staging")).is_err());
        std::fs::write(&file, "{\"name\": \"acme\"}\n").unwrap();
        let overlay = stage_profile(&file, &dir.path().join("staging")).unwrap();
        assert!(std::fs::read_to_string(overlay)
            .unwrap()
            .contains(PROFILE_RESOURCE));
    }
}

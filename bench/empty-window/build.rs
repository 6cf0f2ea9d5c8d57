//! Declares the window's one command to Tauri's ACL, as src-tauri/build.rs does for Gatehouse's,
//! so that its IPC call goes through the same capability check.

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(&["app_info"])),
    )
    .expect("tauri build configuration is valid");
}

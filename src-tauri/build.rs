//! Build script: declares the app's own IPC commands to Tauri's ACL so that the capability file
//! grants each one by name (https://v2.tauri.app/security/capabilities/), and makes sure there is
//! a `ui/dist` to embed so that a plain `cargo build` works before the UI has been built.

use std::{fs, path::Path};

/// Every `#[tauri::command]` in `src/commands/`. Keep in step with the tauri-specta builder.
const COMMANDS: &[&str] = &[
    "get_view",
    "show_sign_up",
    "show_sign_in",
    "sign_up",
    "confirm_sign_up",
    "resend_sign_up_code",
    "sign_in",
    "confirm_sign_in",
    "select_mfa",
    "complete_new_password",
    "show_forgot_password",
    "request_password_reset",
    "resend_password_reset_code",
    "confirm_password_reset",
    "set_up_totp",
    "verify_totp",
    "cancel_totp_setup",
    "set_mfa_preference",
    "sign_out",
    "sign_out_everywhere",
    "update_attributes",
    "verify_attribute",
    "resend_attribute_code",
    "change_password",
    "delete_account",
    "remember_device",
    "forget_device",
    "set_device_remembered",
    "list_profiles",
    "switch_profile",
    "import_profile",
    "remove_profile",
    "check_pool",
    "list_outbox",
    "app_info",
];

const PLACEHOLDER: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Gatehouse</title></head>\n<body><p>UI not built: run <code>cargo xtask run</code> (or <code>npm run build</code> in ui/).</p></body></html>\n";

fn main() {
    // The embedded assets come from ../ui/dist (tauri.conf.json `frontendDist`); tauri's codegen
    // fails when that folder is missing, so leave a page that says what to do.
    let dist = Path::new("../ui/dist");
    if !dist.join("index.html").exists() {
        fs::create_dir_all(dist).expect("ui/dist can be created next to src-tauri");
        fs::write(dist.join("index.html"), PLACEHOLDER).expect("ui/dist/index.html is writable");
    }
    println!("cargo:rerun-if-changed=../ui/dist");

    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build configuration is valid");
}

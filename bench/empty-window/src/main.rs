//! An empty Tauri 2 window whose page makes one IPC call, `app_info`, once it has loaded: the same
//! signal Gatehouse's UI gives when it is mounted and interactive (ui/src/App.svelte), logged the
//! same way (`command="app_info"` on stderr), so `cargo xtask bench installer` times both alike.
#![forbid(unsafe_code)]

/// Answers the page's first call; the log line is the bench's "interactive" mark.
#[tauri::command]
fn app_info() -> &'static str {
    eprintln!("empty_window: command=\"app_info\"");
    env!("CARGO_PKG_VERSION")
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![app_info])
        .run(tauri::generate_context!())
        .expect("the Tauri runtime starts (a display and WebKitGTK are present)");
}

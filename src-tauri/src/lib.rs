//! Gatehouse's desktop shell: a thin Tauri 2 layer over `gatehouse-auth`.
//!
//! `run` starts logging, the embedded local pool (the default profile), the auth driver on the OS
//! keyring, and the window. Commands are user intents; the core's `AuthView` is pushed to the UI
//! after every transition. All that reaches the web view passes through `outgoing`.
//! See https://v2.tauri.app/develop/ and ../DESIGN.md ("The app").
#![forbid(unsafe_code)]

mod bindings;
mod commands;
mod doctor;
mod error;
mod events;
mod local_pool;
mod logging;
mod outgoing;
mod pool_settings;
mod profiles;
mod startup;
mod state;

pub use bindings::export_to as export_bindings;

/// `gatehouse doctor ARGS`: checks a pool's settings and exits, without a window.
pub fn doctor(args: &[String]) -> std::process::ExitCode {
    logging::init_quiet();
    doctor::cli::run(args)
}

/// Runs the desktop app until its window closes.
pub fn run() {
    logging::init();
    let builder = bindings::builder();
    let commands = builder.invoke_handler();
    let ready = startup::Ready::default();
    let state_opened = ready.clone();
    tauri::Builder::default()
        // The state opens while the page loads (startup::ready): a command waits for it.
        .invoke_handler(move |invoke| {
            state_opened.wait();
            commands(invoke)
        })
        .setup(move |app| {
            builder.mount_events(app);
            startup::launch(app, ready)?;
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the Tauri runtime starts (a display, WebKitGTK and the embedded UI are present)");
}

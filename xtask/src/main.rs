//! `cargo xtask run|test|bench|fuzz|bundle`: Gatehouse's developer entry points.
//!
//! Each command first installs what it needs and is missing (system packages, npm packages,
//! tauri-driver), saying what and why, so that a fresh Debian or Ubuntu machine and CI need
//! nothing but a Rust toolchain, Node and this repository. Plain `std` keeps `cargo xtask`
//! quick to compile. See <https://github.com/matklad/cargo-xtask>.
#![forbid(unsafe_code)]

mod bench;
mod bundle;
mod desktop_session;
mod e2e;
mod ensure;
mod fuzz;
mod headless_app;
mod interop;
mod moto;
mod npm_tools;
mod package;
mod shell;
mod stages;
mod temp_dir;
mod workflow_lint;
mod workspace;

use std::process::ExitCode;

use shell::Failure;
use workspace::Workspace;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  run      install what the app needs, build the UI, start Gatehouse on the embedded local pool
  test     install what the suites need, then run every suite (lint, UI, Rust, interop, end-to-end,
           installers)
           `cargo xtask test <stage>` runs one stage: lint, ui, rust, fuzz, interop, e2e, package
  bench    run the benchmarks; `cargo xtask bench <name>` runs one: installer (installer sizes,
           start-up time)
  fuzz     run the cargo-fuzz targets from their seeds, 25 s each (docs/fuzzing.md)
           `cargo xtask fuzz [target] [--seconds N]`: one target (pool_request, pool_srp_public,
           core_jwt), or longer
  bundle   build the release .deb and .rpm into <target>/release/bundle/
           `--profile-file F` bakes F (a Gatehouse profile or amplify_outputs.json) in as the
           profile the installed app opens on";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let outcome = match args.as_slice() {
        ["run", rest @ ..] => Workspace::locate().and_then(|ws| run_app(&ws, rest)),
        ["test", only @ ..] => {
            return Workspace::locate().map_or_else(report, |ws| stages::test(&ws, only))
        }
        ["bench", only @ ..] => Workspace::locate().and_then(|ws| bench::command(&ws, only)),
        ["bundle", rest @ ..] => Workspace::locate().and_then(|ws| bundle::command(&ws, rest)),
        ["fuzz", rest @ ..] => Workspace::locate().and_then(|ws| fuzz::command(&ws, rest)),
        // Internal: the end-to-end stage re-enters here inside its D-Bus session and X display.
        [e2e::INSIDE_SESSION] => Workspace::locate().and_then(|ws| e2e::inside_session(&ws)),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    outcome.map_or_else(report, |()| ExitCode::SUCCESS)
}

fn report(failure: Failure) -> ExitCode {
    eprintln!("xtask: {failure}");
    ExitCode::FAILURE
}

/// `cargo xtask run`: the app on the embedded local pool, with the UI embedded in the binary.
fn run_app(ws: &Workspace, app_args: &[&str]) -> Result<(), Failure> {
    ensure::Needs::RUN.ensure(ws)?;
    ws.build_ui()?;
    shell::run(
        shell::cargo()
            .args(["run", "-p", "gatehouse", "--"])
            .args(app_args)
            .current_dir(&ws.root),
    )
}

//! `cargo xtask test`: every suite in order, stopping at the first stage that fails.
//!
//! Stages: lint (rustfmt, clippy, the GitHub workflows), ui (svelte-check, Vitest), rust (`cargo
//! test --workspace` with a real Secret Service and moto), interop (amazon-cognito-identity-js,
//! pycognito and boto3 against the pool binary), e2e (the real app under Xvfb through
//! tauri-driver), package (the installers: checked, installed, started). fuzz (each cargo-fuzz
//! target for a short while, after the Rust suites: see docs/fuzzing.md) runs after rust. The last line is the
//! count of stages, for CI logs.

use std::{process::Command, process::ExitCode, time::Instant};

use crate::{
    desktop_session::{with_secret_service, FreshHome},
    e2e, ensure, fuzz, interop, moto, package,
    shell::{self, Failure},
    workflow_lint,
    workspace::Workspace,
};

type Stage = fn(&Workspace) -> Result<(), Failure>;

const STAGES: [(&str, Stage); 7] = [
    ("lint", lint),
    ("ui", ui),
    ("rust", rust_suites),
    ("fuzz", fuzz::stage),
    ("interop", interop::run),
    ("e2e", e2e::run),
    ("package", package::run),
];

/// Runs the stages named in `only` (all when empty); prints `xtask: N passed, M failed`.
pub fn test(ws: &Workspace, only: &[&str]) -> ExitCode {
    if let Some(unknown) = only
        .iter()
        .find(|name| !STAGES.iter().any(|(stage, _)| stage == *name))
    {
        let names: Vec<_> = STAGES.iter().map(|(name, _)| *name).collect();
        eprintln!("xtask: no stage `{unknown}`; stages: {}", names.join(", "));
        return ExitCode::from(2);
    }
    let started = Instant::now();
    // The app embeds ui/dist when it compiles, and clippy compiles it: the UI is built first.
    if let Err(failure) = ensure::Needs::TEST.ensure(ws).and_then(|()| ws.build_ui()) {
        eprintln!("xtask: preparing failed: {failure}");
        println!("xtask: 0 passed, 1 failed (preparing)");
        return ExitCode::FAILURE;
    }
    let (mut passed, mut failed) = (0, None);
    for (name, stage) in STAGES {
        if !only.is_empty() && !only.contains(&name) {
            continue;
        }
        let stage_started = Instant::now();
        println!("\nxtask: ===== stage {name} =====");
        match stage(ws) {
            Ok(()) => {
                passed += 1;
                println!(
                    "xtask: stage {name} passed in {}s",
                    stage_started.elapsed().as_secs()
                );
            }
            Err(failure) => {
                eprintln!("xtask: stage {name} FAILED: {failure}");
                failed = Some(name);
                break;
            }
        }
    }
    println!("\nxtask: finished in {}s", started.elapsed().as_secs());
    match failed {
        None => {
            println!("xtask: {passed} passed, 0 failed");
            ExitCode::SUCCESS
        }
        Some(name) => {
            println!("xtask: {passed} passed, 1 failed ({name})");
            ExitCode::FAILURE
        }
    }
}

fn lint(ws: &Workspace) -> Result<(), Failure> {
    shell::run(
        shell::cargo()
            .args(["fmt", "--all", "--", "--check"])
            .current_dir(&ws.root),
    )?;
    shell::run(
        shell::cargo()
            .args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ])
            .current_dir(&ws.root),
    )?;
    // The end-to-end suite only compiles with its feature: lint it too.
    shell::run(
        shell::cargo()
            .args([
                "clippy",
                "-p",
                "gatehouse-tests",
                "--all-targets",
                "--features",
                "e2e",
            ])
            .args(["--", "-D", "warnings"])
            .current_dir(&ws.root),
    )?;
    workflow_lint::run(ws)
}

fn ui(ws: &Workspace) -> Result<(), Failure> {
    shell::run(
        Command::new("npm")
            .args(["run", "check"])
            .current_dir(ws.ui()),
    )?;
    shell::run(
        Command::new("npx")
            .args(["vitest", "run"])
            .current_dir(ws.ui()),
    )
}

/// Unit and integration tests of every crate, with the keyring tests on against a real keyring
/// and the moto tests on against a moto server.
fn rust_suites(ws: &Workspace) -> Result<(), Failure> {
    let home = FreshHome::new("rust")?;
    let moto = moto::Moto::start(ws)?;
    let mut command = with_secret_service(shell::cargo().get_program());
    // Every failing test binary in one run, not only the first: a CI run is too long to learn
    // one failure per round.
    command.args(["test", "--workspace", "--no-fail-fast"]);
    home.apply(&mut command);
    shell::run(
        command
            .env("GATEHOUSE_KEYRING_TESTS", "1")
            .env(moto::ENDPOINT_ENV, &moto.endpoint)
            .current_dir(&ws.root),
    )
}

//! `cargo xtask fuzz [target] [--seconds N]`, and the `fuzz` stage of `cargo xtask test`: the
//! libFuzzer targets in `fuzz/` (see docs/fuzzing.md), each run for a while from its checked-in
//! seeds.
//!
//! The stable toolchain builds them: `--sanitizer none` needs no `-Z` flag (the sanitizer
//! coverage passes are stable `-C` options), so CI needs no nightly. Without AddressSanitizer,
//! libFuzzer cannot see single allocations (`-malloc_limit_mb` relies on the sanitizer's hooks);
//! `-rss_limit_mb` still catches unbounded growth, checked once a second. Everything a run writes
//! (the grown corpus, crash inputs) goes under `<target dir>/fuzz/`, never into the repository.
//! <https://rust-fuzz.github.io/book/cargo-fuzz.html>, <https://llvm.org/docs/LibFuzzer.html#options>

use std::process::Command;

use crate::{
    ensure,
    shell::{self, Failure},
    workspace::Workspace,
};

/// The targets, in the order the stage runs them.
pub const TARGETS: [&str; 3] = ["pool_request", "pool_srp_public", "core_jwt"];

/// Seconds per target in the CI stage: three targets and the build fit in three minutes warm.
const STAGE_SECONDS: u64 = 25;
/// A process past this resident size is a finding (an allocation the input controls).
const RSS_LIMIT_MB: u32 = 1024;
/// One allocation past this is a finding where a sanitizer reports allocations (nightly runs).
const MALLOC_LIMIT_MB: u32 = 256;

/// `cargo xtask fuzz [target...] [--seconds N]`: all targets when none is named.
pub fn command(ws: &Workspace, args: &[&str]) -> Result<(), Failure> {
    let mut seconds = STAGE_SECONDS;
    let mut targets = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--seconds" => {
                seconds = rest
                    .next()
                    .and_then(|value| value.parse().ok())
                    .filter(|&value| value > 0)
                    .ok_or_else(|| Failure::new("--seconds needs a whole number above 0"))?;
            }
            name if TARGETS.contains(&name) => targets.push(name),
            other => {
                return Err(Failure::new(format!(
                    "no fuzz target `{other}`; targets: {}",
                    TARGETS.join(", ")
                )))
            }
        }
    }
    if targets.is_empty() {
        targets.extend(TARGETS);
    }
    run(ws, &targets, seconds)
}

/// The CI stage: every target, briefly.
pub fn stage(ws: &Workspace) -> Result<(), Failure> {
    run(ws, &TARGETS, STAGE_SECONDS)
}

fn run(ws: &Workspace, targets: &[&str], seconds: u64) -> Result<(), Failure> {
    ensure::ensure_cargo_fuzz(ws)?;
    let work = ws.target_dir.join("fuzz");
    // One build for all targets: they share every dependency.
    shell::run(
        cargo_fuzz(ws)
            .args(["build", "--sanitizer", "none", "--target-dir"])
            .arg(work.join("target")),
    )?;
    for target in targets {
        let corpus = work.join("corpus").join(target);
        let artifacts = work.join("artifacts").join(target);
        for dir in [&corpus, &artifacts] {
            std::fs::create_dir_all(dir).map_err(|error| {
                Failure::new(format!("cannot create {}: {error}", dir.display()))
            })?;
        }
        println!(
            "xtask: fuzzing {target} for {seconds}s (crash inputs go to {})",
            artifacts.display()
        );
        // The first corpus directory is the one libFuzzer adds to; the seeds are only read.
        shell::run(
            cargo_fuzz(ws)
                .args(["run", "--sanitizer", "none", "--target-dir"])
                .arg(work.join("target"))
                .arg(target)
                .arg(&corpus)
                .arg(ws.root.join("fuzz/seeds").join(target))
                .arg("--")
                .arg(format!("-max_total_time={seconds}"))
                .arg(format!("-rss_limit_mb={RSS_LIMIT_MB}"))
                .arg(format!("-malloc_limit_mb={MALLOC_LIMIT_MB}"))
                .arg(format!("-artifact_prefix={}/", artifacts.display()))
                .arg("-print_final_stats=1"),
        )
        .map_err(|failure| {
            Failure::new(format!(
                "{failure}; the input that failed is in {}, replay it with `cargo fuzz run \
                 --sanitizer none {target} <file>` in fuzz/",
                artifacts.display()
            ))
        })?;
    }
    Ok(())
}

/// `cargo fuzz` (the pinned cargo-fuzz from the tools directory) in `fuzz/`.
fn cargo_fuzz(ws: &Workspace) -> Command {
    let bin = ws.tools_dir().join("bin");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&path)))
        .unwrap_or(path);
    let mut command = shell::cargo();
    command
        .arg("fuzz")
        .current_dir(ws.root.join("fuzz"))
        .env("PATH", path);
    // `--target-dir` goes after the subcommand: `cargo fuzz build|run` take it.
    command
}

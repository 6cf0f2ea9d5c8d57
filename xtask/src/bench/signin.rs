//! `signin`: the app's own time in a sign-in, against a local pool, and its memory once signed in.
//!
//! The journey `tests/tests/e2e/bench_sign_in.rs` does the measuring inside the end-to-end setup
//! (Xvfb, a Secret Service, tauri-driver; see `e2e.rs`): `GATEHOUSE_BENCH_RUNS` sign-ins (default
//! 10) through a timing relay, one JSON line each in `target/bench/signin.jsonl`. Per sign-in:
//! total (click on submit to the signed-in view, timed in the page), network (the pool requests
//! the relay timed) and overhead = total − network. The app is the debug build the end-to-end
//! stage builds: a release build takes longer than this bench's budget on the 2-core machine
//! (WebDriver would work with it: tauri-runtime-wry allows automation whenever tauri-driver sets
//! `TAURI_WEBVIEW_AUTOMATION`, in release too).
//!
//! Memory: after the last sign-in the journey writes the app's process id to `signin.pid` and
//! waits for `signin.measured`; a thread here reads the memory of the app's process tree then.

use std::{ffi::OsStr, path::Path, time::Duration};

use super::Stats;
use crate::{e2e, ensure, shell::Failure, workspace::Workspace};

/// What the end-to-end stage needs, without the other suites' tools.
const NEEDS: ensure::Needs = ensure::Needs {
    npm: &["ui"],
    npm_tools: &[],
    python: &[],
    ..ensure::Needs::TEST
};

pub fn run(ws: &Workspace) -> Result<(), Failure> {
    NEEDS.ensure(ws)?;
    ws.build_ui()?;
    let dir = ws.root.join("target/bench");
    std::fs::create_dir_all(&dir)?;
    let out = dir.join("signin.jsonl");
    for stale in [
        out.clone(),
        out.with_extension("pid"),
        out.with_extension("measured"),
    ] {
        if stale.exists() {
            std::fs::remove_file(stale)?;
        }
    }
    let memory = std::thread::spawn({
        let out = out.clone();
        move || memory_after_sign_in(&out)
    });
    let outcome = e2e::run_with(
        ws,
        &[
            ("GATEHOUSE_E2E_FILTER", OsStr::new("bench_sign_in")),
            ("GATEHOUSE_BENCH", OsStr::new("signin")),
            ("GATEHOUSE_BENCH_SIGNIN_OUT", out.as_os_str()),
        ],
    );
    // The journey is over: let the thread give up waiting for a process id if none came.
    std::fs::write(out.with_extension("measured"), "")?;
    let memory = memory.join().unwrap_or(None);
    outcome?;
    report(&std::fs::read_to_string(&out)?, memory)
}

/// One sign-in as the journey wrote it.
struct SignIn {
    total: Duration,
    network: Duration,
    requests: Vec<String>,
}

fn report(lines: &str, memory: Option<String>) -> Result<(), Failure> {
    let sign_ins: Vec<SignIn> = lines.lines().filter_map(parse).collect();
    if sign_ins.is_empty() {
        return Err(Failure::new("bench signin: the journey wrote no sign-in"));
    }
    for (index, sign_in) in sign_ins.iter().enumerate() {
        println!(
            "xtask: sign-in {}: total {:.1} ms, network {:.1} ms, overhead {:.1} ms ({})",
            index + 1,
            ms(sign_in.total),
            ms(sign_in.network),
            ms(sign_in.total.saturating_sub(sign_in.network)),
            sign_in.requests.join(", ")
        );
    }
    let mut totals: Vec<Duration> = sign_ins.iter().map(|s| s.total).collect();
    let mut networks: Vec<Duration> = sign_ins.iter().map(|s| s.network).collect();
    let mut overheads: Vec<Duration> = sign_ins
        .iter()
        .map(|s| s.total.saturating_sub(s.network))
        .collect();
    let runs = sign_ins.len();
    println!("\nxtask: results (Markdown rows for docs/benchmarks.md):");
    for (what, times) in [
        ("total (submit to signed-in view)", &mut totals),
        ("network (pool requests, relay-timed)", &mut networks),
        ("overhead = total − network", &mut overheads),
    ] {
        let stats = Stats::of(times);
        println!(
            "| {what}, {runs} sign-ins | median {:.1} ms, min {:.1} ms, max {:.1} ms |",
            ms(stats.median),
            ms(stats.min),
            ms(stats.max)
        );
    }
    println!(
        "| memory after sign-in | {} |",
        memory.unwrap_or_else(|| "not measured (see the log above)".to_owned())
    );
    Ok(())
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// `{"after_view":[...],"network_ms":12.3,"requests":[{"at_ms":..,"ms":..,"op":"InitiateAuth"}],
/// "total_ms":45.6}`: read with plain string search (xtask has no JSON parser).
fn parse(line: &str) -> Option<SignIn> {
    let number = |key: &str| -> Option<Duration> {
        let start = line.find(&format!("\"{key}\":"))? + key.len() + 3;
        let end = line[start..].find([',', '}'])? + start;
        let value: f64 = line[start..end].trim().parse().ok()?;
        Duration::try_from_secs_f64(value / 1000.0).ok()
    };
    let requests = line
        .find("\"requests\":")
        .map(|start| {
            let section = &line[start..];
            let section = &section[..section.find(']').unwrap_or(section.len())];
            section
                .split("\"op\":\"")
                .skip(1)
                .filter_map(|rest| rest.split('"').next())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    Some(SignIn {
        total: number("total_ms")?,
        network: number("network_ms")?,
        requests,
    })
}

/// Waits for the journey's process id, measures, and tells the journey to go on.
fn memory_after_sign_in(out: &Path) -> Option<String> {
    let pid_file = out.with_extension("pid");
    let measured = out.with_extension("measured");
    let pid = loop {
        if let Some(pid) = std::fs::read_to_string(&pid_file)
            .ok()
            .and_then(|text| text.trim().parse::<u32>().ok())
        {
            break pid;
        }
        if measured.exists() {
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let row = memory_row(pid);
    let _ = std::fs::write(&measured, "");
    row
}

/// The PSS of the app's process tree (the app and its WebKit processes) once signed in. The app is
/// the debug build (see the module comment); the floor, an empty Tauri 2 window, is measured idle
/// by the `installer` bench on release builds.
fn memory_row(pid: u32) -> Option<String> {
    match super::pss::of_tree(pid) {
        Ok(tree) => Some(format!("{tree}, debug build")),
        Err(failure) => {
            println!("xtask: the memory of the app (pid {pid}) was not read: {failure}");
            None
        }
    }
}

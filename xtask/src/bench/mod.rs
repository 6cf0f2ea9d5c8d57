//! `cargo xtask bench [name]`: measurements that go into docs/benchmarks.md. A bench is a named
//! function; with no name every bench runs. Results are printed as Markdown table rows.
//!
//! - `installer`: the size of the release `.deb` and `.rpm` (no profile baked in), and the start-up
//!   time of the release app, from its launch to the UI's first IPC call (`app_info`, made when
//!   the UI is mounted and interactive), over `GATEHOUSE_BENCH_RUNS` starts (default 10), each in a
//!   fresh `HOME` on the embedded local pool (the first start a new user sees) under Xvfb.

mod installer;
mod pool;
pub mod pss;
mod signin;
mod srp;
mod stats;

pub use stats::Stats;

use crate::{shell::Failure, workspace::Workspace};

type Bench = fn(&Workspace) -> Result<(), Failure>;

const BENCHES: [(&str, Bench); 4] = [
    ("srp", srp::run),
    ("pool", pool::run),
    ("signin", signin::run),
    ("installer", installer::run),
];

pub fn command(ws: &Workspace, only: &[&str]) -> Result<(), Failure> {
    let names: Vec<&str> = BENCHES.iter().map(|(name, _)| *name).collect();
    if let Some(unknown) = only.iter().find(|name| !names.contains(name)) {
        return Err(Failure::new(format!(
            "no bench `{unknown}`; benches: {}",
            names.join(", ")
        )));
    }
    for (name, bench) in BENCHES {
        if only.is_empty() || only.contains(&name) {
            println!("\nxtask: ===== bench {name} =====");
            bench(ws)?;
        }
    }
    Ok(())
}

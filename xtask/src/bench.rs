//! `cargo xtask bench [name]`: measurements that go into docs/benchmarks.md. A bench is a named
//! function; with no name every bench runs. Results are printed as Markdown table rows.
//!
//! - `installer`: the size of the release `.deb` and `.rpm` (no profile baked in), and the start-up
//!   time of the release app, from its launch to the UI's first IPC call (`app_info`, made when
//!   the UI is mounted and interactive), over `GATEHOUSE_BENCH_RUNS` starts (default 10), each in a
//!   fresh `HOME` on the embedded local pool (the first start a new user sees) under Xvfb.

use std::time::Duration;

use crate::{
    bundle, ensure,
    headless_app::{AppRun, Display, UI_READY},
    shell::Failure,
    workspace::Workspace,
};

type Bench = fn(&Workspace) -> Result<(), Failure>;

const BENCHES: [(&str, Bench); 1] = [("installer", installer)];

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

fn installer(ws: &Workspace) -> Result<(), Failure> {
    ensure::Needs::BENCH.ensure(ws)?;
    let bundles = bundle::build(ws, None)?;
    let runs: usize = std::env::var("GATEHOUSE_BENCH_RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .filter(|runs| *runs > 0)
        .unwrap_or(10);
    let binary = ws.target_dir.join("release/gatehouse");
    let display = Display::start()?;
    let logs = ws.root.join("target/bench");
    std::fs::create_dir_all(&logs)?;
    let mut times = Vec::with_capacity(runs);
    for run in 1..=runs {
        let log = logs.join(format!("installer-start-{run}.log"));
        let mut app = AppRun::start(&binary, &[], &display, log)?;
        let ready = app.wait_for(UI_READY, Duration::from_secs(60))?;
        println!(
            "xtask: start {run}/{runs}: UI ready after {} ms",
            ready.as_millis()
        );
        times.push(ready);
    }
    let stats = Stats::of(&mut times);
    println!("\nxtask: results (Markdown rows for docs/benchmarks.md):");
    println!("| .deb size | {} |", bundle::megabytes(&bundles.deb));
    println!("| .rpm size | {} |", bundle::megabytes(&bundles.rpm));
    println!(
        "| start-up to interactive UI, {runs} runs | median {} ms, min {} ms, max {} ms |",
        stats.median.as_millis(),
        stats.min.as_millis(),
        stats.max.as_millis()
    );
    Ok(())
}

struct Stats {
    median: Duration,
    min: Duration,
    max: Duration,
}

impl Stats {
    /// Sorts `times` (not empty); the median of an even count is the mean of the middle two.
    fn of(times: &mut [Duration]) -> Self {
        times.sort();
        let mid = times.len() / 2;
        let median = if times.len().is_multiple_of(2) {
            (times[mid - 1] + times[mid]) / 2
        } else {
            times[mid]
        };
        Self {
            median,
            min: times[0],
            max: times[times.len() - 1],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_min_and_max_of_odd_and_even_counts() {
        let ms = Duration::from_millis;
        let odd = Stats::of(&mut [ms(30), ms(10), ms(20)]);
        assert_eq!((odd.median, odd.min, odd.max), (ms(20), ms(10), ms(30)));
        let even = Stats::of(&mut [ms(40), ms(10), ms(20), ms(30)]);
        assert_eq!((even.median, even.min, even.max), (ms(25), ms(10), ms(40)));
    }
}

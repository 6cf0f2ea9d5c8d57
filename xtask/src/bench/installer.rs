//! `installer`: Gatehouse's release app beside an empty Tauri 2 window built the same way
//! (`bench/empty-window`, the floor): the size of the `.deb`, the start-up time from launch to the
//! UI's first IPC call (`app_info`, made once the page is mounted and interactive), and the memory
//! once idle: the PSS of the app and its WebKit processes (`pss`), `SETTLE` after that call.
//!
//! Both apps start `GATEHOUSE_BENCH_RUNS` times (default 10), alternately so that the load of a
//! shared machine falls on both alike, each in a fresh `HOME` under Xvfb: for Gatehouse, the first
//! start a new user sees (no profile baked in, the embedded local pool created anew).

mod empty_window;

use std::{
    path::{Path, PathBuf},
    time::Duration,
};

use super::{pss, Stats};
use crate::{
    bundle, ensure,
    headless_app::{AppRun, Display, UI_READY},
    shell::Failure,
    workspace::Workspace,
};

/// How long an app is left alone after its first IPC call before its memory is read: the page's
/// first requests answered and the embedded pool started.
const SETTLE: Duration = Duration::from_secs(2);

/// One app's starts.
struct Starts {
    name: &'static str,
    binary: PathBuf,
    times: Vec<Duration>,
    pss_kib: Vec<u64>,
}

pub fn run(ws: &Workspace) -> Result<(), Failure> {
    ensure::Needs::BENCH.ensure(ws)?;
    // The floor first: the Gatehouse bundle build empties `release/bundle`.
    let floor_deb = empty_window::bundle(ws)?;
    let bundles = bundle::build(ws, None)?;
    let runs: usize = std::env::var("GATEHOUSE_BENCH_RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .filter(|runs| *runs > 0)
        .unwrap_or(10);
    let display = Display::start()?;
    let logs = ws.root.join("target/bench");
    std::fs::create_dir_all(&logs)?;
    let mut apps = [
        Starts::new("Gatehouse", ws.target_dir.join("release/gatehouse")),
        Starts::new("empty window", ws.target_dir.join(empty_window::BINARY)),
    ];
    for run in 1..=runs {
        for app in &mut apps {
            let log = logs.join(format!(
                "installer-{}-{run}.log",
                app.name.replace(' ', "-")
            ));
            app.start_once(&display, log)?;
            println!(
                "xtask: {} start {run}/{runs}: UI ready after {} ms, idle PSS {}",
                app.name,
                app.times.last().map_or(0, Duration::as_millis),
                pss::mebibytes(app.pss_kib.last().copied().unwrap_or(0)),
            );
        }
    }
    let [ours, floor] = &mut apps;
    print_rows(ours, floor, &bundles.deb, &floor_deb, runs);
    println!("| .rpm size | {} | | |", bundle::megabytes(&bundles.rpm));
    Ok(())
}

impl Starts {
    fn new(name: &'static str, binary: PathBuf) -> Self {
        Self {
            name,
            binary,
            times: Vec::new(),
            pss_kib: Vec::new(),
        }
    }

    /// Starts the app once, times it to its first IPC call, and reads its memory once settled.
    fn start_once(&mut self, display: &Display, log: PathBuf) -> Result<(), Failure> {
        let mut app = AppRun::start(&self.binary, &[], display, log)?;
        let ready = app.wait_for(UI_READY, Duration::from_secs(60))?;
        std::thread::sleep(SETTLE);
        let pid = app
            .app_pid()?
            .ok_or_else(|| Failure::new(format!("{}: the app's own process is gone", self.name)))?;
        let memory = pss::of_tree(pid)?;
        println!("xtask: {} idle memory: {memory}", self.name);
        self.times.push(ready);
        self.pss_kib.push(memory.total_kib());
        Ok(())
    }
}

fn print_rows(ours: &mut Starts, floor: &mut Starts, deb: &Path, floor_deb: &Path, runs: usize) {
    let size = |path: &Path| path.metadata().map_or(0, |meta| meta.len());
    let ours_time = Stats::of(&mut ours.times);
    let floor_time = Stats::of(&mut floor.times);
    let ours_pss = median(&mut ours.pss_kib);
    let floor_pss = median(&mut floor.pss_kib);
    println!("\nxtask: results (Markdown rows for docs/benchmarks.md):");
    println!("| measure | Gatehouse | empty Tauri 2 window | ratio |");
    println!("|---|---|---|---|");
    println!(
        "| .deb size | {} | {} | {} |",
        bundle::megabytes(deb),
        bundle::megabytes(floor_deb),
        ratio(size(deb) as f64, size(floor_deb) as f64)
    );
    println!(
        "| start-up to interactive UI, median (min–max) of {runs} | {} | {} | {} |",
        millis(&ours_time),
        millis(&floor_time),
        ratio(
            ours_time.median.as_secs_f64(),
            floor_time.median.as_secs_f64()
        )
    );
    println!(
        "| idle PSS (app + WebKit processes, {} s after interactive), median of {runs} | {} | {} | {} |",
        SETTLE.as_secs(),
        pss::mebibytes(ours_pss),
        pss::mebibytes(floor_pss),
        ratio(ours_pss as f64, floor_pss as f64)
    );
}

fn millis(stats: &Stats) -> String {
    format!(
        "{} ms ({}–{})",
        stats.median.as_millis(),
        stats.min.as_millis(),
        stats.max.as_millis()
    )
}

fn ratio(ours: f64, floor: f64) -> String {
    if floor > 0.0 {
        format!("{:.2}×", ours / floor)
    } else {
        "n/a".into()
    }
}

/// The median of `values` (not empty); of an even count, the mean of the middle two.
fn median(values: &mut [u64]) -> u64 {
    values.sort_unstable();
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2
    } else {
        values[mid]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts_and_ratio_against_the_floor() {
        assert_eq!(median(&mut [30, 10, 20]), 20);
        assert_eq!(median(&mut [40, 10, 20, 30]), 25);
        assert_eq!(ratio(115.0, 100.0), "1.15×");
        assert_eq!(ratio(1.0, 0.0), "n/a");
    }
}

//! `srp`: the client's SRP proof (a fresh `a`, `A`, then the password claim on a challenge) by
//! Gatehouse (`gatehouse-srp`, release build), amazon-cognito-identity-js in Node and pycognito in
//! Python, all on the same fixed challenge (`xtask/bench/srp/challenge.json`, made by
//! `make_challenge.py`; gatehouse-auth's `tests/srp_oracle.rs` checks the pool accepts proofs on
//! it), and the limit: GMP (gmpy2) doing the three modular exponentiations of one of our proofs
//! with our exponent sizes. Every peer also computes `SRP_A` and the claim for one fixed `a`; they
//! must agree byte for byte with ours, or the bench fails (so every peer did the real work).
//! Wall time and CPU time are both printed: on a machine shared with builds the CPU time is the
//! steadier. `GATEHOUSE_BENCH_PROOFS` (default 200) sets our count and GMP's; the peers do a
//! quarter (pycognito) and a tenth (amazon-cognito-identity-js) of it.
//!
//! Ours and GMP's run in alternating rounds ([`ROUNDS`]), and the verdict against GMP is the
//! median of the rounds' ratios: on a shared virtual machine the speed of a core drifts by tens
//! of percent within a minute, and two programs timed minutes apart can differ by that much alone.

use std::{path::Path, process::Command, time::Duration};

use super::Stats;
use crate::{
    ensure::{self, Needs},
    shell::{self, Failure},
    workspace::Workspace,
};

const NEEDS: Needs = Needs {
    apt: &[(
        "python3-venv",
        "virtual environments for the Python test peers",
    )],
    npm: &["tests/interop/js"],
    tauri_driver: false,
    npm_tools: &[],
    python: &[ensure::PYTHON_REQUIREMENTS],
};

const CHALLENGE: &str = "xtask/bench/srp/challenge.json";
/// The issue's goals: at least this many times faster than amazon-cognito-identity-js ...
const GOAL_VS_ACIJ: f64 = 20.0;
/// ... and at most this many times GMP's time for the same exponentiations.
const GOAL_VS_GMP: f64 = 2.0;
/// Alternating rounds of ours and GMP's, each with a share of the proofs.
const ROUNDS: u64 = 5;

/// One implementation's run, as its JSON line says.
struct Run {
    peer: String,
    ephemeral_bits: u64,
    wall: Vec<Duration>,
    cpu: Vec<Duration>,
    /// `SRP_A` and the claim for the fixed `a` (GMP has none).
    check: Option<(String, String)>,
    /// GMP's constant-time `powmod_sec`, CPU time (empty for the others).
    constant_time_cpu: Vec<Duration>,
}

impl Run {
    fn parse(line: &str) -> Option<Self> {
        let times = |key: &str| {
            let times: Vec<Duration> = numbers(line, key)?
                .into_iter()
                .map(Duration::from_secs_f64)
                .collect();
            (!times.is_empty()).then_some(times)
        };
        Some(Self {
            peer: text(line, "peer")?,
            ephemeral_bits: numbers(line, "ephemeral_bits")?.first().copied()? as u64,
            wall: times("seconds")?,
            cpu: times("cpu_seconds")?,
            check: text(line, "srp_a").zip(text(line, "claim")),
            constant_time_cpu: times("constant_time_cpu_seconds").unwrap_or_default(),
        })
    }

    fn wall(&self) -> Stats {
        Stats::of(&mut self.wall.clone())
    }

    fn cpu(&self) -> Stats {
        Stats::of(&mut self.cpu.clone())
    }

    /// Adds another round's timings of the same implementation.
    fn absorb(&mut self, round: Run) {
        self.wall.extend(round.wall);
        self.cpu.extend(round.cpu);
        self.constant_time_cpu.extend(round.constant_time_cpu);
    }
}

/// The value of `"key":` in a compact JSON line: a number or an array of numbers.
fn numbers(line: &str, key: &str) -> Option<Vec<f64>> {
    let rest = line.split_once(&format!("\"{key}\":"))?.1;
    let list = match rest.strip_prefix('[') {
        Some(array) => &array[..array.find(']')?],
        None => &rest[..rest.find([',', '}'])?],
    };
    list.split(',')
        .filter(|item| !item.trim().is_empty())
        .map(|item| item.trim().parse().ok())
        .collect()
}

/// The string value of `"key":"..."` in a compact JSON line (values here hold no quotes).
fn text(line: &str, key: &str) -> Option<String> {
    let rest = line.split_once(&format!("\"{key}\":\""))?.1;
    Some(rest[..rest.find('"')?].to_owned())
}

fn proofs() -> u64 {
    std::env::var("GATEHOUSE_BENCH_PROOFS")
        .ok()
        .and_then(|value| value.parse().ok())
        .filter(|value| *value >= 10)
        .unwrap_or(200)
}

fn measure(mut command: Command) -> Result<Run, Failure> {
    println!("xtask: $ {}", shell::describe(&command));
    let output = command.output()?;
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .rev()
        .find_map(Run::parse)
        .filter(|_| output.status.success())
        .ok_or_else(|| Failure::new(format!("an SRP bench run failed ({})", output.status)))
}

fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1e3)
}

pub fn run(ws: &Workspace) -> Result<(), Failure> {
    NEEDS.ensure(ws)?;
    shell::run(
        shell::cargo()
            .args([
                "build",
                "--release",
                "-p",
                "gatehouse-srp",
                "--example",
                "srp_bench",
            ])
            .current_dir(&ws.root),
    )?;
    let n = proofs();
    let challenge = ws.root.join(CHALLENGE);
    let python = ws.venv().join("bin/python");
    let script = |name: &str| ws.root.join("xtask/bench/srp").join(name);
    let command = |program: &Path, args: &[&dyn AsRef<std::ffi::OsStr>]| {
        let mut command = Command::new(program);
        command.args(args).current_dir(&ws.root);
        command
    };

    let ours_command = || {
        command(
            &ws.target_dir.join("release/examples/srp_bench"),
            &[&challenge, &(n / ROUNDS).max(10).to_string()],
        )
    };
    let gmp_command = |bits: u64| {
        command(
            &python,
            &[
                &script("peers.py"),
                &"gmp",
                &challenge,
                &(n / ROUNDS).max(10).to_string(),
                &bits.to_string(),
            ],
        )
    };
    let mut ours = measure(ours_command())?;
    let mut gmp = measure(gmp_command(ours.ephemeral_bits))?;
    let mut round_ratios = vec![ours.cpu().median.as_secs_f64() / gmp.cpu().median.as_secs_f64()];
    for _ in 1..ROUNDS {
        let our_round = measure(ours_command())?;
        let gmp_round = measure(gmp_command(ours.ephemeral_bits))?;
        round_ratios
            .push(our_round.cpu().median.as_secs_f64() / gmp_round.cpu().median.as_secs_f64());
        ours.absorb(our_round);
        gmp.absorb(gmp_round);
    }
    let acij = measure(command(
        Path::new("node"),
        &[
            &script("acij.cjs"),
            &ws.interop_js(),
            &challenge,
            &(n / 10).to_string(),
        ],
    ))?;
    let pycognito = measure(command(
        &python,
        &[
            &script("peers.py"),
            &"pycognito",
            &challenge,
            &(n / 4).to_string(),
        ],
    ))?;
    for peer in [&acij, &pycognito] {
        if peer.check != ours.check || ours.check.is_none() {
            return Err(Failure::new(format!(
                "{} computes another SRP_A or claim than gatehouse-srp for the same a",
                peer.peer
            )));
        }
    }
    println!("xtask: SRP_A and claim for a fixed a agree: gatehouse-srp, amazon-cognito-identity-js, pycognito");

    println!(
        "\nxtask: results (Markdown rows for docs/benchmarks.md), {n} proofs of ours and GMP's:"
    );
    println!("| implementation | a (bits) | wall median (min–max) | CPU median | CPU / ours |");
    println!("|---|---|---|---|---|");
    let our_cpu = ours.cpu().median.as_secs_f64();
    let row = |run: &Run, label: &str| {
        let (wall, cpu) = (run.wall(), run.cpu());
        println!(
            "| {label} | {} | {} ({}–{}) | {} | {:.2}× |",
            run.ephemeral_bits,
            ms(wall.median),
            ms(wall.min),
            ms(wall.max),
            ms(cpu.median),
            cpu.median.as_secs_f64() / our_cpu,
        );
    };
    row(
        &ours,
        "gatehouse-srp (constant-time Montgomery, fixed-base comb for g)",
    );
    row(&acij, "amazon-cognito-identity-js (Node)");
    row(&pycognito, "pycognito (CPython)");
    row(&gmp, "GMP limit: our 3 exponentiations, gmpy2.powmod");
    if !gmp.constant_time_cpu.is_empty() {
        let constant_time = Stats::of(&mut gmp.constant_time_cpu.clone());
        println!(
            "| GMP, constant-time (gmpy2.powmod_sec) | {} | – | {} | {:.2}× |",
            gmp.ephemeral_bits,
            ms(constant_time.median),
            constant_time.median.as_secs_f64() / our_cpu,
        );
    }
    let verdict = |met: bool| if met { "met" } else { "NOT met" };
    let vs_acij_cpu = acij.cpu().median.as_secs_f64() / our_cpu;
    let vs_acij_wall = acij.wall().median.as_secs_f64() / ours.wall().median.as_secs_f64();
    println!(
        "\nxtask: amazon-cognito-identity-js / ours: {vs_acij_cpu:.1}× CPU, {vs_acij_wall:.1}× wall \
         (goal ≥ {GOAL_VS_ACIJ}×: {})",
        verdict(vs_acij_cpu >= GOAL_VS_ACIJ)
    );
    println!(
        "xtask: pycognito / ours: {:.1}× CPU",
        pycognito.cpu().median.as_secs_f64() / our_cpu
    );
    let rounds = round_ratios
        .iter()
        .map(|ratio| format!("{ratio:.2}×"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut sorted = round_ratios.clone();
    sorted.sort_by(f64::total_cmp);
    let vs_gmp = sorted[sorted.len() / 2];
    println!(
        "xtask: ours / GMP limit ({} ms CPU), CPU medians per round: {rounds}; median {vs_gmp:.2}× \
         (goal ≤ {GOAL_VS_GMP}×: {})",
        ms(gmp.cpu().median).trim_end_matches(" ms"),
        verdict(vs_gmp <= GOAL_VS_GMP)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_runs_json_line() {
        let line = r#"{"peer":"pycognito","ephemeral_bits":1024,"seconds":[0.3,0.1,0.2],"cpu_seconds":[0.2,0.1,0.3],"check":{"srp_a":"b1ce","claim":"gV/C+="}}"#;
        let run = Run::parse(line).expect("a whole line");
        assert_eq!(run.peer, "pycognito");
        assert_eq!(run.ephemeral_bits, 1024);
        assert_eq!(run.wall().median, Duration::from_secs_f64(0.2));
        assert_eq!(run.cpu().max, Duration::from_secs_f64(0.3));
        assert_eq!(run.check, Some(("b1ce".into(), "gV/C+=".into())));
        assert!(run.constant_time_cpu.is_empty());
        assert!(Run::parse(r#"{"peer":"gmp","seconds":[]}"#).is_none());
    }
}

//! `pool`: the local pool's throughput beside moto's server doing the same flows in the same run.
//!
//! Both servers get the same load generator (`crates/gatehouse-pool/examples/pool_load.rs`, a
//! release build like the pool): a fixed number of clients, each on its own connection, for a fixed
//! time, doing complete SRP sign-ins (two requests) or sign-ups. The pool verifies every proof and
//! stores every verifier; moto checks neither (its `SRP_B` is a random UUID). The clients share the
//! machine's cores with the server, so their CPU time is printed too, and the server's CPU time per
//! flow, which does not depend on how much of the machine the clients took.
//!
//! The time is cut into rounds, ours and moto's alternating (ours, moto, ours, moto, ...): this
//! VM's speed drifts by tens of percent over minutes, and one long run of each put that drift
//! into the ratio. `GATEHOUSE_BENCH_SECONDS` (per server and flow, default 12),
//! `GATEHOUSE_BENCH_ROUNDS` (default 3) and `GATEHOUSE_BENCH_CLIENTS` (default 8) change the load.

use std::process::Command;

use crate::{
    ensure::{self, Needs},
    interop, moto,
    shell::{self, Failure},
    temp_dir::TempDir,
    workspace::Workspace,
};

/// moto, from the test peers' virtual environment.
const NEEDS: Needs = Needs {
    apt: &[(
        "python3-venv",
        "virtual environments for the Python test peers",
    )],
    npm: &[],
    tauri_driver: false,
    npm_tools: &[],
    python: &[ensure::PYTHON_REQUIREMENTS],
};

const FLOWS: [(&str, &str); 2] = [
    ("signin", "SRP sign-ins (2 requests each)"),
    ("signup", "sign-ups"),
];
/// The goal: at least this many times moto's rate.
const GOAL_RATIO: f64 = 5.0;

/// One run of the load generator, as its output line says.
struct Measured {
    completed: u64,
    failed: u64,
    seconds: f64,
    client_cpu: f64,
    server_cpu: f64,
}

impl Measured {
    fn parse(line: &str) -> Option<Self> {
        let field = |name: &str| {
            line.split_whitespace()
                .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
        };
        let number = |name: &str| field(name)?.parse::<f64>().ok();
        Some(Self {
            completed: field("completed")?.parse().ok()?,
            failed: field("failed")?.parse().ok()?,
            seconds: number("seconds")?,
            client_cpu: number("client_cpu_s")?,
            server_cpu: number("server_cpu_s")?,
        })
    }

    /// Two runs as one: their flows, times and CPU summed.
    fn plus(self, other: Self) -> Self {
        Self {
            completed: self.completed + other.completed,
            failed: self.failed + other.failed,
            seconds: self.seconds + other.seconds,
            client_cpu: self.client_cpu + other.client_cpu,
            server_cpu: self.server_cpu + other.server_cpu,
        }
    }

    /// Completed flows per second.
    fn rate(&self) -> f64 {
        self.completed as f64 / self.seconds.max(f64::MIN_POSITIVE)
    }

    /// Server CPU milliseconds per completed flow.
    fn server_ms_per_flow(&self) -> f64 {
        self.server_cpu * 1000.0 / self.completed.max(1) as f64
    }

    /// Client CPU milliseconds per completed flow.
    fn client_ms_per_flow(&self) -> f64 {
        self.client_cpu * 1000.0 / self.completed.max(1) as f64
    }
}

/// The most flows a second this machine could complete if the server cost nothing: every core
/// busy with the load generator's own work (its SRP proofs, HTTP and JSON). When that is below
/// the goal's rate, no server can meet the goal here with this generator.
fn client_ceiling(cores: usize, client_ms_per_flow: f64) -> f64 {
    cores as f64 * 1000.0 / client_ms_per_flow
}

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .filter(|value| *value > 0)
        .unwrap_or(default)
}

pub fn run(ws: &Workspace) -> Result<(), Failure> {
    NEEDS.ensure(ws)?;
    shell::run(
        shell::cargo()
            .args(["build", "--release", "-p", "gatehouse-pool"])
            .args(["--bin", "gatehouse-pool", "--example", "pool_load"])
            .current_dir(&ws.root),
    )?;
    let seconds = setting("GATEHOUSE_BENCH_SECONDS", 12);
    let rounds = setting("GATEHOUSE_BENCH_ROUNDS", 3);
    let round_seconds = seconds.div_ceil(rounds).to_string();
    let clients = setting("GATEHOUSE_BENCH_CLIENTS", 8).to_string();
    let release = ws.target_dir.join("release");
    let generator = |endpoint: &str, flow: &str, pid: u32| -> Result<Measured, Failure> {
        let mut command = Command::new(release.join("examples/pool_load"));
        command
            .args(["--endpoint", endpoint, "--flow", flow])
            .args(["--clients", &clients, "--seconds", &round_seconds])
            .args(["--server-pid", &pid.to_string()]);
        println!("xtask: $ {}", shell::describe(&command));
        let output = command.output()?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        print!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
        let measured = stdout
            .lines()
            .find(|line| line.starts_with("pool_load "))
            .and_then(Measured::parse)
            .filter(|_| output.status.success())
            .ok_or_else(|| Failure::new(format!("pool_load failed ({})", output.status)))?;
        if measured.failed > 0 || measured.completed == 0 {
            return Err(Failure::new(format!(
                "pool_load against {endpoint}: {} of its {flow} flows failed",
                measured.failed
            )));
        }
        Ok(measured)
    };
    let moto = moto::Moto::start(ws)?;
    let mut rows = Vec::new();
    for (flow, what) in FLOWS {
        // A fresh pool for each flow, so that one flow's users do not weigh on the other's.
        let data = TempDir::new("bench-pool")?;
        let pool = interop::Pool::start_binary(&release.join("gatehouse-pool"), data.path())?;
        let mut ours = generator(&pool.endpoint, flow, pool.pid())?;
        let mut peer = generator(&moto.endpoint, flow, moto.pid())?;
        for _ in 1..rounds {
            ours = ours.plus(generator(&pool.endpoint, flow, pool.pid())?);
            peer = peer.plus(generator(&moto.endpoint, flow, moto.pid())?);
        }
        drop(pool);
        rows.push((what, ours, peer));
    }
    drop(moto);
    println!(
        "\nxtask: results (Markdown rows for docs/benchmarks.md), {clients} clients, \
         {rounds} alternated rounds of {round_seconds} s per server and flow:"
    );
    println!("| flow | gatehouse-pool | moto_server | ratio (goal ≥ {GOAL_RATIO}) | server CPU per flow, ours / moto | clients' CPU, ours / moto |");
    println!("|---|---|---|---|---|---|");
    let mut ceilings = Vec::new();
    for (what, ours, peer) in rows {
        let ratio = ours.rate() / peer.rate();
        println!(
            "| {what} | {:.0}/s | {:.0}/s | {ratio:.1}× {} | {:.1} ms / {:.1} ms | {:.1} s / {:.1} s |",
            ours.rate(),
            peer.rate(),
            if ratio >= GOAL_RATIO { "(met)" } else { "(NOT met)" },
            ours.server_ms_per_flow(),
            peer.server_ms_per_flow(),
            ours.client_cpu,
            peer.client_cpu,
        );
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let ceiling = client_ceiling(cores, ours.client_ms_per_flow());
        let goal = GOAL_RATIO * peer.rate();
        ceilings.push(format!(
            "xtask: {what}: the load generator alone spends {:.1} ms of CPU per flow; on {cores} \
             cores that caps any server at {ceiling:.0}/s ({:.1}× moto's rate); the goal needs \
             {goal:.0}/s{}",
            ours.client_ms_per_flow(),
            ceiling / peer.rate(),
            if ceiling < goal {
                ": out of reach on this machine with this generator"
            } else {
                ""
            },
        ));
    }
    println!();
    for line in ceilings {
        println!("{line}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ceiling_is_every_core_busy_with_the_generator() {
        assert_eq!(client_ceiling(2, 8.0), 250.0);
        assert_eq!(client_ceiling(1, 0.5), 2000.0);
    }

    #[test]
    fn reads_the_load_generators_line() {
        let line = "pool_load flow=signin clients=8 completed=420 failed=0 seconds=10.02 \
                    rate=41.9 client_cpu_s=6.10 server_cpu_s=8.40";
        let measured = Measured::parse(line).expect("a whole line");
        assert_eq!((measured.completed, measured.failed), (420, 0));
        assert_eq!(measured.server_ms_per_flow(), 20.0);
        let twice = measured.plus(Measured::parse(line).expect("a whole line"));
        assert_eq!(twice.completed, 840);
        assert!((twice.rate() - 420.0 / 10.02).abs() < 1e-9);
        assert_eq!(twice.server_ms_per_flow(), 20.0);
        assert!(Measured::parse("pool_load flow=signin completed=1").is_none());
    }
}

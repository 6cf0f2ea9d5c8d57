//! Gatehouse's side of `cargo xtask bench srp`: times complete client proofs (a fresh `a` from the
//! OS, `A`, then the password claim) on the fixed challenge in `xtask/bench/srp/challenge.json`,
//! and prints one JSON line in the format the peers' scripts print, with a cross-check: `SRP_A`
//! and the claim for `a` = 128 bytes of 0x01 (the peers compute the same).
//!
//! Wall time and this thread's CPU time are both printed: on a machine shared with builds, the
//! CPU time is the steadier of the two.
//!
//! Usage: `srp_bench <challenge.json> <proofs>`

use std::time::Instant;

use gatehouse_srp::{Challenge, ClientEphemeral, Identity, EPHEMERAL_BITS};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(proofs)) = (args.next(), args.next()) else {
        return Err("usage: srp_bench <challenge.json> <proofs>".into());
    };
    let proofs: usize = proofs.parse()?;
    let fixed: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let field = |name: &str| {
        fixed[name]
            .as_str()
            .ok_or(format!("challenge has no {name}"))
    };
    let pool_id = field("pool_id")?;
    let identity = Identity {
        realm: pool_id.split_once('_').ok_or("pool id has no `_`")?.1,
        user_id: field("user_id_for_srp")?,
        password: field("password")?,
    };
    let challenge = Challenge {
        salt_hex: field("salt_hex")?,
        srp_b_hex: field("srp_b_hex")?,
        secret_block_base64: field("secret_block_base64")?,
    };
    let timestamp = field("timestamp")?;

    let mut seconds = Vec::with_capacity(proofs);
    let mut cpu_seconds = Vec::with_capacity(proofs);
    for _ in 0..proofs {
        let cpu_started = thread_cpu_ns();
        let started = Instant::now();
        let ephemeral = ClientEphemeral::generate()?;
        let srp_a = ephemeral.public_hex();
        let claim = ephemeral.password_claim(&identity, &challenge, timestamp)?;
        seconds.push(started.elapsed().as_secs_f64());
        cpu_seconds.push((thread_cpu_ns() - cpu_started) as f64 / 1e9);
        // Keep the results alive so that no work can be optimised away.
        std::hint::black_box((srp_a, claim));
    }

    let check = ClientEphemeral::from_secret_bytes(&[1; 128])?;
    let check_claim = check.password_claim(&identity, &challenge, timestamp)?;
    let line = serde_json::json!({
        "peer": "gatehouse-srp",
        "ephemeral_bits": EPHEMERAL_BITS,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "check": { "srp_a": check.public_hex(), "claim": check_claim },
    });
    println!("{line}");
    Ok(())
}

/// This thread's CPU time in nanoseconds: the first field of Linux's `/proc/thread-self/schedstat`
/// (0 where there is no such file, which makes the CPU column read 0, never wrong).
/// This thread's CPU time. `/proc/thread-self/schedstat` was tried first: on this kernel it moves
/// in scheduler ticks (4 ms), coarser than one proof.
fn thread_cpu_ns() -> u64 {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    now.tv_sec as u64 * 1_000_000_000 + now.tv_nsec as u64
}

//! `gatehouse-pool --port N --data DIR [--bind ADDR]`: the local user pool as a standalone server.
//! Prints `gatehouse-pool listening on http://ADDR` once ready, then serves until Ctrl-C.
#![forbid(unsafe_code)]

use std::{net::IpAddr, path::PathBuf, process::ExitCode};

use gatehouse_pool::{start, PoolServerConfig};

const USAGE: &str = "usage: gatehouse-pool [--port N] [--data DIR] [--bind ADDR]
  --port N     TCP port (default 0: any free port)
  --data DIR   where the SQLite database lives (default ./gatehouse-pool-data)
  --bind ADDR  address to listen on (default 127.0.0.1; anything else is reachable by others)";

fn parse(args: impl Iterator<Item = String>) -> Result<PoolServerConfig, String> {
    let mut config = PoolServerConfig::new("gatehouse-pool-data");
    let mut args = args.peekable();
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--port" => {
                let port = value()?;
                config.bind.set_port(
                    port.parse()
                        .map_err(|_| format!("--port: not a port number: {port}"))?,
                );
            }
            "--data" => config.data_dir = PathBuf::from(value()?),
            "--bind" => {
                let addr = value()?;
                config.bind.set_ip(
                    addr.parse::<IpAddr>()
                        .map_err(|_| format!("--bind: not an IP address: {addr}"))?,
                );
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    Ok(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let config = match parse(std::env::args().skip(1)) {
        Ok(config) => config,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("gatehouse-pool: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let pool = match start(config).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("gatehouse-pool: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("gatehouse-pool listening on {}", pool.endpoint());
    let _ = tokio::signal::ctrl_c().await;
    pool.shutdown().await;
    ExitCode::SUCCESS
}

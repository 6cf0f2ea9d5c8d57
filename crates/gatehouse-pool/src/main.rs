//! `gatehouse-pool --port N --data DIR [--bind ADDR]`: the local user pool as a standalone server.
//! Prints `gatehouse-pool listening on http://ADDR` once ready, then serves until Ctrl-C.
//! Admin credentials come from the environment, never argv (which `ps` shows to everyone).
#![forbid(unsafe_code)]

use std::{net::IpAddr, path::PathBuf, process::ExitCode};

use gatehouse_pool::{start, AdminCredentials, PoolServerConfig};

const USAGE: &str = "usage: gatehouse-pool [--port N] [--data DIR] [--bind ADDR]
  --port N     TCP port (default 0: any free port)
  --data DIR   where the SQLite database lives (default ./gatehouse-pool-data)
  --bind ADDR  address to listen on (default 127.0.0.1; anything else is reachable by others)
environment:
  GATEHOUSE_POOL_ACCESS_KEY_ID, GATEHOUSE_POOL_SECRET_ACCESS_KEY
               both or neither. When set, pool and admin operations (CreateUserPool,
               DescribeUserPool, Admin*...) must be signed with this key (AWS SigV4, region
               us-east-1, service cognito-idp), as at AWS; sign-up, sign-in and user operations
               stay open. Unset: nothing is checked";

const KEY_ID_VAR: &str = "GATEHOUSE_POOL_ACCESS_KEY_ID";
const SECRET_VAR: &str = "GATEHOUSE_POOL_SECRET_ACCESS_KEY";

/// The admin key from two variables: both set, or neither. `var` reads one (empty means unset).
fn admin_credentials(
    var: impl Fn(&str) -> Option<String>,
) -> Result<Option<AdminCredentials>, String> {
    let read = |name: &str| var(name).filter(|value| !value.is_empty());
    match (read(KEY_ID_VAR), read(SECRET_VAR)) {
        (Some(key_id), Some(secret)) => Ok(Some(AdminCredentials::new(key_id, secret))),
        (None, None) => Ok(None),
        (Some(_), None) => Err(format!(
            "{KEY_ID_VAR} is set but {SECRET_VAR} is not: set both or neither"
        )),
        (None, Some(_)) => Err(format!(
            "{SECRET_VAR} is set but {KEY_ID_VAR} is not: set both or neither"
        )),
    }
}

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
    let config = parse(std::env::args().skip(1)).and_then(|mut config| {
        // A variable that is not UTF-8 reads as unset, and then fails the both-or-neither rule.
        config.admin_credentials = admin_credentials(|name| std::env::var(name).ok())?;
        Ok(config)
    });
    let config = match config {
        Ok(config) => config,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("gatehouse-pool: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let signed = config.admin_credentials.is_some();
    let pool = match start(config).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("gatehouse-pool: {error}");
            return ExitCode::FAILURE;
        }
    };
    if signed {
        tracing::info!("admin operations must be SigV4-signed with the configured access key");
    }
    println!("gatehouse-pool listening on {}", pool.endpoint());
    let _ = tokio::signal::ctrl_c().await;
    pool.shutdown().await;
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        |name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        }
    }

    #[test]
    fn admin_credentials_need_both_variables_or_neither() {
        assert!(admin_credentials(env(&[])).unwrap().is_none());
        let both = admin_credentials(env(&[(KEY_ID_VAR, "AKID"), (SECRET_VAR, "s3cret")]));
        assert_eq!(both.unwrap().unwrap().access_key_id, "AKID");
        for one in [[(KEY_ID_VAR, "AKID")], [(SECRET_VAR, "s3cret")]] {
            let error = admin_credentials(env(&one)).unwrap_err();
            assert!(error.contains("set both or neither"), "{error}");
            assert!(!error.contains("s3cret"));
        }
        let empty_secret = admin_credentials(env(&[(KEY_ID_VAR, "AKID"), (SECRET_VAR, "")]));
        assert!(empty_secret.is_err());
    }
}

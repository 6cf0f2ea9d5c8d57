//! `gatehouse doctor`: checks a user pool's settings for a desktop client, without opening a
//! window (no display needed: it runs in pipelines). Prints the report as a table, or JSON with
//! `--json`, and exits 0 (all good), 1 (warnings), 2 (errors), 3 (the pool could not be read) or
//! 64 (bad arguments, as sysexits' EX_USAGE).

use std::{path::PathBuf, process::ExitCode};

use gatehouse_doctor::{read_pool, Expectations, Target};

use crate::profiles::{parse, KeyringVault, Profile, ProfileStore, LOCAL};
use crate::state::KEYRING_SERVICE;

pub const USAGE: &str = "usage: gatehouse doctor [WHICH POOL] [OPTIONS]

Reads a user pool and its app client with your AWS credentials (DescribeUserPool,
DescribeUserPoolClient) and reports what matters for a desktop sign-in app.

which pool (one of):
  --profile NAME          a profile saved in the app (its forms are checked against the pool too)
  --profile-file PATH     a profile file: Gatehouse, amplify_outputs.json, amplifyconfiguration.json
                          or aws-exports.js
  --user-pool-id ID --client-id ID
                          a pool and app client, without a profile (the region is the id's prefix)
options:
  --endpoint URL          another endpoint than AWS's (a gatehouse-pool, moto)
  --aws-profile NAME      the AWS profile to use (else AWS_PROFILE, the environment, SSO...)
  --data-dir DIR          where the app keeps its profiles (for --profile)
  --json                  the report as JSON
exit status: 0 all good, 1 warnings, 2 errors, 3 the pool could not be read, 64 bad arguments";

const CANNOT_READ: u8 = 3;
const USAGE_ERROR: u8 = 64;

/// The app's identifier (tauri.conf.json): Tauri keeps app data in `<data dir>/<identifier>`.
const IDENTIFIER: &str = "dev.gatehouse.app";

#[derive(Debug, Default)]
struct Options {
    profile: Option<String>,
    profile_file: Option<PathBuf>,
    user_pool_id: Option<String>,
    client_id: Option<String>,
    endpoint: Option<String>,
    aws_profile: Option<String>,
    data_dir: Option<PathBuf>,
    json: bool,
}

/// Runs `gatehouse doctor` with the arguments after `doctor`.
pub fn run(args: &[String]) -> ExitCode {
    let options = match parse_args(args) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(problem) => {
            eprintln!("gatehouse doctor: {problem}\n\n{USAGE}");
            return ExitCode::from(USAGE_ERROR);
        }
    };
    let (target, expected) = match resolve(&options) {
        Ok(found) => found,
        Err(problem) => {
            eprintln!("gatehouse doctor: {problem}");
            return ExitCode::from(USAGE_ERROR);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("gatehouse doctor: cannot start: {error}");
            return ExitCode::from(CANNOT_READ);
        }
    };
    let credentials = super::admin_credentials(options.aws_profile.clone());
    match runtime.block_on(read_pool(&target, &credentials)) {
        Ok(facts) => {
            let report = gatehouse_doctor::diagnose(&facts, &expected);
            if options.json {
                println!("{}", report.to_json());
            } else {
                print!("{}", report.to_table());
            }
            ExitCode::from(report.exit_code())
        }
        Err(error) => {
            eprintln!(
                "gatehouse doctor: could not read {} / {}: {error}",
                target.user_pool_id, target.client_id
            );
            ExitCode::from(CANNOT_READ)
        }
    }
}

/// `Ok(None)` for `--help`.
fn parse_args(args: &[String]) -> Result<Option<Options>, String> {
    let mut options = Options::default();
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .filter(|value| !value.starts_with("--"))
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--profile" => options.profile = Some(value()?),
            "--profile-file" => options.profile_file = Some(PathBuf::from(value()?)),
            "--user-pool-id" => options.user_pool_id = Some(value()?),
            "--client-id" => options.client_id = Some(value()?),
            "--endpoint" => options.endpoint = Some(value()?),
            "--aws-profile" => options.aws_profile = Some(value()?),
            "--data-dir" => options.data_dir = Some(PathBuf::from(value()?)),
            "--json" => options.json = true,
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let chosen = [
        options.profile.is_some(),
        options.profile_file.is_some(),
        options.user_pool_id.is_some() || options.client_id.is_some(),
    ];
    match chosen.iter().filter(|chosen| **chosen).count() {
        0 => Err(
            "say which pool: --profile, --profile-file or --user-pool-id with --client-id".into(),
        ),
        1 => Ok(Some(options)),
        _ => Err("give one of --profile, --profile-file and --user-pool-id/--client-id".into()),
    }
}

/// The pool to read and what the profile (if any) declares about it.
fn resolve(options: &Options) -> Result<(Target, Expectations), String> {
    let (mut target, expected) = if let Some(name) = &options.profile {
        let profile = saved_profile(name, options.data_dir.clone())?;
        (super::target(&profile), super::expectations(&profile))
    } else if let Some(path) = &options.profile_file {
        let source = std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        let (_, profile) =
            parse(&source, None).map_err(|error| format!("{}: {error}", path.display()))?;
        (super::target(&profile), super::expectations(&profile))
    } else {
        (ids_target(options)?, Expectations::default())
    };
    if let Some(endpoint) = &options.endpoint {
        if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
            return Err(format!(
                "--endpoint is a URL (http:// or https://), not `{endpoint}`"
            ));
        }
        target.endpoint = Some(endpoint.clone());
    }
    Ok((target, expected))
}

fn ids_target(options: &Options) -> Result<Target, String> {
    let (Some(pool), Some(client)) = (&options.user_pool_id, &options.client_id) else {
        return Err("--user-pool-id and --client-id go together".into());
    };
    // Pool ids are `<region>_<id>` (eu-west-1_AbC123).
    let region = match pool.split_once('_') {
        Some((region, id)) if !region.is_empty() && !id.is_empty() => region.to_owned(),
        _ => return Err(format!("`{pool}` is not a user pool id (<region>_<id>)")),
    };
    Ok(Target {
        region,
        user_pool_id: pool.clone(),
        client_id: client.clone(),
        endpoint: None,
    })
}

fn saved_profile(name: &str, data_dir: Option<PathBuf>) -> Result<Profile, String> {
    if name == LOCAL {
        return Err(
            "the local profile's pool runs inside the app: use the app's \"Check pool settings\", \
             or run a standalone gatehouse-pool and pass --user-pool-id, --client-id and --endpoint"
                .into(),
        );
    }
    let data_dir = data_dir
        .or_else(|| std::env::var_os(crate::startup::DATA_DIR_ENV).map(PathBuf::from))
        .or_else(|| dirs::data_dir().map(|dir| dir.join(IDENTIFIER)))
        .ok_or("no data directory: pass --data-dir")?;
    let store = ProfileStore::open(&data_dir, Box::new(KeyringVault::new(KEYRING_SERVICE)));
    store
        .profile(name)
        .map_err(|error| format!("the profile `{name}` in {}: {error}", data_dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn one_pool_source_is_required() {
        assert!(parse_args(&args("--json"))
            .unwrap_err()
            .contains("say which pool"));
        let both = parse_args(&args(
            "--profile a --user-pool-id eu-west-1_A --client-id b",
        ));
        assert!(both.unwrap_err().contains("one of"));
        assert!(parse_args(&args("--help")).unwrap().is_none());
    }

    #[test]
    fn a_flag_without_its_value_is_refused() {
        assert_eq!(
            parse_args(&args("--profile --json")).unwrap_err(),
            "--profile needs a value"
        );
        assert!(parse_args(&args("--colour"))
            .unwrap_err()
            .contains("`--colour`"));
    }

    #[test]
    fn ids_give_the_region_from_the_pool_id() {
        let options = parse_args(&args("--user-pool-id eu-west-1_AbC --client-id xyz"))
            .unwrap()
            .unwrap();
        let (target, expected) = resolve(&options).unwrap();
        assert_eq!(target.region, "eu-west-1");
        assert_eq!(target.client_id, "xyz");
        assert!(expected.username_attributes.is_none());
        let bad = parse_args(&args("--user-pool-id nounderscore --client-id xyz"))
            .unwrap()
            .unwrap();
        assert!(resolve(&bad).unwrap_err().contains("not a user pool id"));
        let lone = parse_args(&args("--client-id xyz")).unwrap().unwrap();
        assert!(resolve(&lone).unwrap_err().contains("go together"));
    }

    #[test]
    fn an_endpoint_must_be_a_url() {
        let options = parse_args(&args(
            "--user-pool-id us-east-1_A --client-id b --endpoint localhost:9229",
        ))
        .unwrap()
        .unwrap();
        assert!(resolve(&options)
            .unwrap_err()
            .contains("--endpoint is a URL"));
    }

    #[test]
    fn the_local_profile_points_elsewhere() {
        let options = parse_args(&args("--profile local")).unwrap().unwrap();
        assert!(resolve(&options).unwrap_err().contains("inside the app"));
    }
}

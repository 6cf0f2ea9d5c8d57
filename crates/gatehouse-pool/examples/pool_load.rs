//! `pool_load`: the load generator of `cargo xtask bench pool` (see xtask/src/bench/pool.rs).
//!
//! Against any Cognito-compatible endpoint (the `gatehouse-pool` binary, or moto's server) it
//! creates a pool and a public client, then for `--seconds` keeps `--clients` clients busy, each
//! on its own thread with its own keep-alive connection, doing one flow after another:
//! - `signin`: a complete SRP sign-in, `InitiateAuth` (`USER_SRP_AUTH`) then
//!   `RespondToAuthChallenge` (`PASSWORD_VERIFIER`), by one user per client, signed up and
//!   confirmed (`AdminConfirmSignUp`) before the clock starts; a flow counts when tokens come back;
//! - `signup`: `SignUp` of a new username with an email (the pool then mails a code).
//!
//! The clients' SRP work (A, then the proof from B) shares the machine with the server, so their
//! CPU time is printed beside the server's (`--server-pid`, read from /proc) for the reader to
//! judge. Output: one line `pool_load key=value ...`, read by the bench.

use std::{
    sync::{
        atomic::{AtomicUsize, Ordering},
        Barrier,
    },
    time::{Duration, Instant},
};

use base64::{engine::general_purpose::STANDARD as BASE64, Engine};
use gatehouse_srp::{Challenge, ClientEphemeral, Identity};
use serde_json::{json, Value};

const PASSWORD: &str = "Correct-h0rse";
/// Linux reports process CPU time in clock ticks of 1/100 s (`USER_HZ`) on every architecture.
const TICKS_PER_SECOND: f64 = 100.0;

struct Options {
    endpoint: String,
    flow: String,
    clients: usize,
    seconds: u64,
    server_pid: Option<u32>,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        endpoint: String::new(),
        flow: "signin".into(),
        clients: 8,
        seconds: 10,
        server_pid: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = |value: &str| {
            value
                .parse::<u64>()
                .map_err(|_| format!("{flag}: not a number: {value}"))
        };
        match flag.as_str() {
            "--endpoint" => options.endpoint = value,
            "--flow" if value == "signin" || value == "signup" => options.flow = value,
            "--clients" => options.clients = number(&value)?.max(1) as usize,
            "--seconds" => options.seconds = number(&value)?.max(1),
            "--server-pid" => options.server_pid = Some(number(&value)? as u32),
            _ => return Err(format!("unknown argument or value: {flag} {value}")),
        }
    }
    if options.endpoint.is_empty() {
        return Err("--endpoint is required".into());
    }
    Ok(options)
}

/// One client's connection to the endpoint.
struct Client {
    http: reqwest::blocking::Client,
    endpoint: String,
}

impl Client {
    fn call(&self, operation: &str, body: &Value) -> Result<Value, String> {
        let response = self
            .http
            .post(&self.endpoint)
            .header(
                "X-Amz-Target",
                format!("AWSCognitoIdentityProviderService.{operation}"),
            )
            .header("Content-Type", "application/x-amz-json-1.1")
            .body(body.to_string())
            .send()
            .map_err(|error| format!("{operation}: {error}"))?;
        let success = response.status().is_success();
        let text = response
            .text()
            .map_err(|error| format!("{operation}: {error}"))?;
        // moto answers some operations (AdminConfirmSignUp) with an empty body.
        let body: Value = if text.is_empty() {
            json!({})
        } else {
            serde_json::from_str(&text).map_err(|error| format!("{operation}: {error}"))?
        };
        if success {
            Ok(body)
        } else {
            Err(format!(
                "{operation}: {} {}",
                body["__type"], body["message"]
            ))
        }
    }

    fn sign_up(&self, client_id: &str, username: &str) -> Result<Value, String> {
        self.call(
            "SignUp",
            &json!({"ClientId": client_id, "Username": username,
            "Password": PASSWORD,
            "UserAttributes": [{"Name": "email", "Value": format!("{username}@example.com")}]}),
        )
    }

    /// A complete SRP sign-in; succeeds only when the answer carries an access token.
    fn sign_in(&self, pool_id: &str, client_id: &str, username: &str) -> Result<(), String> {
        let ephemeral = ClientEphemeral::generate().map_err(|error| error.to_string())?;
        let challenge = self.call(
            "InitiateAuth",
            &json!({"AuthFlow": "USER_SRP_AUTH",
            "ClientId": client_id,
            "AuthParameters": {"USERNAME": username, "SRP_A": ephemeral.public_hex()}}),
        )?;
        let parameters = &challenge["ChallengeParameters"];
        let text = |name: &str| parameters[name].as_str().unwrap_or_default().to_owned();
        // moto's SECRET_BLOCK is its session id, not base64: the proof is then computed over its
        // base64 form, the same work, and moto (which checks no proof) gets the block it sent.
        let block = text("SECRET_BLOCK");
        let proof_block = match BASE64.decode(&block) {
            Ok(_) => block.clone(),
            Err(_) => BASE64.encode(&block),
        };
        // moto's SRP_B and SALT are UUIDs: without their dashes they are hex, and the proof's
        // exponentiations cost the same for any B (they run in constant time).
        let hex = |name: &str| text(name).replace('-', "");
        let (salt_hex, srp_b_hex) = (hex("SALT"), hex("SRP_B"));
        let user_id = text("USER_ID_FOR_SRP");
        let timestamp = chrono::Utc::now()
            .format("%a %b %-d %H:%M:%S UTC %Y")
            .to_string();
        let claim = ephemeral
            .password_claim(
                &Identity {
                    realm: pool_id.split_once('_').map_or(pool_id, |(_, name)| name),
                    user_id: &user_id,
                    password: PASSWORD,
                },
                &Challenge {
                    salt_hex: &salt_hex,
                    srp_b_hex: &srp_b_hex,
                    secret_block_base64: &proof_block,
                },
                &timestamp,
            )
            .map_err(|error| format!("the challenge is not usable: {error}"))?;
        // USERNAME as the challenge names the user: moto looks users up by it, and its
        // USER_ID_FOR_SRP is not a username.
        let answer = self.call(
            "RespondToAuthChallenge",
            &json!({
            "ChallengeName": "PASSWORD_VERIFIER", "ClientId": client_id,
            "Session": challenge["Session"],
            "ChallengeResponses": {"USERNAME": text("USERNAME"),
                "PASSWORD_CLAIM_SECRET_BLOCK": block,
                "PASSWORD_CLAIM_SIGNATURE": claim,
                "TIMESTAMP": timestamp}}),
        )?;
        match answer["AuthenticationResult"]["AccessToken"].as_str() {
            Some(_) => Ok(()),
            None => Err(format!("no tokens: {answer}")),
        }
    }
}

fn client(endpoint: &str) -> Result<Client, String> {
    let http = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|error| error.to_string())?;
    Ok(Client {
        http,
        endpoint: endpoint.to_owned(),
    })
}

/// A pool that emails codes and a public client with SRP: `(pool_id, client_id)`.
fn pool_and_client(client: &Client) -> Result<(String, String), String> {
    let pool = client.call(
        "CreateUserPool",
        &json!({"PoolName": "bench", "AutoVerifiedAttributes": ["email"]}),
    )?;
    let pool_id = pool["UserPool"]["Id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let app = client.call("CreateUserPoolClient", &json!({"UserPoolId": pool_id,
        "ClientName": "bench", "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}))?;
    let client_id = app["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap_or_default();
    Ok((pool_id, client_id.to_owned()))
}

/// User and system CPU time of process `pid` so far, in seconds.
fn cpu_seconds(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces: state is the
    // first, utime and stime the 12th and 13th (fields 14 and 15 of proc(5)).
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / TICKS_PER_SECOND)
}

fn run(options: &Options) -> Result<(), String> {
    let setup = client(&options.endpoint)?;
    let (pool_id, client_id) = pool_and_client(&setup)?;
    let run_id = std::process::id();
    let users: Vec<String> = (0..options.clients)
        .map(|index| format!("bench-{run_id}-{index}"))
        .collect();
    if options.flow == "signin" {
        for username in &users {
            setup.sign_up(&client_id, username)?;
            setup.call(
                "AdminConfirmSignUp",
                &json!({"UserPoolId": pool_id, "Username": username}),
            )?;
        }
    }
    let (completed, failed) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let first_failure = std::sync::Mutex::new(None::<String>);
    let start = Barrier::new(options.clients + 1);
    let window = Duration::from_secs(options.seconds);
    let server = options.server_pid.map(|pid| pid.to_string());
    let (mut server_before, mut began) = (None, Instant::now());
    let self_before = cpu_seconds("self");
    std::thread::scope(|scope| -> Result<(), String> {
        for (index, username) in users.iter().enumerate() {
            let connection = client(&options.endpoint)?;
            let (pool_id, client_id) = (&pool_id, &client_id);
            let (completed, failed, first_failure, start) =
                (&completed, &failed, &first_failure, &start);
            scope.spawn(move || {
                start.wait();
                let began = Instant::now();
                let mut round = 0;
                while began.elapsed() < window {
                    let flow = if options.flow == "signin" {
                        connection.sign_in(pool_id, client_id, username)
                    } else {
                        let new_user = format!("new-{run_id}-{index}-{round}");
                        connection.sign_up(client_id, &new_user).map(|_| ())
                    };
                    round += 1;
                    match flow {
                        Ok(()) => completed.fetch_add(1, Ordering::Relaxed),
                        Err(error) => {
                            let mut first = first_failure.lock().unwrap_or_else(|p| p.into_inner());
                            first.get_or_insert(error);
                            failed.fetch_add(1, Ordering::Relaxed)
                        }
                    };
                }
            });
        }
        server_before = server.as_deref().and_then(cpu_seconds);
        began = Instant::now();
        start.wait();
        Ok(())
    })?;
    let elapsed = began.elapsed().as_secs_f64();
    let server_cpu = match (server_before, server.as_deref().and_then(cpu_seconds)) {
        (Some(before), Some(after)) => after - before,
        _ => f64::NAN,
    };
    let client_cpu = match (self_before, cpu_seconds("self")) {
        (Some(before), Some(after)) => after - before,
        _ => f64::NAN,
    };
    let completed = completed.into_inner();
    println!(
        "pool_load flow={} clients={} completed={completed} failed={} seconds={elapsed:.2} \
         rate={:.1} client_cpu_s={client_cpu:.2} server_cpu_s={server_cpu:.2}",
        options.flow,
        options.clients,
        failed.into_inner(),
        completed as f64 / elapsed,
    );
    if let Some(error) = first_failure
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
    {
        eprintln!("pool_load: first failure: {error}");
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    match options().and_then(|options| run(&options)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pool_load: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

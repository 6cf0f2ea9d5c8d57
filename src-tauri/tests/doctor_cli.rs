//! `gatehouse doctor` as an admin runs it: the real binary, a local pool on loopback that checks
//! SigV4 signatures with an admin key pair, the key pair given through the environment (aws-config's
//! chain, as at AWS). Exit codes 0/1/2 follow the worst finding, 3 when the pool cannot be read, 64
//! for bad arguments; `--json` is machine-readable; `--profile` compares what a saved profile
//! declares with the pool.

use std::process::{Command, Output};

use gatehouse_pool::{AdminCredentials, PoolServerConfig, RunningPool};
use serde_json::{json, Value};

const KEY_ID: &str = "AKIDGATEHOUSEDOCTOR";
const SECRET_KEY: &str = "doctor-test-secret-access-key";

struct Pool {
    running: RunningPool,
    _dir: tempfile::TempDir,
}

impl Pool {
    async fn start() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let running = gatehouse_pool::start(PoolServerConfig {
            admin_credentials: Some(AdminCredentials::new(KEY_ID, SECRET_KEY)),
            ..PoolServerConfig::new(dir.path())
        })
        .await
        .expect("the pool starts on loopback");
        Self { running, _dir: dir }
    }

    fn call(&self, operation: &str, request: Value) -> Value {
        self.running
            .call(operation, &request)
            .unwrap_or_else(|error| panic!("{operation} succeeds: {error:?}"))
    }

    /// A pool set up as a desktop client wants it; `pool` and `client` settings override.
    fn create(&self, pool: Value, client: Value) -> (String, String) {
        let mut settings = json!({
            "PoolName": "doctor-good",
            "UsernameAttributes": ["email"],
            "AutoVerifiedAttributes": ["email"],
            "DeletionProtection": "ACTIVE",
            "Policies": {"PasswordPolicy": {"MinimumLength": 12, "RequireUppercase": true,
                "RequireLowercase": true, "RequireNumbers": true, "RequireSymbols": true}},
            "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": true,
                "DeviceOnlyRememberedOnUserPrompt": true},
        });
        merge(&mut settings, pool);
        let id = self.call("CreateUserPool", settings)["UserPool"]["Id"]
            .as_str()
            .expect("a pool id")
            .to_owned();
        self.call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": id, "MfaConfiguration": "OPTIONAL",
                   "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
        );
        let mut client_settings = json!({
            "UserPoolId": id, "ClientName": "desktop",
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "PreventUserExistenceErrors": "ENABLED", "EnableTokenRevocation": true,
        });
        merge(&mut client_settings, client);
        let client_id = self.call("CreateUserPoolClient", client_settings)["UserPoolClient"]
            ["ClientId"]
            .as_str()
            .expect("a client id")
            .to_owned();
        (id, client_id)
    }

    /// `gatehouse doctor ARGS` against this pool with `key`/`secret` in the environment.
    fn doctor_as(&self, key: &str, secret: &str, args: &[&str]) -> Output {
        let home = tempfile::tempdir().expect("a temporary HOME");
        Command::new(env!("CARGO_BIN_EXE_gatehouse"))
            .arg("doctor")
            .args(args)
            .args(["--endpoint", &self.running.endpoint()])
            .env_clear()
            .env("HOME", home.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("AWS_ACCESS_KEY_ID", key)
            .env("AWS_SECRET_ACCESS_KEY", secret)
            // No instance-metadata lookups from a test.
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .output()
            .expect("the gatehouse binary runs")
    }

    fn doctor(&self, args: &[&str]) -> Output {
        self.doctor_as(KEY_ID, SECRET_KEY, args)
    }
}

fn merge(base: &mut Value, extra: Value) {
    if let (Some(base), Value::Object(extra)) = (base.as_object_mut(), extra) {
        base.extend(extra);
    }
}

fn ids<'a>(pool: &'a str, client: &'a str) -> [&'a str; 4] {
    ["--user-pool-id", pool, "--client-id", client]
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json_report(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("--json prints JSON ({error}): {}", stdout(output)))
}

fn severity_of(report: &Value, check: &str) -> String {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|finding| finding["check"] == check)
        .unwrap_or_else(|| panic!("a finding for {check}: {report}"))["severity"]
        .as_str()
        .expect("a severity")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_set_up_for_desktops_passes_with_exit_code_0() {
    let pool = Pool::start().await;
    let (pool_id, client_id) = pool.create(json!({}), json!({}));
    let output = pool.doctor(&ids(&pool_id, &client_id));
    let table = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{table}{}", stderr(&output));
    assert!(
        table.contains("doctor-good"),
        "the table names the pool: {table}"
    );
    assert!(
        table.contains("email-uniqueness") || table.to_lowercase().contains("email uniqueness"),
        "{table}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn warnings_exit_1_and_errors_exit_2() {
    let pool = Pool::start().await;
    // Legacy existence errors: a warning, nothing fails.
    let (pool_id, client_id) =
        pool.create(json!({}), json!({"PreventUserExistenceErrors": "LEGACY"}));
    let output = pool.doctor(&[&ids(&pool_id, &client_id)[..], &["--json"]].concat());
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    assert_eq!(
        severity_of(&json_report(&output), "user-existence-errors"),
        "warning"
    );

    // No SRP flow: the app cannot sign anyone in.
    let (pool_id, client_id) = pool.create(
        json!({}),
        json!({"ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
    );
    let output = pool.doctor(&[&ids(&pool_id, &client_id)[..], &["--json"]].concat());
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    let report = json_report(&output);
    assert_eq!(severity_of(&report, "auth-flows"), "error");
    assert_eq!(report["userPoolId"], pool_id.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_secret_is_flagged_and_never_printed() {
    let pool = Pool::start().await;
    let (pool_id, client_id) = pool.create(json!({}), json!({"GenerateSecret": true}));
    let described = pool.call(
        "DescribeUserPoolClient",
        json!({"UserPoolId": pool_id, "ClientId": client_id}),
    );
    let secret = described["UserPoolClient"]["ClientSecret"]
        .as_str()
        .expect("the pool generated a secret")
        .to_owned();
    for format in [&[][..], &["--json"][..]] {
        let output = pool.doctor(&[&ids(&pool_id, &client_id)[..], format].concat());
        let printed = format!("{}{}", stdout(&output), stderr(&output));
        assert!(printed.to_lowercase().contains("secret"), "{printed}");
        assert!(!printed.contains(&secret), "the secret is not printed");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_credentials_exit_3_with_a_clear_reason_and_no_secret() {
    let pool = Pool::start().await;
    let (pool_id, client_id) = pool.create(json!({}), json!({}));
    let wrong_secret = "not-the-admin-secret-access-key";
    let output = pool.doctor_as(KEY_ID, wrong_secret, &ids(&pool_id, &client_id));
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{message}");
    assert!(message.contains("refused the credentials"), "{message}");
    assert!(!message.contains(wrong_secret) && !message.contains(SECRET_KEY));
    assert!(stdout(&output).is_empty(), "no report without the pool");

    let output = pool.doctor(&ids(&pool_id, "nosuchclient"));
    assert_eq!(output.status.code(), Some(3));
    assert!(
        stderr(&output).contains("nosuchclient"),
        "{}",
        stderr(&output)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_arguments_exit_64_with_the_usage() {
    let pool = Pool::start().await;
    for args in [
        &["--json"][..],
        &["--user-pool-id", "nounderscore", "--client-id", "c"][..],
        &["--colour"][..],
    ] {
        let output = pool.doctor(args);
        assert_eq!(
            output.status.code(),
            Some(64),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).starts_with("gatehouse doctor: "),
            "{}",
            stderr(&output)
        );
    }
    let help = pool.doctor(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("exit status"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_profile_is_compared_with_its_pool() {
    let pool = Pool::start().await;
    let (pool_id, client_id) = pool.create(json!({}), json!({}));
    let data = tempfile::tempdir().expect("a data directory");
    // The profile says usernames and an 8-character policy; the pool signs in by email with 12.
    let profiles = json!({"profiles": [{"name": "acme", "region": "us-east-1",
        "userPoolId": pool_id, "clientId": client_id,
        "passwordPolicy": {"minimumLength": 8, "requireUppercase": true, "requireLowercase": true,
                           "requireNumbers": true, "requireSymbols": true}}]});
    std::fs::write(data.path().join("profiles.json"), profiles.to_string())
        .expect("profiles.json is written");
    let data_dir = data.path().to_str().expect("a UTF-8 path");
    let output = pool.doctor(&["--profile", "acme", "--data-dir", data_dir, "--json"]);
    let report = json_report(&output);
    assert_eq!(
        severity_of(&report, "profile-password-policy"),
        "warning",
        "{report}"
    );
    assert_eq!(
        severity_of(&report, "profile-username-attributes"),
        "error",
        "{report}"
    );
    assert_eq!(output.status.code(), Some(2));

    let output = pool.doctor(&["--profile", "nobody", "--data-dir", data_dir]);
    assert_eq!(output.status.code(), Some(64));
    assert!(stderr(&output).contains("nobody"), "{}", stderr(&output));
}

//! `Credentials::Chain` against the local pool checking signatures: aws-config's default chain
//! finds keys in the environment or in a named profile of the shared credentials file, and an
//! empty chain is `NoCredentials`. The chain reads process-wide environment variables, so this
//! binary holds one test that sets them step by step.

use gatehouse_doctor::{read_pool, Credentials, DoctorError, Target};
use gatehouse_pool::{start, AdminCredentials, PoolServerConfig};
use serde_json::json;

const KEY_ID: &str = "AKIDCHAINEXAMPLE";
const SECRET_KEY: &str = "chain/secret+access/key";

/// Every variable through which the default chain could find credentials elsewhere.
const CHAIN_VARIABLES: [&str; 9] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
];

#[tokio::test]
async fn the_default_chain_finds_environment_keys_and_named_profiles_or_says_there_are_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = PoolServerConfig::new(dir.path());
    config.admin_credentials = Some(AdminCredentials::new(KEY_ID, SECRET_KEY));
    let pool = start(config).await.expect("the pool starts");
    let created = pool
        .call("CreateUserPool", &json!({"PoolName": "chain"}))
        .unwrap();
    let pool_id = created["UserPool"]["Id"].as_str().unwrap().to_owned();
    let client = pool
        .call(
            "CreateUserPoolClient",
            &json!({"UserPoolId": pool_id, "ClientName": "desktop"}),
        )
        .unwrap();
    let target = Target {
        region: "us-east-1".into(),
        user_pool_id: pool_id,
        client_id: client["UserPoolClient"]["ClientId"]
            .as_str()
            .unwrap()
            .into(),
        endpoint: Some(pool.endpoint()),
    };

    // Nothing anywhere: no variables, no files, no instance metadata.
    for name in CHAIN_VARIABLES {
        std::env::remove_var(name);
    }
    let credentials_file = dir.path().join("credentials");
    std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", &credentials_file);
    std::env::set_var("AWS_CONFIG_FILE", dir.path().join("config"));
    std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
    let chain = Credentials::Chain { profile: None };
    let answer = read_pool(&target, &chain).await;
    assert!(
        matches!(answer, Err(DoctorError::NoCredentials)),
        "{answer:?}"
    );

    // A named profile in the shared credentials file.
    std::fs::write(
        &credentials_file,
        format!("[admin]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET_KEY}\n"),
    )
    .unwrap();
    let profile = Credentials::Chain {
        profile: Some("admin".into()),
    };
    let facts = read_pool(&target, &profile)
        .await
        .expect("the profile's keys");
    assert_eq!(facts.client.name, "desktop");

    // Keys in the environment.
    std::fs::remove_file(&credentials_file).unwrap();
    std::env::set_var("AWS_ACCESS_KEY_ID", KEY_ID);
    std::env::set_var("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    let facts = read_pool(&target, &chain)
        .await
        .expect("the environment's keys");
    assert_eq!(facts.pool.name, "chain");

    // Keys the pool does not know are told apart from no keys.
    std::env::set_var("AWS_SECRET_ACCESS_KEY", "wrong");
    let answer = read_pool(&target, &chain).await;
    assert!(
        matches!(answer, Err(DoctorError::InvalidCredentials)),
        "{answer:?}"
    );
}

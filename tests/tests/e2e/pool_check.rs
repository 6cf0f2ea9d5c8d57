//! Checking a pool's settings from the app (issue 5): an admin opens "Check pool settings" on a
//! profile whose pool is set up the way the Amplify guide warns about (email as an alias beside
//! usernames, so SignUp can take an email already in use), verifies nothing on sign-up, and has an
//! app client with a secret that allows USER_PASSWORD_AUTH. The panel reads the pool with the AWS credentials the app was started
//! with (`cargo xtask test e2e` gives tauri-driver, hence the app, a key pair; this test's pool does
//! not check signatures: the pool's own tests and `gatehouse doctor`'s do) and shows each problem
//! with what to change. The client secret appears nowhere. On the local profile the embedded pool is
//! checked the same way.

use crate::test_pool::TestPool;
use gatehouse_tests::leaks::{self, Secret};
use serde_json::json;

use crate::{app::AppSession, run::Run, signed_out_start};

/// The severity the panel shows for `check`.
async fn severity(app: &AppSession<'_>, check: &str) -> String {
    let row = format!("[data-finding=\"{check}\"]");
    assert!(app.shows(&row).await, "the panel reports {check}");
    app.attribute(&row, "data-severity").await
}

// The pool serves from this test's runtime while the app talks to it: give it its own worker.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_checks_a_pool_and_sees_what_to_change() {
    let run = Run::from_env();
    let TestPool {
        dir: _pool_files,
        running,
        admin,
    } = TestPool::start().await;
    let created = admin
        .expect(
            "CreateUserPool",
            // No auto-verified attribute either: people who sign up can never confirm.
            json!({"PoolName": "aliased", "AliasAttributes": ["email"]}),
        )
        .await;
    let pool_id = created["UserPool"]["Id"].as_str().expect("a pool id");
    let client = admin
        .expect(
            "CreateUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientName": "aliased-desktop", "GenerateSecret": true,
                   "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH",
                                         "ALLOW_REFRESH_TOKEN_AUTH"]}),
        )
        .await;
    let client_id = client["UserPoolClient"]["ClientId"]
        .as_str()
        .expect("a client id");
    let secret = client["UserPoolClient"]["ClientSecret"]
        .as_str()
        .expect("a generated secret");

    let app = signed_out_start(&run).await;
    let profile = json!({"name": "aliased", "region": "us-east-1", "userPoolId": pool_id,
                         "clientId": client_id, "endpoint": admin.endpoint()});
    app.click("add-profile").await;
    app.fill("profileName", "aliased").await;
    app.fill("profileSource", &profile.to_string()).await;
    app.fill("clientSecret", secret).await;
    app.click("import-profile").await;
    app.switch_profile("aliased").await;
    app.wait_for_screen("signIn").await;

    app.click("check-pool").await;
    let summary = app
        .wait_for_text("[data-pool-check-summary]", "error")
        .await;
    assert!(
        summary.contains("aliased"),
        "the summary names the pool: {summary}"
    );
    assert_eq!(severity(&app, "self-sign-up-verification").await, "error");
    assert_eq!(severity(&app, "email-uniqueness").await, "warning");
    assert_eq!(severity(&app, "client-secret").await, "warning");
    assert_eq!(severity(&app, "auth-flows").await, "warning");
    let uniqueness = app.text("[data-finding=\"email-uniqueness\"]").await;
    assert!(
        uniqueness.contains("UsernameAttributes") || uniqueness.contains("PreSignUp"),
        "the finding says what to change: {uniqueness}"
    );
    let panel = app.text("[data-panel=\"pool-check\"]").await;
    assert!(!panel.contains(secret), "the client secret is not shown");
    app.screenshot("pool-check-findings").await;

    // Fixing the pool and checking again clears the finding.
    admin
        .expect(
            "UpdateUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientId": client_id,
                   "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
        )
        .await;
    app.click("check-again").await;
    app.wait_for_text("[data-pool-check-summary]", "aliased")
        .await;
    assert_eq!(severity(&app, "auth-flows").await, "ok");

    // The local profile's embedded pool is checked the same way.
    app.click("close-pool-check").await;
    app.switch_profile("local").await;
    app.wait_for_any_screen(&["signIn", "signedIn"]).await;
    app.click("check-pool").await;
    app.wait_for_text("[data-pool-check-summary]", "gatehouse-local")
        .await;
    assert_eq!(severity(&app, "auth-flows").await, "ok");
    // The embedded pool is set up as a desktop client wants it: nothing worse than a note.
    // Its forms are read from the pool itself, so they match it (the profile checks pass).
    for check in [
        "mfa",
        "email-uniqueness",
        "self-sign-up-verification",
        "user-existence-errors",
        "schema-attributes",
        "profile-username-attributes",
        "profile-password-policy",
        "profile-mfa",
    ] {
        assert_eq!(
            severity(&app, check).await,
            "ok",
            "{check} on the local pool"
        );
    }
    app.screenshot("pool-check-local").await;
    // Journeys share the keyring: removing the profile takes its client secret with it.
    app.click("close-pool-check").await;
    crate::profiles::remove(&app, "aliased").await;
    assert_eq!(crate::profiles::keyring_entries("client-secret/aliased"), 0);
    app.close().await;
    running.shutdown().await;

    let secrets = [Secret::new("client secret", secret)];
    let log = std::fs::read_to_string(&run.app_log).expect("the app's log was captured");
    let audit = std::fs::read_to_string(&run.ipc_audit).expect("the IPC audit was written");
    let mut found = leaks::in_lines(&secrets, &log, "the app log");
    found.extend(leaks::in_text(&secrets, &audit, "the IPC audit"));
    let report: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(
        report.is_empty(),
        "the client secret leaked:\n{}",
        report.join("\n")
    );
}

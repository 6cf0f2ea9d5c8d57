//! Profiles (issue 4): a user imports pools into the app, switches between them from the profile
//! bar, and each keeps its own session. An `amplify_outputs.json` with a field missing is refused
//! with that field's name; a good one (a real pool's file, not reachable here) shapes the sign-up
//! form with its password policy; a Gatehouse profile names a confidential app client on a pool
//! this test runs, its secret typed into the form, kept in the keyring, and every call signed with
//! `SECRET_HASH` (the pool refuses calls without it). Relaunching reopens the last profile.

use crate::test_pool::TestPool;
use gatehouse_tests::{
    keyring,
    leaks::{self, Secret},
};
use serde_json::json;

use crate::{
    app::AppSession, run::Run, sign_in_fully, sign_out, signed_out_start, NewUser, KEYRING_SERVICE,
};

/// `amplify_outputs.json` as `npx ampx sandbox` writes it (Amplify Gen 2), for a pool whose policy
/// differs from Cognito's default: ten characters, no symbol needed.
fn amplify_outputs() -> serde_json::Value {
    json!({
        "auth": {
            "user_pool_id": "eu-west-1_Xy7AbCdEf",
            "aws_region": "eu-west-1",
            "user_pool_client_id": "3brafu5quo3m63fsghm2sb10f7",
            "identity_pool_id": "eu-west-1:e9654dd4-eb29-46b0-9cf2-8beae5bfa80e",
            "mfa_methods": ["TOTP"],
            "standard_required_attributes": ["email"],
            "username_attributes": ["email"],
            "user_verification_types": ["email"],
            "groups": [],
            "mfa_configuration": "OPTIONAL",
            "password_policy": {"min_length": 10, "require_lowercase": true,
                "require_numbers": true, "require_symbols": false, "require_uppercase": true},
            "unauthenticated_identities_enabled": true
        },
        "version": "1.3"
    })
}

/// Keyring entries whose key starts with `prefix`.
pub(crate) fn keyring_entries(prefix: &str) -> usize {
    keyring::items(KEYRING_SERVICE)
        .expect("secret-tool reads the keyring")
        .iter()
        .filter(|item| {
            item.attributes
                .get("username")
                .is_some_and(|key| key.starts_with(prefix))
        })
        .count()
}

async fn import(app: &AppSession<'_>, name: &str, source: &str, secret: Option<&str>) {
    app.click("add-profile").await;
    app.fill("profileName", name).await;
    app.fill("profileSource", source).await;
    if let Some(secret) = secret {
        app.fill("clientSecret", secret).await;
    }
    app.click("import-profile").await;
}

// The pool serves from this test's runtime while the app talks to it: give it its own worker.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pools_are_imported_switched_between_and_keep_their_own_sessions() {
    let run = Run::from_env();
    let TestPool {
        dir: _pool_files,
        running,
        admin,
    } = TestPool::start().await;
    let pool = admin.create_pool_and_client("acme").await;
    let confidential = admin
        .expect(
            "CreateUserPoolClient",
            json!({
                "UserPoolId": pool.user_pool_id,
                "ClientName": "acme-confidential",
                "GenerateSecret": true,
                "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                "EnableTokenRevocation": true,
            }),
        )
        .await;
    let client_id = confidential["UserPoolClient"]["ClientId"]
        .as_str()
        .expect("the client's id");
    let secret = confidential["UserPoolClient"]["ClientSecret"]
        .as_str()
        .expect("a generated secret");
    let user = NewUser::new("prof");
    admin
        .confirmed_user(
            &pool,
            &user.username,
            &user.password,
            &[("email", &user.email)],
        )
        .await;

    let app = signed_out_start(&run).await;
    assert_eq!(app.selected("profile").await, "local");

    // A file missing a field is refused with the field's name, and nothing is added.
    let mut broken = amplify_outputs();
    broken["auth"]
        .as_object_mut()
        .expect("auth is an object")
        .remove("user_pool_client_id");
    import(&app, "broken", &broken.to_string(), None).await;
    let error = app.error_for("profile").await;
    assert!(
        error.contains("auth.user_pool_client_id"),
        "the error names the field: {error}"
    );
    app.screenshot("import-profile-missing-field").await;
    app.click("cancel-import").await;
    assert!(
        !app.shows("select[name=\"profile\"] option[value=\"broken\"]")
            .await
    );

    // A good amplify_outputs.json: the sign-up form follows its password policy.
    import(&app, "sandbox", &amplify_outputs().to_string(), None).await;
    app.switch_profile("sandbox").await;
    app.wait_for_screen("signIn").await;
    app.click("show-sign-up").await;
    app.wait_for_screen("signUp").await;
    let rules: Vec<String> = app
        .policy_checklist()
        .await
        .into_iter()
        .map(|(rule, _)| rule)
        .collect();
    assert!(
        rules.iter().any(|rule| rule == "length") && !rules.iter().any(|rule| rule == "symbols"),
        "the imported policy asks for no symbol: {rules:?}"
    );
    app.screenshot("sign-up-on-imported-amplify-profile").await;
    app.click("show-sign-in").await;

    // A confidential client: the secret goes to the keyring, sign-in signs every call with it.
    let profile = json!({
        "name": "acme", "region": pool.region, "userPoolId": pool.user_pool_id,
        "clientId": client_id, "endpoint": admin.endpoint(),
    });
    import(&app, "acme", &profile.to_string(), Some(secret)).await;
    assert_eq!(
        keyring_entries("client-secret/acme"),
        1,
        "the secret is in the keyring"
    );
    assert_eq!(
        app.selected("profile").await,
        "sandbox",
        "the bar still shows the profile in use after an import"
    );
    app.switch_profile("acme").await;
    app.wait_for_screen("signIn").await;
    sign_in_fully(&app, &user).await;
    app.screenshot("signed-in-with-confidential-client").await;

    // Each profile has its own session: local is signed out, acme still signed in.
    app.switch_profile("local").await;
    app.wait_for_screen("signIn").await;
    app.switch_profile("acme").await;
    app.wait_for_screen("signedIn").await;
    app.close().await;

    // The last profile reopens at launch; `--profile` picks another.
    let app = AppSession::launch(&run).await;
    app.wait_for_screen("signedIn").await;
    assert_eq!(app.selected("profile").await, "acme");
    assert_eq!(app.user_detail("username").await, user.username);
    sign_out(&app).await;
    app.close().await;
    let app = AppSession::launch_with(&run, &["--profile", "local"]).await;
    app.wait_for_any_screen(&["signIn", "signedIn"]).await;
    assert_eq!(app.selected("profile").await, "local");

    // Removing a profile removes its secret.
    for name in ["acme", "sandbox"] {
        app.switch_profile(name).await;
        app.wait_for_screen("signIn").await;
        app.switch_profile("local").await;
        app.wait_for_any_screen(&["signIn", "signedIn"]).await;
        remove(&app, name).await;
    }
    assert_eq!(keyring_entries("client-secret/"), 0, "no secret is left");
    assert_eq!(keyring_entries("acme/"), 0, "no session is left");
    app.close().await;
    running.shutdown().await;

    // The client secret went from the form to the keyring and nowhere else: not the log, not a
    // payload to the web view, not a file of the app's (the pool's own database is the server).
    let secrets = [Secret::new("client secret", secret)];
    let log = std::fs::read_to_string(&run.app_log).expect("the app's log was captured");
    let audit = std::fs::read_to_string(&run.ipc_audit).expect("the IPC audit was written");
    let mut found = leaks::in_lines(&secrets, &log, "the app log");
    found.extend(leaks::in_text(&secrets, &audit, "the IPC audit"));
    found.extend(leaks::in_files(&secrets, &run.data_dir, &[]).expect("the data directory"));
    found.extend(leaks::in_files(&secrets, &run.home, &[&run.data_dir]).expect("HOME"));
    let report: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(
        report.is_empty(),
        "the client secret leaked:\n{}",
        report.join("\n")
    );
}

/// Removes the profile `name` from the profile bar (two clicks: arm, confirm).
pub(crate) async fn remove(app: &AppSession<'_>, name: &str) {
    let button = format!("[data-profile=\"{name}\"] [data-action=\"remove-profile\"]");
    app.click_at(&button).await;
    app.click_at(&button).await;
    let option = format!("select[name=\"profile\"] option[value=\"{name}\"]");
    for _ in 0..50 {
        if !app.shows(&option).await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{name} is no longer offered");
}

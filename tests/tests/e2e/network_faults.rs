//! Network faults in the real app (issue 6): the app talks to a pool of this test's own through a
//! fault proxy (`gatehouse_tests::fault_proxy`) that the test switches between down, slow, failing
//! (500) and throttling. Signing in under each fault shows a specific message (a screenshot of
//! each); throttling that stops is retried away; once signed in, refreshes that fail for a
//! network reason keep the user signed in with a message, and so does a restart while the pool
//! is down.

use std::path::Path;
use std::time::{Duration, Instant};

use gatehouse_tests::fault_proxy::{Fault, FaultProxy, Rule};
use gatehouse_tests::pool_admin::PoolClient;
use serde_json::json;

use crate::test_pool::TestPool;
use crate::{app::AppSession, run::Run, sign_in, NewUser};

/// The app's attempt timeout in this journey (`--pool-attempt-timeout-ms`).
const ATTEMPT_TIMEOUT_MS: &str = "1500";
/// Past that timeout.
const SLOW: Fault = Fault::Slow(Duration::from_millis(3000));
/// Access and ID tokens live this long, so that a refresh falls due ten seconds after sign-in
/// (the core refreshes a minute before expiry).
const TOKEN_SECONDS: u64 = 70;
/// How long the app may take to try a refresh and show its failure: due after ten seconds,
/// checked every fifteen, retried with backoff after a failure.
const NOTICE: Duration = Duration::from_secs(75);

/// The command line of the app on a profile whose endpoint is the proxy.
fn arguments(dir: &Path, pool: &PoolClient, endpoint: &str) -> Vec<String> {
    let profile = dir.join("netfaults.json");
    let text = json!({
        "name": "netfaults",
        "region": pool.region,
        "userPoolId": pool.user_pool_id,
        "clientId": pool.client_id,
        "endpoint": endpoint,
    });
    std::fs::write(&profile, text.to_string()).expect("the profile file is written");
    let data_dir = dir.join("netfaults-data");
    std::fs::create_dir_all(&data_dir).expect("the data directory is created");
    vec![
        "--profile-file".into(),
        profile.to_string_lossy().into_owned(),
        "--data-dir".into(),
        data_dir.to_string_lossy().into_owned(),
        "--pool-attempt-timeout-ms".into(),
        ATTEMPT_TIMEOUT_MS.into(),
    ]
}

async fn launch<'r>(run: &'r Run, arguments: &[String]) -> AppSession<'r> {
    let arguments: Vec<&str> = arguments.iter().map(String::as_str).collect();
    AppSession::launch_with(run, &arguments).await
}

/// Signs in under `rule`, expects the form's message to contain `says`, and takes a screenshot.
async fn sign_in_fails(
    app: &AppSession<'_>,
    proxy: &FaultProxy,
    rule: Rule,
    user: &NewUser,
    says: &str,
    screenshot: &str,
) {
    proxy.set(rule).await;
    sign_in(app, &user.username, &user.password).await;
    let message = app.wait_for_text("[data-error=\"form\"]", says).await;
    assert!(
        !message.contains(&user.password),
        "no secret in the message: {message}"
    );
    assert_eq!(
        app.wait_for_any_screen(&["signIn", "signedIn"]).await,
        "signIn"
    );
    app.screenshot(screenshot).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_says_what_went_wrong_with_the_network_and_keeps_the_session() {
    let run = Run::from_env();
    let TestPool {
        dir,
        running,
        admin,
    } = TestPool::start().await;
    let pool = admin
        .create_pool_and_short_lived_client("netfaults", TOKEN_SECONDS)
        .await;
    let user = NewUser::new("net");
    admin
        .confirmed_user(
            &pool,
            &user.username,
            &user.password,
            &[("email", &user.email)],
        )
        .await;
    let proxy = FaultProxy::start(&running.endpoint()).await;
    let arguments = arguments(dir.path(), &pool, &proxy.endpoint());

    let app = launch(&run, &arguments).await;
    app.wait_for_screen("signIn").await;

    // Each fault on sign-in has its own sentence.
    let faults = [
        (
            Rule::always(Fault::Down),
            "could not be reached",
            "network-pool-down",
        ),
        (Rule::always(SLOW), "too slow", "network-pool-slow"),
        (
            Rule::always(Fault::ServerError),
            "failed on its side",
            "network-pool-error",
        ),
        (
            Rule::always(Fault::Throttle),
            "too many requests",
            "network-pool-throttling",
        ),
    ];
    for (rule, says, screenshot) in faults {
        sign_in_fails(&app, &proxy, rule, &user, says, screenshot).await;
    }

    // Throttling that stops: the app's retries get through, the user sees no error.
    proxy.reset_counts();
    proxy
        .set(Rule::always(Fault::Throttle).next(2).only("InitiateAuth"))
        .await;
    sign_in(&app, &user.username, &user.password).await;
    app.wait_for_screen("signedIn").await;
    assert_eq!(
        proxy.seen("InitiateAuth"),
        3,
        "two throttled attempts, then the one that got through"
    );
    app.screenshot("network-signed-in-after-throttling").await;

    // Signed in, the pool starts failing: the refresh that falls due fails, the user stays
    // signed in and is told.
    proxy.set(Rule::always(Fault::ServerError)).await;
    let message = app
        .wait_for_text("[data-error=\"form\"]", "failed on its side")
        .await;
    assert!(message.contains("InternalErrorException"), "{message}");
    assert_eq!(
        app.wait_for_any_screen(&["signIn", "signedIn"]).await,
        "signedIn"
    );
    app.screenshot("network-refresh-failed-still-signed-in")
        .await;

    // The pool goes down: the next (backed-off) refresh says so, still signed in.
    proxy.set(Rule::always(Fault::Down)).await;
    let started = Instant::now();
    app.wait_for_text("[data-error=\"form\"]", "could not be reached")
        .await;
    assert!(started.elapsed() < NOTICE);
    assert_eq!(
        app.wait_for_any_screen(&["signIn", "signedIn"]).await,
        "signedIn"
    );
    app.screenshot("network-refresh-pool-down-still-signed-in")
        .await;
    app.close().await;

    // Restarting while the pool is down: the stored session is shown.
    let app = launch(&run, &arguments).await;
    assert_eq!(
        app.wait_for_any_screen(&["signIn", "signedIn"]).await,
        "signedIn",
        "the session survives a restart with the pool down"
    );
    assert_eq!(app.user_detail("username").await, user.username);
    app.screenshot("network-restart-pool-down-still-signed-in")
        .await;

    // The pool is back: the next refresh succeeds and the message goes away.
    proxy.set(Rule::always(Fault::Pass)).await;
    let started = Instant::now();
    while app.shows("[data-error=\"form\"]").await {
        assert!(
            started.elapsed() < NOTICE * 2,
            "the message goes once a refresh succeeds"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(
        app.wait_for_any_screen(&["signIn", "signedIn"]).await,
        "signedIn"
    );
    app.screenshot("network-pool-back").await;
    app.close().await;
    drop(proxy);
    running.shutdown().await;
}

//! A session's lifetime in the real app: on a pool whose client issues 70-second tokens (the
//! local pool accepts lifetimes shorter than Cognito's minimum, for tests like this one), the app
//! refreshes them by itself while the window sits idle; when an administrator ends the user's
//! sessions (`AdminUserGlobalSignOut`), the next refresh is refused and the app returns to
//! sign-in, saying the session ended.

use std::time::{Duration, Instant};

use crate::test_pool::TestPool;
use serde_json::json;

use crate::{app::AppSession, devices::Device, run::Run, sign_in_fully, NewUser};

/// Access and ID tokens live this long: past the core's one-minute refresh margin, so a fresh
/// session is not due at once, and short enough that a refresh comes within the test.
const TOKEN_SECONDS: u64 = 70;

/// How long the app may take to notice: a refresh falls due ten seconds after sign-in and the
/// app checks at least every fifteen.
const NOTICE: Duration = Duration::from_secs(60);

/// Waits until `detail` of the signed-in user differs from `before`.
async fn changed_detail(app: &AppSession<'_>, detail: &str, before: &str) {
    let started = Instant::now();
    loop {
        if app.user_detail(detail).await != before {
            return;
        }
        assert!(
            started.elapsed() < NOTICE,
            "{detail} still {before} after {NOTICE:?}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_session_is_refreshed_until_an_administrator_ends_it() {
    let run = Run::from_env();
    let TestPool {
        dir,
        running,
        admin,
    } = TestPool::start().await;
    let pool = admin
        .create_pool_and_short_lived_client("lifetime", TOKEN_SECONDS)
        .await;
    let user = NewUser::new("idle");
    admin
        .confirmed_user(
            &pool,
            &user.username,
            &user.password,
            &[("email", &user.email)],
        )
        .await;
    let device = Device::new(dir.path(), "lifetime", &pool, admin.endpoint());

    let app = device.launch(&run).await;
    app.wait_for_screen("signIn").await;
    sign_in_fully(&app, &user).await;
    let first = app.user_detail("expires").await;
    app.screenshot("signed-in-short-tokens").await;

    // Nobody touches the window: the app refreshes on its own and stays signed in.
    changed_detail(&app, "expires", &first).await;
    app.wait_for_screen("signedIn").await;
    app.screenshot("signed-in-after-idle-refresh").await;

    admin
        .expect(
            "AdminUserGlobalSignOut",
            json!({"UserPoolId": pool.user_pool_id, "Username": user.username}),
        )
        .await;
    let started = Instant::now();
    while app.wait_for_any_screen(&["signIn", "signedIn"]).await != "signIn" {
        assert!(
            started.elapsed() < NOTICE,
            "the ended session is noticed within {NOTICE:?}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let message = app.form_error().await;
    assert!(
        message.to_lowercase().contains("session has ended"),
        "the app says the session ended: {message}"
    );
    assert_eq!(
        app.input_value("username").await,
        user.username,
        "sign-in is pre-filled"
    );
    app.screenshot("session-ended-by-administrator").await;
    app.close().await;
    running.shutdown().await;
}

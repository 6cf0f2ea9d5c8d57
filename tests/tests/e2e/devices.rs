//! Signing out on all devices (`GlobalSignOut`): two "devices" are two launches of the app with
//! their own profile (and so their own session in the keyring) on one pool, a `gatehouse-pool`
//! this test starts on loopback. Device B signs out everywhere; device A, restarted, finds its
//! session ended and says so.

use std::path::Path;

use crate::test_pool::TestPool;
use gatehouse_tests::{keyring, pool_admin::PoolClient};
use serde_json::json;

use crate::{app::AppSession, run::Run, sign_in_fully, NewUser, KEYRING_SERVICE};

/// A device: a profile file naming the pool, and a data directory of its own.
pub(crate) struct Device {
    profile: String,
    data_dir: String,
}

impl Device {
    pub(crate) fn new(dir: &Path, name: &str, pool: &PoolClient, endpoint: &str) -> Self {
        let profile = dir.join(format!("{name}.json"));
        let text = json!({
            "name": name,
            "region": pool.region,
            "userPoolId": pool.user_pool_id,
            "clientId": pool.client_id,
            "endpoint": endpoint,
        });
        std::fs::write(&profile, text.to_string()).expect("the profile file is written");
        let data_dir = dir.join(format!("{name}-data"));
        std::fs::create_dir_all(&data_dir).expect("the data directory is created");
        Self {
            profile: profile.to_string_lossy().into_owned(),
            data_dir: data_dir.to_string_lossy().into_owned(),
        }
    }

    pub(crate) async fn launch<'r>(&self, run: &'r Run) -> AppSession<'r> {
        AppSession::launch_with(
            run,
            &[
                "--profile-file",
                &self.profile,
                "--data-dir",
                &self.data_dir,
            ],
        )
        .await
    }
}

/// Keyring items of the session of profile `name` (keys start with the profile's name).
fn sessions_of(name: &str) -> usize {
    keyring::items(KEYRING_SERVICE)
        .expect("secret-tool reads the keyring")
        .iter()
        .filter(|item| {
            item.attributes
                .get("username")
                .is_some_and(|key| key.starts_with(&format!("{name}/")))
        })
        .count()
}

// The pool serves from this test's runtime while the app talks to it: give it its own worker.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_on_all_devices_ends_the_session_on_the_other_device() {
    let run = Run::from_env();
    let TestPool {
        dir,
        running,
        admin,
    } = TestPool::start().await;
    let pool = admin.create_pool_and_client("devices").await;
    let user = NewUser::new("dev");
    admin
        .confirmed_user(
            &pool,
            &user.username,
            &user.password,
            &[("email", &user.email)],
        )
        .await;
    let device_a = Device::new(dir.path(), "device-a", &pool, admin.endpoint());
    let device_b = Device::new(dir.path(), "device-b", &pool, admin.endpoint());

    let app = device_a.launch(&run).await;
    app.wait_for_screen("signIn").await;
    sign_in_fully(&app, &user).await;
    app.screenshot("signed-in-device-a").await;
    app.close().await;
    assert!(sessions_of("device-a") > 0, "device A keeps its session");

    let app = device_b.launch(&run).await;
    app.wait_for_screen("signIn").await;
    sign_in_fully(&app, &user).await;
    app.click("sign-out-everywhere").await;
    app.screenshot("sign-out-everywhere-confirm").await;
    app.click("sign-out-everywhere").await;
    app.wait_for_screen("signIn").await;
    app.screenshot("signed-out-everywhere-device-b").await;
    app.close().await;

    let app = device_a.launch(&run).await;
    app.wait_for_screen("signIn").await;
    let message = app.form_error().await;
    assert!(
        message.to_lowercase().contains("session has ended"),
        "device A says its session ended: {message}"
    );
    app.screenshot("session-ended-device-a").await;
    app.close().await;
    assert_eq!(
        sessions_of("device-a"),
        0,
        "device A's ended session is removed"
    );
    assert_eq!(sessions_of("device-b"), 0, "device B's session is removed");
    running.shutdown().await;
}

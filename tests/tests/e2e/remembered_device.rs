//! Remembered devices (issue 4): on a pool that tracks devices and requires SMS MFA, a user signs
//! in with the texted code, is asked whether to remember this computer and says yes; the next
//! sign-in proves the device (`DEVICE_SRP_AUTH`) and skips the text message. Forgetting the device
//! from the account screen brings the code back. The device's secret lives in the keyring only.

use crate::test_pool::TestPool;
use gatehouse_tests::{
    keyring,
    pool_admin::{PoolAdmin, PoolClient},
};
use serde_json::json;

use crate::{
    app::AppSession, devices::Device, run::Run, sign_in, sign_out, NewUser, KEYRING_SERVICE,
};

/// A pool remembering devices when the user says so, SMS MFA required, and its desktop client.
async fn device_tracking_pool(admin: &PoolAdmin) -> PoolClient {
    let created = admin
        .expect(
            "CreateUserPool",
            json!({"PoolName": "remembering", "AutoVerifiedAttributes": ["email"],
                "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": true,
                    "DeviceOnlyRememberedOnUserPrompt": true}}),
        )
        .await;
    let user_pool_id = created["UserPool"]["Id"]
        .as_str()
        .expect("a pool id")
        .to_owned();
    let client = admin
        .expect(
            "CreateUserPoolClient",
            json!({"UserPoolId": user_pool_id, "ClientName": "desktop",
                "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                "EnableTokenRevocation": true}),
        )
        .await;
    admin
        .expect(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": user_pool_id, "MfaConfiguration": "ON",
                "SmsMfaConfiguration": {"SmsAuthenticationMessage": "Your code is {####}"}}),
        )
        .await;
    PoolClient {
        region: user_pool_id
            .split('_')
            .next()
            .expect("<region>_<id>")
            .to_owned(),
        client_id: client["UserPoolClient"]["ClientId"]
            .as_str()
            .expect("a client id")
            .to_owned(),
        user_pool_id,
    }
}

/// Signs in with the password and the texted code: on the signed-in screen.
async fn sign_in_with_sms(app: &AppSession<'_>, admin: &PoolAdmin, user: &NewUser) {
    let before = admin
        .messages_sent_to(&user.username)
        .await
        .expect("outbox");
    sign_in(app, &user.username, &user.password).await;
    app.wait_for_screen("confirmSignIn").await;
    let sent = admin
        .messages_sent_to(&user.username)
        .await
        .expect("outbox");
    assert_eq!(sent, before + 1, "a code was texted");
    let code = admin
        .newest_code_sent_to(&user.username)
        .await
        .expect("outbox")
        .expect("a code");
    app.fill("code", &code).await;
    app.click("confirm-sign-in").await;
    app.wait_for_screen("signedIn").await;
}

/// Keyring items of this profile's remembered device.
fn device_items(profile: &str) -> usize {
    keyring::items(KEYRING_SERVICE)
        .expect("secret-tool reads the keyring")
        .iter()
        .filter(|item| {
            item.attributes.get("username").is_some_and(|key| {
                key.starts_with(&format!("{profile}/")) && key.contains("/device/")
            })
        })
        .count()
}

// The pool serves from this test's runtime while the app talks to it: give it its own worker.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_remembered_computer_skips_the_texted_code_until_it_is_forgotten() {
    let run = Run::from_env();
    let TestPool {
        dir,
        running,
        admin,
    } = TestPool::start().await;
    let pool = device_tracking_pool(&admin).await;
    let user = NewUser::with_phone("rem");
    let phone = user.phone.clone().expect("a phone number");
    admin
        .confirmed_user(
            &pool,
            &user.username,
            &user.password,
            &[("email", &user.email), ("phone_number", &phone)],
        )
        .await;
    let device = Device::new(dir.path(), "remembering", &pool, admin.endpoint());

    let app = device.launch(&run).await;
    app.wait_for_screen("signIn").await;
    sign_in_with_sms(&app, &admin, &user).await;
    app.wait_for_text("[data-section=\"device-prompt\"]", "Remember")
        .await;
    app.screenshot("remember-this-device").await;
    app.click("remember-this-device").await;
    assert!(
        !app.text("[data-notice]").await.is_empty(),
        "remembering says so"
    );
    assert!(
        app.shows("[data-section=\"devices\"] [data-device]").await,
        "the account lists the remembered device"
    );
    app.scroll_to("[data-section=\"devices\"]").await;
    app.screenshot("remembered-devices").await;
    assert!(
        device_items("remembering") > 0,
        "the device's secrets are in the keyring"
    );
    sign_out(&app).await;

    // The device proves itself: no code is texted.
    let before = admin
        .messages_sent_to(&user.username)
        .await
        .expect("outbox");
    sign_in(&app, &user.username, &user.password).await;
    app.wait_for_screen("signedIn").await;
    assert_eq!(
        admin
            .messages_sent_to(&user.username)
            .await
            .expect("outbox"),
        before,
        "a remembered device signs in without a texted code"
    );
    app.screenshot("signed-in-on-a-remembered-device").await;

    // Forgotten, it must pass the second factor again.
    app.click("forget-device").await;
    app.click("forget-device").await;
    assert!(
        !app.text("[data-notice]").await.is_empty(),
        "forgetting says so"
    );
    assert_eq!(
        device_items("remembering"),
        0,
        "the device's secrets left the keyring"
    );
    sign_out(&app).await;
    sign_in_with_sms(&app, &admin, &user).await;
    app.close().await;
    running.shutdown().await;
}

//! Signing up and in with an email address (issue 4): a pool whose `UsernameAttributes` is
//! `["email"]`, as Amplify's `loginWith: { email: true }` makes it, named by a profile saying so
//! (`usernameAttributes`, what an `amplify_outputs.json` import carries). The sign-up form asks for
//! no username, the sign-in form asks for the email, and after confirming the sign-in form is
//! pre-filled with the email, not the username the pool generated.

use crate::test_pool::TestPool;
use serde_json::json;

use crate::{app::AppSession, run::Run, NewUser};

// The pool serves from this test's runtime while the app talks to it: give it its own worker.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_signs_up_and_in_with_an_email_address_in_a_pool_without_usernames() {
    let run = Run::from_env();
    let TestPool {
        dir,
        running,
        admin,
    } = TestPool::start().await;
    let created = admin
        .expect(
            "CreateUserPool",
            json!({"PoolName": "by-email", "UsernameAttributes": ["email"],
                "AutoVerifiedAttributes": ["email"]}),
        )
        .await;
    let pool_id = created["UserPool"]["Id"].as_str().expect("a pool id");
    let client = admin
        .expect(
            "CreateUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientName": "desktop",
                "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                "EnableTokenRevocation": true}),
        )
        .await;
    let profile = dir.path().join("by-email.json");
    let text = json!({
        "name": "by-email", "region": pool_id.split('_').next().expect("<region>_<id>"),
        "userPoolId": pool_id,
        "clientId": client["UserPoolClient"]["ClientId"].as_str().expect("a client id"),
        "endpoint": admin.endpoint(), "usernameAttributes": ["email"],
    });
    std::fs::write(&profile, text.to_string()).expect("the profile file is written");
    let data_dir = dir.path().join("by-email-data");
    let user = NewUser::new("mail");

    let app = AppSession::launch_with(
        &run,
        &[
            "--profile-file",
            &profile.to_string_lossy(),
            "--data-dir",
            &data_dir.to_string_lossy(),
        ],
    )
    .await;
    app.wait_for_screen("signIn").await;
    app.wait_for_text("[data-screen=\"signIn\"] label", "Email")
        .await;
    app.click("show-sign-up").await;
    app.wait_for_screen("signUp").await;
    assert!(
        !app.shows("input[name=\"username\"]").await,
        "no username is asked for"
    );
    app.fill("email", &user.email).await;
    app.fill("password", &user.password).await;
    app.screenshot("sign-up-with-email-only").await;
    app.click("sign-up").await;
    app.wait_for_screen("confirmSignUp").await;

    // The pool named the user itself; its outbox is kept under that name.
    let stored = admin
        .expect(
            "AdminGetUser",
            json!({"UserPoolId": pool_id, "Username": user.email}),
        )
        .await;
    let generated = stored["Username"].as_str().expect("a username").to_owned();
    assert_ne!(generated, user.email, "the pool generated a username");
    let code = admin
        .newest_code_sent_to(&generated)
        .await
        .expect("the outbox")
        .expect("a code");
    app.fill("code", &code).await;
    app.click("confirm-sign-up").await;
    app.wait_for_screen("signIn").await;
    assert_eq!(
        app.input_value("username").await,
        user.email,
        "the sign-in form is pre-filled with the email"
    );
    app.fill("password", &user.password).await;
    app.click("sign-in").await;
    app.wait_for_screen("signedIn").await;
    assert!(app.user_detail("email").await.starts_with(&user.email));
    app.screenshot("signed-in-with-email").await;
    app.click("sign-out").await;
    app.wait_for_screen("signIn").await;
    assert_eq!(app.input_value("username").await, user.email);
    app.close().await;
    running.shutdown().await;
}

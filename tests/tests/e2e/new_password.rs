//! `NEW_PASSWORD_REQUIRED`: a user an administrator created (`AdminCreateUser`, with a temporary
//! password and without the email the pool requires) chooses a password at the first sign-in and
//! gives the missing email on the same screen.

use serde_json::json;

use crate::{run::Run, sign_in, sign_out, signed_out_start, unique};

#[tokio::test]
async fn a_user_an_administrator_created_chooses_a_password_and_gives_the_missing_email() {
    let run = Run::from_env();
    let app = signed_out_start(&run).await;
    let (admin, pool) = app.local_pool().await;
    let username = unique("nia");
    let temporary = unique("Temporary-4-");
    let email = format!("{username}@example.com");
    admin
        .expect(
            "AdminCreateUser",
            json!({
                "UserPoolId": pool.user_pool_id,
                "Username": username,
                "TemporaryPassword": temporary,
                "MessageAction": "SUPPRESS",
            }),
        )
        .await;

    sign_in(&app, &username, &temporary).await;
    app.wait_for_screen("newPassword").await;
    assert!(
        app.shows("input[name=\"email\"]").await,
        "the email the pool requires is asked for"
    );
    let checklist = app.policy_checklist().await;
    assert!(
        !checklist.is_empty(),
        "the password policy is shown: {checklist:?}"
    );
    app.screenshot("new-password").await;

    let password = unique("Chosen-Horse-8-");
    app.fill("newPassword", &password).await;
    app.fill("email", &email).await;
    app.click("complete-new-password").await;
    app.wait_for_screen("signedIn").await;
    assert_eq!(app.user_detail("username").await, username);
    let shown = app.user_detail("email").await;
    assert!(
        shown.starts_with(&email),
        "the email given is on the account: {shown}"
    );
    app.screenshot("signed-in-after-new-password").await;
    sign_out(&app).await;

    sign_in(&app, &username, &password).await;
    app.wait_for_screen("signedIn").await;
    sign_out(&app).await;
    app.close().await;
}

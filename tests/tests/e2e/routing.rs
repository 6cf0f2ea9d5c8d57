//! Where signing in leads when the account is not ready: an unconfirmed account goes to the
//! confirm screen (with a fresh code), an account whose password an administrator reset goes to
//! the reset screen (with a code). Both finish there and then sign in.
//!
//! The app sends a new code on the way, so the newest code is read once the panel shows as many
//! messages as the pool sent. A reset needs a verified email to send the code to, so that user
//! signs up and confirms through the app (`AdminConfirmSignUp` verifies nothing).

use serde_json::json;

use gatehouse_tests::pool_admin::PoolAdmin;

use crate::{
    app::AppSession, run::Run, sign_in, sign_in_fully, sign_out, sign_up_and_confirm,
    signed_out_start, unique, NewUser,
};

/// The newest code of `username`, once the panel shows every message the pool sent them.
async fn newest_code(app: &AppSession<'_>, admin: &PoolAdmin, username: &str) -> String {
    let sent = admin
        .messages_sent_to(username)
        .await
        .expect("the pool lists its outbox");
    assert!(sent > 0, "the pool sent {username} a code");
    app.new_code_in_outbox(username, None, sent - 1).await
}

fn attributes(user: &NewUser) -> [(&str, &str); 1] {
    [("email", user.email.as_str())]
}

#[tokio::test]
async fn an_unconfirmed_user_signing_in_is_sent_to_confirm_the_account() {
    let run = Run::from_env();
    let user = NewUser::new("una");
    let app = signed_out_start(&run).await;
    let (admin, pool) = app.local_pool().await;
    admin
        .sign_up(&pool, &user.username, &user.password, &attributes(&user))
        .await;

    sign_in(&app, &user.username, &user.password).await;
    app.wait_for_screen("confirmSignUp").await;
    app.screenshot("confirm-sign-up-after-sign-in").await;
    let code = newest_code(&app, &admin, &user.username).await;
    app.fill("code", &code).await;
    app.click("confirm-sign-up").await;
    app.wait_for_screen("signIn").await;
    sign_in_fully(&app, &user).await;
    sign_out(&app).await;
    app.close().await;
}

#[tokio::test]
async fn a_user_whose_password_an_administrator_reset_is_sent_to_choose_a_new_one() {
    let run = Run::from_env();
    let mut user = NewUser::new("rae");
    let app = signed_out_start(&run).await;
    let (admin, pool) = app.local_pool().await;
    sign_up_and_confirm(&app, &user).await;
    admin
        .expect(
            "AdminResetUserPassword",
            json!({"UserPoolId": pool.user_pool_id, "Username": user.username}),
        )
        .await;

    sign_in(&app, &user.username, &user.password).await;
    app.wait_for_screen("resetPassword").await;
    app.screenshot("reset-password-after-admin-reset").await;
    let code = newest_code(&app, &admin, &user.username).await;
    user.password = unique("Reset-Horse-6-");
    app.fill("code", &code).await;
    app.fill("newPassword", &user.password).await;
    app.click("confirm-reset").await;
    app.wait_for_screen("signIn").await;
    sign_in_fully(&app, &user).await;
    sign_out(&app).await;
    app.close().await;
}

//! Forgot password, from the sign-in screen: ask for a code, read it in the outbox panel, choose a
//! new password against the policy checklist, and sign in with it (the old one no longer works).

use crate::{
    run::Run, sign_in, sign_in_fully, sign_out, sign_up_and_confirm, signed_out_start, unique,
    NewUser,
};

#[tokio::test]
async fn resetting_a_forgotten_password_from_the_sign_in_screen() {
    let run = Run::from_env();
    let mut user = NewUser::new("fay");
    let app = signed_out_start(&run).await;
    sign_up_and_confirm(&app, &user).await;

    app.fill("username", &user.username).await;
    app.click("forgot-password").await;
    app.wait_for_screen("forgotPassword").await;
    assert_eq!(
        app.input_value("username").await,
        user.username,
        "the username typed on the sign-in screen is kept"
    );
    app.screenshot("forgot-password").await;
    let seen = app.outbox_count_for(&user.username).await;
    app.click("request-reset").await;
    app.wait_for_screen("resetPassword").await;
    let checklist = app.policy_checklist().await;
    assert!(
        checklist.iter().any(|(rule, _)| rule == "length"),
        "the policy checklist is shown before typing: {checklist:?}"
    );
    assert!(
        checklist.iter().all(|(_, met)| !met),
        "no rule is met by an empty password: {checklist:?}"
    );
    app.screenshot("reset-password").await;

    let code = app
        .new_code_in_outbox(&user.username, Some("EMAIL"), seen)
        .await;
    let old_password = std::mem::replace(&mut user.password, unique("Brand-New-7-"));
    app.fill("code", &code).await;
    app.fill("newPassword", &user.password).await;
    let checklist = app.policy_checklist().await;
    assert!(
        checklist.iter().all(|(_, met)| *met),
        "the new password meets every rule: {checklist:?}"
    );
    app.click("confirm-reset").await;
    app.wait_for_screen("signIn").await;
    assert!(
        !app.text("[data-notice]").await.is_empty(),
        "the sign-in screen says the password was changed"
    );
    app.screenshot("sign-in-after-reset").await;

    sign_in(&app, &user.username, &old_password).await;
    app.wait_for_screen("signIn").await;
    assert!(
        !app.text("[data-error=\"form\"], [data-error-for=\"password\"]")
            .await
            .is_empty(),
        "the old password no longer works"
    );
    sign_in_fully(&app, &user).await;
    sign_out(&app).await;
    app.close().await;
}

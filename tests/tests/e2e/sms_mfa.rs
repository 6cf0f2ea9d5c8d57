//! SMS as a second factor: turned on from the account screen, then asked for at sign-in. The code
//! the pool texts lands in the outbox panel (medium `SMS`); a wrong one is refused next to the
//! code field and the right one signs in.

use crate::{
    run::Run, sign_in, sign_in_fully, sign_out, sign_up_and_confirm, signed_out_start, NewUser,
};

#[tokio::test]
async fn signing_in_with_a_texted_code_after_turning_sms_on() {
    let run = Run::from_env();
    let user = NewUser::with_phone("sam");
    let app = signed_out_start(&run).await;
    sign_up_and_confirm(&app, &user).await;
    sign_in_fully(&app, &user).await;

    app.select("mfa-sms", "enabled").await;
    app.click("save-mfa").await;
    app.wait_for_screen("signedIn").await;
    assert_ne!(
        app.selected("mfa-sms").await,
        "disabled",
        "the account screen shows SMS on after saving"
    );
    app.screenshot("signed-in-sms-on").await;
    sign_out(&app).await;

    let seen = app.outbox_count_for(&user.username).await;
    sign_in(&app, &user.username, &user.password).await;
    app.wait_for_screen("confirmSignIn").await;
    let code = app
        .new_code_in_outbox(&user.username, Some("SMS"), seen)
        .await;
    assert_eq!(code.len(), 6, "a six-digit code was texted");
    app.screenshot("confirm-sign-in-sms").await;

    let wrong = if code == "000000" { "111111" } else { "000000" };
    app.fill("code", wrong).await;
    app.click("confirm-sign-in").await;
    app.wait_for_screen("confirmSignIn").await;
    assert!(
        !app.error_for("code").await.is_empty(),
        "a wrong code is refused next to the code field"
    );
    app.screenshot("confirm-sign-in-sms-wrong-code").await;

    app.fill("code", &code).await;
    app.click("confirm-sign-in").await;
    app.wait_for_screen("signedIn").await;
    assert_eq!(app.user_detail("username").await, user.username);
    app.screenshot("signed-in-with-sms").await;
    sign_out(&app).await;
    app.close().await;
}

//! `SELECT_MFA_TYPE`: with SMS and an authenticator both on and neither preferred, sign-in asks
//! which one to use this time.

use crate::{
    run::Run, set_up_totp, sign_in, sign_in_fully, sign_out, sign_up_and_confirm, signed_out_start,
    totp_code_after, NewUser,
};

#[tokio::test]
async fn choosing_the_authenticator_when_sms_and_totp_are_both_on() {
    let run = Run::from_env();
    let user = NewUser::with_phone("sel");
    let app = signed_out_start(&run).await;
    sign_up_and_confirm(&app, &user).await;
    sign_in_fully(&app, &user).await;
    let totp = set_up_totp(&app, None).await;

    app.select("mfa-sms", "enabled").await;
    app.select("mfa-totp", "enabled").await;
    app.click("save-mfa").await;
    app.wait_for_screen("signedIn").await;
    assert_eq!(app.selected("mfa-sms").await, "enabled");
    assert_eq!(
        app.selected("mfa-totp").await,
        "enabled",
        "both on, neither preferred"
    );
    app.screenshot("signed-in-sms-and-totp-on").await;
    sign_out(&app).await;

    sign_in(&app, &user.username, &user.password).await;
    app.wait_for_screen("selectMfa").await;
    app.screenshot("select-mfa").await;
    app.click("select-mfa-totp").await;
    app.wait_for_screen("confirmSignIn").await;
    app.screenshot("confirm-sign-in-totp-chosen").await;
    let (code, _) = totp_code_after(&totp.totp, totp.verified_step).await;
    app.fill("code", &code).await;
    app.click("confirm-sign-in").await;
    app.wait_for_screen("signedIn").await;
    assert_eq!(app.user_detail("username").await, user.username);
    sign_out(&app).await;
    app.close().await;
}

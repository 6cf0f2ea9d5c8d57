//! An authenticator app as a second factor: set up from the account screen (QR code, key, first
//! code), then asked for at every sign-in. Codes are computed from the key the screen shows, as an
//! authenticator app would; a code the pool already accepted is refused. Neither the key nor a
//! code reaches the app's log.

use gatehouse_tests::leaks::{self, Secret};

use crate::{
    run::Run, set_up_totp, sign_in, sign_in_fully, sign_out, sign_up_and_confirm, signed_out_start,
    totp_code_after, NewUser,
};

#[tokio::test]
async fn setting_up_an_authenticator_app_then_signing_in_with_its_codes() {
    let run = Run::from_env();
    let user = NewUser::new("tom");
    let app = signed_out_start(&run).await;
    sign_up_and_confirm(&app, &user).await;
    sign_in_fully(&app, &user).await;

    let setup = set_up_totp(&app, Some("set-up-totp")).await;
    let totp = &setup.totp;
    app.screenshot("signed-in-totp-on").await;
    sign_out(&app).await;

    sign_in(&app, &user.username, &user.password).await;
    app.wait_for_screen("confirmSignIn").await;
    app.screenshot("confirm-sign-in-totp").await;
    let (code, step) = totp_code_after(totp, setup.verified_step).await;
    app.fill("code", &code).await;
    app.click("confirm-sign-in").await;
    app.wait_for_screen("signedIn").await;
    assert_eq!(app.user_detail("username").await, user.username);
    sign_out(&app).await;

    sign_in(&app, &user.username, &user.password).await;
    app.wait_for_screen("confirmSignIn").await;
    app.fill("code", &code).await;
    app.click("confirm-sign-in").await;
    app.wait_for_screen("confirmSignIn").await;
    assert!(
        !app.error_for("code").await.is_empty(),
        "a code already used is refused next to the code field"
    );
    app.screenshot("confirm-sign-in-totp-reused-code").await;

    let (fresh, _) = totp_code_after(totp, step).await;
    app.fill("code", &fresh).await;
    app.click("confirm-sign-in").await;
    app.wait_for_screen("signedIn").await;
    sign_out(&app).await;
    app.close().await;

    let log = std::fs::read_to_string(&run.app_log).expect("the app's log was captured");
    let secrets = [
        setup.key,
        Secret::new("TOTP code", code),
        Secret::new("TOTP code", fresh),
        Secret::new("password", user.password),
    ];
    let found: Vec<String> = leaks::in_lines(&secrets, &log, "the app log")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(found.is_empty(), "secrets leaked:\n{}", found.join("\n"));
}

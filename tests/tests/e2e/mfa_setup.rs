//! `MFA_SETUP`: on a pool whose MFA is required (`ON`, authenticator apps only), a user with no
//! second factor who signs in is taken to the authenticator setup screen before any token is
//! issued (`AssociateSoftwareToken` with the challenge's session); once the first code is
//! verified the sign-in completes, and the next sign-in asks for the app's code.

use crate::test_pool::TestPool;
use serde_json::json;

use crate::{
    devices::Device, run::Run, sign_in, sign_out, totp_code_after, verify_totp_setup, NewUser,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_requiring_mfa_has_a_new_user_set_up_an_authenticator_while_signing_in() {
    let run = Run::from_env();
    let TestPool {
        dir,
        running,
        admin,
    } = TestPool::start().await;
    let pool = admin.create_pool_and_client("mfa-on").await;
    admin
        .expect(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": pool.user_pool_id, "MfaConfiguration": "ON",
                "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
        )
        .await;
    let user = NewUser::new("req");
    admin
        .confirmed_user(
            &pool,
            &user.username,
            &user.password,
            &[("email", &user.email)],
        )
        .await;
    let device = Device::new(dir.path(), "mfa-on", &pool, admin.endpoint());

    let app = device.launch(&run).await;
    app.wait_for_screen("signIn").await;
    sign_in(&app, &user.username, &user.password).await;
    let setup = verify_totp_setup(&app, Some("set-up-totp-at-sign-in"), "signedIn").await;
    assert_eq!(app.user_detail("username").await, user.username);
    app.screenshot("signed-in-after-mfa-setup").await;
    sign_out(&app).await;

    sign_in(&app, &user.username, &user.password).await;
    app.wait_for_screen("confirmSignIn").await;
    let (code, _) = totp_code_after(&setup.totp, setup.verified_step).await;
    app.fill("code", &code).await;
    app.click("confirm-sign-in").await;
    app.wait_for_screen("signedIn").await;
    app.close().await;
    running.shutdown().await;
}

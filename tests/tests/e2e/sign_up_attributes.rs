//! Signing up with the embedded pool's optional attributes, a phone number and a team
//! (`custom:team`): a malformed number is refused next to its field before anything is sent, and
//! the number is on the account once signed in.

use gatehouse_tests::pool_admin::PoolAdmin;

use crate::{run::Run, sign_in_fully, sign_out, signed_out_start, NewUser};

#[tokio::test]
async fn signing_up_with_a_phone_and_a_team_refuses_a_malformed_phone_then_shows_the_phone() {
    let run = Run::from_env();
    let user = NewUser::with_phone("lin");
    let phone = user.phone.clone().expect("a user with a phone");
    let team = "Platform";
    let app = signed_out_start(&run).await;
    let (admin, pool) = app.local_pool().await;

    app.click("show-sign-up").await;
    app.wait_for_screen("signUp").await;
    app.fill("username", &user.username).await;
    app.fill("password", &user.password).await;
    app.fill("email", &user.email).await;
    app.fill("phone_number", "555-0100").await;
    app.fill("custom:team", team).await;
    app.click("sign-up").await;
    app.wait_for_screen("signUp").await;
    assert!(
        !app.error_for("phone_number").await.is_empty(),
        "a phone number without its country code is refused next to its field"
    );
    let lookup = admin.user(&pool, &user.username).await;
    assert_eq!(
        lookup.err().as_ref().and_then(|error| error.code()),
        Some("UserNotFoundException"),
        "nothing was sent: the pool has no such user"
    );
    assert_eq!(
        app.outbox_count_for(&user.username).await,
        0,
        "and sent no code"
    );
    app.screenshot("sign-up-malformed-phone").await;

    app.fill("phone_number", &phone).await;
    app.click("sign-up").await;
    app.wait_for_screen("confirmSignUp").await;
    let code = app
        .new_code_in_outbox(&user.username, Some("EMAIL"), 0)
        .await;
    app.screenshot("confirm-sign-up-with-phone").await;
    app.fill("code", &code).await;
    app.click("confirm-sign-up").await;
    app.wait_for_screen("signIn").await;

    let stored = admin
        .user(&pool, &user.username)
        .await
        .expect("the pool has the new user");
    assert_eq!(PoolAdmin::attribute(&stored, "phone_number"), Some(&*phone));
    assert_eq!(PoolAdmin::attribute(&stored, "custom:team"), Some(team));

    sign_in_fully(&app, &user).await;
    let shown = app.user_detail("phone").await;
    assert!(
        shown.starts_with(&phone),
        "the phone number is shown: {shown}"
    );
    app.screenshot("signed-in-with-phone").await;
    sign_out(&app).await;
    app.close().await;
}

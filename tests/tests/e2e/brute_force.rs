//! Guessing passwords: after five wrong ones the pool refuses every sign-in for a while, the right
//! password included, and the app says so.

use crate::{run::Run, sign_in, sign_up_and_confirm, signed_out_start, unique, NewUser};

const WRONG_PASSWORDS_BEFORE_LOCK: usize = 5;

#[tokio::test]
async fn five_wrong_passwords_lock_signing_in_for_a_while() {
    let run = Run::from_env();
    let user = NewUser::new("eve");
    let app = signed_out_start(&run).await;
    sign_up_and_confirm(&app, &user).await;

    for _ in 0..WRONG_PASSWORDS_BEFORE_LOCK {
        sign_in(&app, &user.username, &unique("Wrong-Horse-1-")).await;
        app.wait_for_screen("signIn").await;
        assert!(
            !app.text("[data-error=\"form\"], [data-error-for=\"password\"]")
                .await
                .is_empty(),
            "a wrong password is refused"
        );
    }
    sign_in(&app, &user.username, &user.password).await;
    app.wait_for_screen("signIn").await;
    app.wait_for_text(
        "[data-error=\"form\"], [data-error-for=\"password\"]",
        "Password attempts exceeded",
    )
    .await;
    app.screenshot("sign-in-attempts-exceeded").await;
    app.close().await;
}

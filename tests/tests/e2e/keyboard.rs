//! Keyboard and theme (issue 4): a person signs in with the keyboard alone (the first field has
//! the focus, Tab moves on, Enter submits), with the window in the dark theme (`--theme dark`,
//! which sets the preference the stylesheet's `prefers-color-scheme` follows, as the system's
//! would).

use crate::{app::AppSession, run::Run, NewUser};

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";

/// `rgb(r, g, b)` -> its mean channel, 0 (black) to 255 (white).
fn brightness(colour: &str) -> u32 {
    let channels: Vec<u32> = colour
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')')
        .split(',')
        .take(3)
        .map(|channel| channel.trim().parse().expect("a colour channel"))
        .collect();
    channels.iter().sum::<u32>() / 3
}

#[tokio::test]
async fn a_user_signs_in_with_the_keyboard_alone_in_the_dark_theme() {
    let run = Run::from_env();
    let user = NewUser::new("kbd");
    let app = AppSession::launch_with(&run, &["--theme", "dark", "--profile", "local"]).await;
    if app.wait_for_any_screen(&["signIn", "signedIn"]).await == "signedIn" {
        app.click("sign-out").await;
        app.wait_for_screen("signIn").await;
    }
    let (admin, pool) = app.local_pool().await;
    admin
        .confirmed_user(
            &pool,
            &user.username,
            &user.password,
            &[("email", &user.email)],
        )
        .await;
    let background = app.background_colour().await;
    assert!(
        brightness(&background) < 100,
        "the dark theme is on: {background}"
    );

    assert_eq!(
        app.focused_name().await,
        "username",
        "the first field has the focus"
    );
    app.type_keys(&user.username).await;
    app.type_keys(TAB).await;
    assert_eq!(
        app.focused_name().await,
        "password",
        "Tab moves to the password"
    );
    app.type_keys(&user.password).await;
    app.screenshot("sign-in-dark-theme").await;
    app.type_keys(ENTER).await;
    app.wait_for_screen("signedIn").await;
    assert_eq!(app.user_detail("username").await, user.username);
    app.screenshot("signed-in-dark-theme").await;
    app.click("sign-out").await;
    app.wait_for_screen("signIn").await;
    app.close().await;
}

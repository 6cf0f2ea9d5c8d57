//! End to end: a person using the real Gatehouse window on the embedded local pool.
//!
//! Run by `cargo xtask test e2e`, which builds the app with its UI embedded, starts a D-Bus session
//! with a real gnome-keyring, an Xvfb display and tauri-driver, and tells this suite where
//! everything is (see `e2e/run.rs`). Each test is one journey, named for what the user does; each
//! screen it meets is saved under `target/screenshots/`. The last test is the security floor: no
//! password, code or token in the app's log, in what the web view receives, or in any file, and
//! the refresh token in the keyring.

#[path = "e2e/app.rs"]
mod app;
#[path = "e2e/run.rs"]
mod run;
#[path = "e2e/session_secrets.rs"]
mod session_secrets;
#[path = "e2e/test_pool.rs"]
mod test_pool;
#[path = "e2e/timing_relay.rs"]
mod timing_relay;

// Journeys, one file per part of the issue.
#[path = "e2e/account.rs"]
mod account;
#[path = "e2e/bench_sign_in.rs"]
mod bench_sign_in;
#[path = "e2e/brute_force.rs"]
mod brute_force;
#[path = "e2e/devices.rs"]
mod devices;
#[path = "e2e/email_username.rs"]
mod email_username;
#[path = "e2e/forgot_password.rs"]
mod forgot_password;
#[path = "e2e/keyboard.rs"]
mod keyboard;
#[path = "e2e/mfa_setup.rs"]
mod mfa_setup;
#[path = "e2e/network_faults.rs"]
mod network_faults;
#[path = "e2e/new_password.rs"]
mod new_password;
#[path = "e2e/pool_check.rs"]
mod pool_check;
#[path = "e2e/profiles.rs"]
mod profiles;
#[path = "e2e/remembered_device.rs"]
mod remembered_device;
#[path = "e2e/routing.rs"]
mod routing;
#[path = "e2e/select_mfa.rs"]
mod select_mfa;
#[path = "e2e/session_lifetime.rs"]
mod session_lifetime;
#[path = "e2e/sign_up_attributes.rs"]
mod sign_up_attributes;
#[path = "e2e/sms_mfa.rs"]
mod sms_mfa;
#[path = "e2e/totp.rs"]
mod totp;
#[path = "e2e/triggers.rs"]
mod triggers;

use app::AppSession;
use gatehouse_tests::{
    keyring,
    leaks::{self, Secret},
    totp::Totp,
};
use run::Run;
use serde_json::Value;
use session_secrets::StoredTokens;

/// The keyring service the app stores its session under (src-tauri/src/startup.rs).
const KEYRING_SERVICE: &str = "gatehouse";

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .subsec_nanos();
    format!("{prefix}{nanos:x}")
}

struct NewUser {
    username: String,
    email: String,
    password: String,
    /// Filled in on the sign-up form when set (`phone_number`).
    phone: Option<String>,
}

impl NewUser {
    fn new(prefix: &str) -> Self {
        let username = unique(prefix);
        Self {
            email: format!("{username}@example.com"),
            password: unique("Correct-Horse-9-"),
            username,
            phone: None,
        }
    }

    /// A user who gives a phone number (E.164, in the +1 555 range kept for fiction) on sign-up.
    fn with_phone(prefix: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("the clock is after 1970")
            .subsec_nanos();
        Self {
            phone: Some(format!("+1555{:07}", nanos % 10_000_000)),
            ..Self::new(prefix)
        }
    }
}

/// From a fresh start: the sign-in screen, or sign out first if an earlier journey left a session.
async fn signed_out_start(run: &Run) -> AppSession<'_> {
    // On the local profile whatever an earlier journey (or its failure) left active.
    let app = AppSession::launch_with(run, &["--profile", "local"]).await;
    if app.wait_for_any_screen(&["signIn", "signedIn"]).await == "signedIn" {
        app.click("sign-out").await;
        app.wait_for_screen("signIn").await;
    }
    app
}

/// Signs `user` up and returns the code the outbox panel showed, on the confirm screen.
async fn sign_up(app: &AppSession<'_>, user: &NewUser, screenshots: bool) -> String {
    app.click("show-sign-up").await;
    app.wait_for_screen("signUp").await;
    app.fill("username", &user.username).await;
    app.fill("password", &user.password).await;
    app.fill("email", &user.email).await;
    if let Some(phone) = &user.phone {
        app.fill("phone_number", phone).await;
    }
    if screenshots {
        app.screenshot("sign-up").await;
    }
    app.click("sign-up").await;
    app.wait_for_screen("confirmSignUp").await;
    app.code_in_outbox_for(&user.username).await
}

async fn sign_in(app: &AppSession<'_>, username: &str, password: &str) {
    app.fill("username", username).await;
    app.fill("password", password).await;
    app.click("sign-in").await;
}

/// Signs `user` up and confirms the account with the code from the outbox: on the sign-in screen.
async fn sign_up_and_confirm(app: &AppSession<'_>, user: &NewUser) {
    let code = sign_up(app, user, false).await;
    app.fill("code", &code).await;
    app.click("confirm-sign-up").await;
    app.wait_for_screen("signIn").await;
}

/// Signs in with a password alone (no second factor): on the signed-in screen.
async fn sign_in_fully(app: &AppSession<'_>, user: &NewUser) {
    sign_in(app, &user.username, &user.password).await;
    app.wait_for_screen("signedIn").await;
    assert_eq!(app.user_detail("username").await, user.username);
}

async fn sign_out(app: &AppSession<'_>) {
    app.click("sign-out").await;
    app.wait_for_screen("signIn").await;
}

/// The first code of an authenticator after step `used`, waiting (at most one 30-second step)
/// for that step to begin: a pool refuses a code of a step it already accepted (RFC 6238, 5.2).
async fn totp_code_after(totp: &Totp, used: u64) -> (String, u64) {
    loop {
        let (code, step) = totp.now();
        if step > used {
            return (code, step);
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
}

/// An authenticator app set up on an account: its key, and the step of the code that verified it.
struct TotpSetUp {
    totp: Totp,
    key: Secret,
    verified_step: u64,
}

/// From the signed-in screen: sets up an authenticator app with the key the setup screen shows,
/// which the app then turns on as the preferred second factor.
async fn set_up_totp(app: &AppSession<'_>, screenshot: Option<&str>) -> TotpSetUp {
    app.click("set-up-totp").await;
    let setup = verify_totp_setup(app, screenshot, "signedIn").await;
    // Cognito only registers a verified authenticator: the app turns it on with
    // `SetUserMFAPreference`, preferred since no other factor is.
    assert_eq!(
        app.selected("mfa-totp").await,
        "preferred",
        "the account screen shows the authenticator on, and preferred"
    );
    setup
}

/// On the authenticator setup screen (from the account, or during a sign-in the pool requires a
/// second factor for): checks that the QR code and the setup link carry the key shown, types the
/// key's first code and waits for the `next` screen.
async fn verify_totp_setup(
    app: &AppSession<'_>,
    screenshot: Option<&str>,
    next: &str,
) -> TotpSetUp {
    app.wait_for_screen("setUpTotp").await;
    let qr = app.inner_html("[data-totp-qr]").await;
    assert!(qr.contains("<svg"), "the QR code is an SVG");
    let secret: String = app
        .text_content("[data-totp-secret]")
        .await
        .split_whitespace()
        .collect();
    let totp = Totp::from_base32(&secret).expect("the setup key is base32");
    let uri = app.text_content("[data-totp-uri]").await;
    assert!(
        uri.trim().starts_with("otpauth://totp/") && uri.contains(&format!("secret={secret}")),
        "the setup link is an otpauth:// URI with the same key"
    );
    if let Some(name) = screenshot {
        app.screenshot(name).await;
    }
    let (code, step) = totp.now();
    app.fill("code", &code).await;
    app.fill("deviceName", "Test phone").await;
    app.click("verify-totp").await;
    app.wait_for_screen(next).await;
    TotpSetUp {
        totp,
        key: Secret::new("TOTP key", secret),
        verified_step: step,
    }
}

#[tokio::test]
async fn a_new_user_signs_up_confirms_signs_in_and_is_still_signed_in_after_a_restart() {
    let run = Run::from_env();
    let user = NewUser::new("ada");

    let app = signed_out_start(&run).await;
    app.screenshot("sign-in").await;
    let code = sign_up(&app, &user, true).await;
    assert_eq!(code.len(), 6, "the outbox shows a six-digit code");
    app.screenshot("confirm-sign-up-with-outbox").await;

    let wrong = if code == "000000" { "111111" } else { "000000" };
    app.fill("code", wrong).await;
    app.click("confirm-sign-up").await;
    app.wait_for_screen("confirmSignUp").await;
    assert!(
        !app.text("[data-error-for=\"code\"]").await.is_empty(),
        "a wrong code is refused next to the code field"
    );
    app.screenshot("confirm-sign-up-wrong-code").await;

    app.fill("code", &code).await;
    app.click("confirm-sign-up").await;
    app.wait_for_screen("signIn").await;
    assert_eq!(
        app.input_value("username").await,
        user.username,
        "sign-in is pre-filled"
    );
    app.screenshot("sign-in-after-confirming").await;

    sign_in(&app, &user.username, "Wrong-Horse-9-battery").await;
    app.wait_for_screen("signIn").await;
    assert!(
        !app.text("[data-error=\"form\"], [data-error-for=\"password\"]")
            .await
            .is_empty(),
        "a wrong password is refused with an error on the form"
    );
    app.screenshot("sign-in-wrong-password").await;

    sign_in(&app, &user.username, &user.password).await;
    app.wait_for_screen("signedIn").await;
    assert_eq!(app.user_detail("username").await, user.username);
    let email = app.user_detail("email").await;
    assert!(
        email.starts_with(&user.email),
        "the email is shown (with its verified badge): {email}"
    );
    let sub = app.user_detail("sub").await;
    assert_eq!(sub.len(), 36, "the sub is a UUID: {sub}");
    assert!(
        !app.user_detail("expires").await.is_empty(),
        "the expiry is shown"
    );
    app.screenshot("signed-in").await;
    app.close().await;

    let app = AppSession::launch(&run).await;
    app.wait_for_screen("signedIn").await;
    assert_eq!(
        app.user_detail("username").await,
        user.username,
        "restored from the keyring"
    );
    assert_eq!(app.user_detail("sub").await, sub);
    app.screenshot("signed-in-after-restart").await;

    app.click("sign-out").await;
    app.wait_for_screen("signIn").await;
    app.screenshot("signed-out").await;
    app.close().await;
    let left = keyring::items(KEYRING_SERVICE).expect("secret-tool reads the keyring");
    assert!(
        left.is_empty(),
        "signing out removes the session from the keyring: {left:?}"
    );
}

#[tokio::test]
async fn no_password_code_or_token_leaves_the_core_except_the_session_into_the_keyring() {
    let run = Run::from_env();
    let user = NewUser::new("grace");
    let app = signed_out_start(&run).await;
    let code = sign_up(&app, &user, false).await;
    app.fill("code", &code).await;
    app.click("confirm-sign-up").await;
    app.wait_for_screen("signIn").await;
    sign_in(&app, &user.username, &user.password).await;
    app.wait_for_screen("signedIn").await;
    app.close().await;
    // A restart restores the session: the keyring read and any refresh are covered as well.
    let app = AppSession::launch(&run).await;
    app.wait_for_screen("signedIn").await;
    app.close().await;

    let stored = StoredTokens::read(
        &keyring::items(KEYRING_SERVICE).expect("secret-tool reads the keyring"),
    );
    assert!(
        stored.refresh_token.is_some(),
        "the refresh token is in the keyring"
    );
    assert!(
        stored.id_token.is_some() && stored.access_token.is_some(),
        "the ID and access tokens are in the keyring"
    );
    let tokens = stored.secrets();
    let password = Secret::new("password", &user.password);
    let code = Secret::new("confirmation code", &code);
    let everything: Vec<Secret> = [password.clone(), code.clone()]
        .into_iter()
        .chain(tokens.clone())
        .collect();
    let mut leaks = Vec::new();

    let log = std::fs::read_to_string(&run.app_log).expect("the app's log was captured");
    assert!(
        log.contains(&*run.data_dir.to_string_lossy()),
        "the log holds the app's own lines (it names the data directory)"
    );
    leaks.extend(leaks::in_lines(&everything, &log, "the app log"));

    let audit = std::fs::read_to_string(&run.ipc_audit).expect("the IPC audit was written");
    let mut outbox_showed_code = false;
    for (index, line) in audit.lines().enumerate() {
        let entry: Value = serde_json::from_str(line).expect("each audit line is JSON");
        let channel = entry["channel"]
            .as_str()
            .expect("each audit line names its channel");
        let payload = entry["payload"].to_string();
        let place = format!("the IPC payload on {channel} (audit line {})", index + 1);
        if channel == "list_outbox" {
            // The documented exception: the outbox panel is local mode's simulated mailbox.
            outbox_showed_code |= code.occurs_in(&payload);
            let not_codes: Vec<Secret> = everything
                .iter()
                .filter(|s| s.name != code.name)
                .cloned()
                .collect();
            leaks.extend(leaks::in_text(&not_codes, &payload, &place));
        } else {
            leaks.extend(leaks::in_text(&everything, &payload, &place));
        }
    }
    assert!(
        outbox_showed_code,
        "the audit saw the outbox panel receive the code"
    );
    assert!(
        audit.contains(&user.username),
        "the audit saw the signed-in view"
    );

    // The pool's own database is the server side of Cognito: it keeps codes and issued tokens
    // as Cognito does, but never a password (it keeps an SRP verifier).
    let pool_dir = run.data_dir.join("pool");
    leaks.extend(
        leaks::in_files(&everything, &run.data_dir, &[&pool_dir])
            .expect("the data directory can be read"),
    );
    if pool_dir.exists() {
        leaks.extend(
            leaks::in_files(&[password], &pool_dir, &[]).expect("the pool directory can be read"),
        );
    }
    leaks.extend(
        leaks::in_files(&everything, &run.home, &[&run.data_dir]).expect("HOME can be read"),
    );

    let report: Vec<String> = leaks.iter().map(ToString::to_string).collect();
    assert!(report.is_empty(), "secrets leaked:\n{}", report.join("\n"));
}

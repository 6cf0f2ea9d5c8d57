//! The client core (`gatehouse-auth`'s `Auth` driver) against a real local pool over HTTP.
//!
//! Every test starts a pool on a loopback port with its own SQLite data directory (`core/local_pool.rs`),
//! and drives `Auth` with the intents the UI sends, reading confirmation codes from the pool's
//! outbox as a user would read their email. The session store is the in-memory one: the OS keyring
//! is covered by gatehouse-auth's keyring tests and by the end-to-end suite.
//! See https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html

use std::sync::Arc;

use gatehouse_auth::{
    view::{ErrorKind, Field, Screen},
    Intent, MemoryStore,
};

#[path = "core/mod.rs"]
mod app;
use app::local_pool::LocalPool;
use app::{signed_in_user, App, PASSWORD};

/// A user who signed up and confirmed with the emailed code, signed out, on the sign-in screen.
async fn confirmed_user(pool: &LocalPool, app: &App, username: &str) {
    app.sign_up(username, &[("email", &format!("{username}@example.com"))])
        .await;
    let view = app.confirm_sign_up(&pool.last_code_sent_to(username)).await;
    assert_eq!(view.error, None, "the emailed code confirms the sign-up");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_user_signs_up_confirms_with_the_emailed_code_and_signs_in() {
    let pool = LocalPool::start().await;
    let app = pool.app(&Arc::new(MemoryStore::default())).await;
    assert!(
        matches!(app.auth.view().screen, Screen::SignIn { .. }),
        "nobody is signed in at first"
    );

    let view = app
        .sign_up("alice", &[("email", "alice@example.com")])
        .await;
    let Screen::ConfirmSignUp { username, delivery } = &view.screen else {
        panic!("sign-up asks for the code, got {view:?}");
    };
    assert_eq!(username, "alice");
    let delivery = delivery
        .as_ref()
        .expect("the pool says where it sent the code");
    assert_eq!(delivery.medium, "EMAIL");
    assert_ne!(
        delivery.destination, "alice@example.com",
        "the address is masked"
    );

    let view = app.confirm_sign_up(&pool.last_code_sent_to("alice")).await;
    assert_eq!(view.error, None);
    assert_eq!(
        view.screen,
        Screen::SignIn {
            username: Some("alice".into()),
            username_field: gatehouse_auth::view::UsernameField::Username,
        },
        "after confirming, sign-in is pre-filled with the new username"
    );

    let view = app.sign_in("alice", PASSWORD).await;
    let user = signed_in_user(&view);
    assert_eq!(user.username, "alice");
    assert_eq!(user.email.as_deref(), Some("alice@example.com"));
    assert!(!user.sub.is_empty(), "the user has a sub");
    let expires = chrono::DateTime::parse_from_rfc3339(&user.session_expires_at)
        .expect("the expiry is an RFC 3339 timestamp");
    assert!(
        expires > chrono::Utc::now(),
        "the session has not expired yet"
    );

    let seen = app.seen.lock().unwrap();
    assert!(
        seen.iter().any(|view| view.busy),
        "the observer saw the form busy while the pool answered"
    );
    assert_eq!(seen.last(), Some(&view), "the observer saw the final view");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_in_user_is_restored_at_the_next_start_from_the_stored_session() {
    let pool = LocalPool::start().await;
    let store = Arc::new(MemoryStore::default());
    let first = pool.app(&store).await;
    confirmed_user(&pool, &first, "bob").await;
    let signed_in = first.sign_in("bob", PASSWORD).await;
    let sub = signed_in_user(&signed_in).sub.clone();

    let second = pool.app(&store).await;

    let restored = second.auth.view();
    assert_eq!(signed_in_user(&restored).username, "bob");
    assert_eq!(signed_in_user(&restored).sub, sub);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_is_refused_and_nothing_is_stored() {
    let pool = LocalPool::start().await;
    let store = Arc::new(MemoryStore::default());
    let app = pool.app(&store).await;
    confirmed_user(&pool, &app, "carol").await;

    let view = app.sign_in("carol", "Wrong-Horse-9-battery").await;

    assert!(
        matches!(view.screen, Screen::SignIn { .. }),
        "still on sign-in: {view:?}"
    );
    let error = view.error.expect("the refusal is shown");
    assert_eq!(
        (error.kind, error.field, error.detail),
        (ErrorKind::IncorrectCredentials, None, None),
        "the UI's sentence needs no detail, so none can repeat the password"
    );
    assert!(
        store.get(&pool.settings.store_key()).is_none(),
        "no session was stored"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_code_is_refused_next_to_the_code_field_and_the_right_one_still_confirms() {
    let pool = LocalPool::start().await;
    let app = pool.app(&Arc::new(MemoryStore::default())).await;
    app.sign_up("dave", &[("email", "dave@example.com")]).await;
    let code = pool.last_code_sent_to("dave");
    let wrong = if code == "000000" { "111111" } else { "000000" };

    let view = app.confirm_sign_up(wrong).await;

    assert!(
        matches!(view.screen, Screen::ConfirmSignUp { .. }),
        "still asked for the code"
    );
    let error = view.error.expect("the mismatch is shown");
    assert_eq!(error.kind, ErrorKind::CodeMismatch);
    assert_eq!(error.field, Some(Field::Code));
    let view = app.confirm_sign_up(&code).await;
    assert_eq!(view.error, None);
    assert!(
        matches!(view.screen, Screen::SignIn { .. }),
        "confirmed: {view:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_before_confirming_leads_to_the_confirm_screen() {
    let pool = LocalPool::start().await;
    let app = pool.app(&Arc::new(MemoryStore::default())).await;
    app.sign_up("erin", &[("email", "erin@example.com")]).await;

    let view = app.sign_in("erin", PASSWORD).await;

    let Screen::ConfirmSignUp { username, .. } = &view.screen else {
        panic!("an unconfirmed user is sent to confirm, got {view:?}");
    };
    assert_eq!(username, "erin");
    let view = app.confirm_sign_up(&pool.last_code_sent_to("erin")).await;
    assert_eq!(view.error, None, "the latest code confirms");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_forgets_the_session() {
    let pool = LocalPool::start().await;
    let store = Arc::new(MemoryStore::default());
    let app = pool.app(&store).await;
    confirmed_user(&pool, &app, "frank").await;
    signed_in_user(&app.sign_in("frank", PASSWORD).await);
    assert!(
        store.get(&pool.settings.store_key()).is_some(),
        "signing in stored the session"
    );

    let view = app.auth.dispatch(Intent::SignOut).await;

    assert!(
        matches!(view.screen, Screen::SignIn { .. }),
        "signed out: {view:?}"
    );
    assert!(
        store.get(&pool.settings.store_key()).is_none(),
        "the store is cleared"
    );
    let restarted = pool.app(&store).await;
    assert!(
        matches!(restarted.auth.view().screen, Screen::SignIn { .. }),
        "the next start finds no session"
    );
}

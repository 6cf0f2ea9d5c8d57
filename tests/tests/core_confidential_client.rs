//! The client core (`gatehouse-auth`'s `Auth` on its real SDK adapter) on a confidential app client
//! of a real local pool over HTTP: a client created with `GenerateSecret`, whose secret the app
//! holds (`PoolSettings::client_secret`), so every unauthenticated call carries
//! `SECRET_HASH = Base64(HMAC_SHA256(secret, username + client id))` and `RevokeToken` the secret.
//! A wrong secret is refused by the pool with Cognito's sentence and changes nothing.
//! See https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash

use std::sync::Arc;

use gatehouse_auth::{
    view::{ErrorKind, Field, NoticeKind, Screen},
    Intent, MemoryStore, TokenStore,
};

use gatehouse_tests::leaks::Secret;

#[path = "core/mod.rs"]
mod app;
use app::local_pool::LocalPool;
use app::{error_of, notice_kind, signed_in_user, App, PASSWORD};

/// Access tokens of the local pool live an hour.
const ACCESS_TOKEN_SECONDS: i64 = 60 * 60;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confidential_client_signs_up_confirms_signs_in_refreshes_and_signs_out() {
    let pool = LocalPool::start().await;
    let (settings, secret) = pool.confidential_client(None).await;
    let key = settings.store_key();
    let store = Arc::new(MemoryStore::new());
    let app = pool.app_on_pool_time(settings.clone(), &store).await;

    let view = app.sign_up("ivo", &[("email", "ivo@example.com")]).await;
    assert!(
        matches!(view.screen, Screen::ConfirmSignUp { .. }),
        "{view:?}"
    );
    let view = app.auth.dispatch(Intent::ResendSignUpCode).await;
    assert_eq!(
        (&view.error, notice_kind(&view)),
        (&None, Some(NoticeKind::NewCodeSent))
    );
    let view = app.confirm_sign_up(&pool.last_code_sent_to("ivo")).await;
    assert_eq!(view.error, None);
    let view = app.sign_in("ivo", PASSWORD).await;
    assert_eq!(signed_in_user(&view).username, "ivo");
    let first = store.get(&key).expect("signing in stored the session");

    // Just before the access token expires, the core refreshes it (REFRESH_TOKEN_AUTH with the
    // secret hash of the token's user).
    pool.let_pass(ACCESS_TOKEN_SECONDS - 30);
    let view = app.auth.ensure_fresh_session().await;

    assert_eq!(view.error, None, "{view:?}");
    assert_eq!(signed_in_user(&view).username, "ivo");
    let refreshed = store.get(&key).expect("the refreshed session is stored");
    assert_ne!(
        refreshed.access_token.expose(),
        first.access_token.expose(),
        "a new access token"
    );
    let due = app.auth.refresh_due_at().await.expect("signed in");
    assert!(due > pool.time.now(), "the new token is not due yet: {due}");

    // Signing out revokes the refresh token with the client's secret: a copy of the session
    // restored elsewhere is signed out.
    let copy = Arc::new(MemoryStore::new());
    copy.save(&key, &refreshed).expect("the copy is stored");
    app.sign_out().await;
    assert!(store.get(&key).is_none());
    let elsewhere = pool.app_on_pool_time(settings, &copy).await;
    let view = elsewhere.auth.view();
    assert!(matches!(view.screen, Screen::SignIn { .. }), "{view:?}");
    assert_eq!(error_of(&view).kind, ErrorKind::SessionEnded);
    let tokens = [&first, &refreshed].into_iter().flat_map(|session| {
        [
            Secret::jwt("access token", session.access_token.expose()),
            Secret::jwt("ID token", session.id_token.expose()),
            vec![Secret::new("refresh token", session.refresh_token.expose())],
        ]
        .concat()
    });
    let secrets: Vec<Secret> = tokens
        .chain([
            Secret::new("client secret", secret.as_str()),
            Secret::new("password", PASSWORD),
        ])
        .collect();
    app.assert_views_hold_none_of(&secrets);
    elsewhere.assert_views_hold_none_of(&secrets);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confidential_client_resets_a_forgotten_password() {
    let pool = LocalPool::start().await;
    let (settings, _) = pool.confidential_client(None).await;
    let app = App::start(settings, &Arc::new(MemoryStore::new())).await;
    app.sign_up("jan", &[("email", "jan@example.com")]).await;
    app.confirm_sign_up(&pool.last_code_sent_to("jan")).await;

    app.auth
        .dispatch(Intent::ShowForgotPassword { username: None })
        .await;
    app.auth
        .dispatch(Intent::RequestPasswordReset {
            username: "jan".into(),
        })
        .await;
    let view = app
        .reset_password(&pool.last_code_sent_to("jan"), "Brand-New-Pass-7")
        .await;

    assert_eq!(
        (&view.error, notice_kind(&view)),
        (&None, Some(NoticeKind::PasswordReset))
    );
    signed_in_user(&app.sign_in("jan", "Brand-New-Pass-7").await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_client_secret_is_refused_and_changes_nothing() {
    let pool = LocalPool::start().await;
    let (right, generated) = pool.confidential_client(None).await;
    let wrong_secret = format!("{generated}x");
    let mut wrong = right.clone();
    wrong.client_secret = Some(gatehouse_auth::ClientSecret::new(wrong_secret.clone()));
    let refused_as = format!(
        "Unable to verify secret hash for client {}",
        right.client_id
    );
    let store = Arc::new(MemoryStore::new());
    let app = App::start(wrong, &store).await;

    let view = app.sign_up("kim", &[("email", "kim@example.com")]).await;

    assert!(matches!(view.screen, Screen::SignUp { .. }), "{view:?}");
    let error = error_of(&view);
    assert_eq!(
        (error.kind, error.field, error.detail.as_deref()),
        (ErrorKind::NotAuthorized, None, Some(refused_as.as_str()))
    );
    let missing = pool.admin.user(&pool.ids, "kim").await.unwrap_err();
    assert_eq!(missing.code(), Some("UserNotFoundException"));
    assert_eq!(pool.messages_sent_to("kim"), 0, "no code was sent");

    // A user of the right client: the wrong secret neither signs them in nor starts a reset.
    let right_app = App::start(right.clone(), &Arc::new(MemoryStore::new())).await;
    right_app
        .sign_up("kim", &[("email", "kim@example.com")])
        .await;
    right_app
        .confirm_sign_up(&pool.last_code_sent_to("kim"))
        .await;
    let sent_before = pool.messages_sent_to("kim");
    let view = app.sign_in("kim", PASSWORD).await;
    assert!(matches!(view.screen, Screen::SignIn { .. }), "{view:?}");
    let error = error_of(&view);
    assert_eq!(
        (error.kind, error.field, error.detail.as_deref()),
        (ErrorKind::NotAuthorized, None, Some(refused_as.as_str()))
    );
    assert!(store.get(&right.store_key()).is_none(), "nothing stored");
    app.auth
        .dispatch(Intent::ShowForgotPassword { username: None })
        .await;
    let view = app
        .auth
        .dispatch(Intent::RequestPasswordReset {
            username: "kim".into(),
        })
        .await;
    assert!(
        matches!(view.screen, Screen::ForgotPassword { .. }),
        "{view:?}"
    );
    assert_eq!(error_of(&view).kind, ErrorKind::NotAuthorized);
    assert_eq!(pool.messages_sent_to("kim"), sent_before, "no reset code");
    signed_in_user(&right_app.sign_in("kim", PASSWORD).await);
    let secrets = [
        Secret::new("wrong client secret", wrong_secret.as_str()),
        Secret::new("client secret", generated.as_str()),
    ];
    app.assert_views_hold_none_of(&secrets);
    right_app.assert_views_hold_none_of(&secrets);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confidential_client_without_its_secret_is_told_the_secret_hash_is_missing() {
    let pool = LocalPool::start().await;
    let (mut settings, _) = pool.confidential_client(None).await;
    settings.client_secret = None;
    let app = App::start(settings.clone(), &Arc::new(MemoryStore::new())).await;

    let view = app.sign_up("lou", &[("email", "lou@example.com")]).await;

    let error = error_of(&view);
    assert_eq!(
        (error.kind, error.field, error.detail.clone()),
        (
            ErrorKind::NotAuthorized,
            None::<Field>,
            Some(format!(
                "Client {} is configured with secret but SECRET_HASH was not received",
                settings.client_id
            ))
        )
    );
    assert_eq!(pool.messages_sent_to("lou"), 0);
}

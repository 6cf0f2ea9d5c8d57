//! Restoring a session at start, the keyring's failures, and `start` being idempotent.

use std::sync::Arc;

use chrono::Duration;

use super::*;

/// A store holding a session signed in at `t0()` for one hour.
fn store_with_session() -> (Arc<MemoryStore>, crate::store::StoredSession) {
    let store = Arc::new(MemoryStore::new());
    let session = Session::from_tokens(tokens_at(t0()), t0())
        .unwrap()
        .to_stored();
    store.save(&settings().store_key(), &session).unwrap();
    (store, session)
}

#[tokio::test]
async fn restoring_a_valid_session_checks_it_and_signs_in() {
    let (store, stored) = store_with_session();
    let h = Harness::new(vec![user(&[], None)], store, t0() + Duration::minutes(5));
    let view = h.auth.start().await;
    assert!(matches!(view.screen, Screen::SignedIn { .. }), "{view:?}");
    assert_eq!(h.pool.calls(), ["GetUser"]);
    assert_eq!(h.stored(), Some(stored));
    assert!(
        h.seen.lock().unwrap()[0].busy,
        "the UI sees the restore in progress"
    );
}

#[tokio::test]
async fn restoring_an_expired_session_refreshes_and_stores_the_new_tokens() {
    let (store, stored) = store_with_session();
    let later = t0() + Duration::hours(3);
    let mut fresh = tokens_at(later);
    fresh.refresh_token = None;
    let h = Harness::new(
        vec![Reply::Tokens(Ok(fresh.clone())), user(&[], None)],
        store,
        later,
    );
    let view = h.auth.start().await;
    let Screen::SignedIn { user, .. } = view.screen else {
        panic!("{view:?}")
    };
    assert_eq!(
        user.session_expires_at,
        (later + Duration::hours(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    assert_eq!(
        h.pool.calls(),
        [
            format!("Refresh {}", stored.refresh_token.expose()),
            "GetUser".to_owned()
        ]
    );
    let now_stored = h.stored().unwrap();
    assert_eq!(now_stored.access_token, fresh.access_token);
    assert_eq!(
        now_stored.refresh_token, stored.refresh_token,
        "the refresh token is kept"
    );
}

/// After a `GlobalSignOut` from another device: the access token is refused, the refresh token
/// is tried and refused too, and the session ends.
#[tokio::test]
async fn restoring_a_session_revoked_elsewhere_clears_it() {
    let (store, _) = store_with_session();
    let h = Harness::new(
        vec![
            Reply::User(Err(from_code(
                Some("NotAuthorizedException"),
                Some("Access Token has been revoked"),
            ))),
            Reply::Tokens(Err(from_code(
                Some("NotAuthorizedException"),
                Some("Refresh Token has been revoked"),
            ))),
        ],
        store,
        t0() + Duration::minutes(5),
    );
    let view = h.auth.start().await;
    assert_eq!(
        view.screen,
        Screen::SignIn {
            username_field: crate::view::UsernameField::Username,
            username: Some("ana".into())
        }
    );
    assert_eq!(view.error.map(|e| e.kind), Some(ErrorKind::SessionEnded));
    assert_eq!(h.stored(), None);
    assert_eq!(h.pool.calls(), ["GetUser", "Refresh refresh-token-of-ana"]);
}

#[tokio::test]
async fn restoring_without_network_keeps_the_tokens() {
    let network = || AuthError::Network {
        detail: "connection refused".into(),
    };
    // Still valid: signed in on the stored tokens.
    let (store, stored) = store_with_session();
    let h = Harness::new(
        vec![Reply::User(Err(network()))],
        store,
        t0() + Duration::minutes(5),
    );
    assert!(matches!(
        h.auth.start().await.screen,
        Screen::SignedIn { .. }
    ));
    assert_eq!(h.stored(), Some(stored));

    // Expired: still signed in (the pool being down says nothing about the session), with the
    // network error, and the tokens stay.
    let (store, stored) = store_with_session();
    let h = Harness::new(
        vec![Reply::Tokens(Err(network()))],
        store,
        t0() + Duration::hours(2),
    );
    let view = h.auth.start().await;
    assert!(
        matches!(view.screen, Screen::SignedIn { .. }),
        "{:?}",
        view.screen
    );
    assert_eq!(view.error.map(|e| e.kind), Some(ErrorKind::Network));
    assert_eq!(h.stored(), Some(stored));
}

#[tokio::test]
async fn keyring_failures_are_reported_not_fatal() {
    let store = Arc::new(MemoryStore::new());
    store.set_failing(true);
    let h = Harness::new(
        vec![
            challenge("ana", None),
            Reply::Step(Ok(AuthStep::Authenticated(tokens_at(t0())))),
            user(&[], None),
        ],
        store,
        t0(),
    );
    let view = h.auth.start().await;
    assert_eq!(view.error.map(|e| e.kind), Some(ErrorKind::Keyring));
    let view = h.auth.dispatch(sign_in()).await;
    assert!(matches!(view.screen, Screen::SignedIn { .. }));
    assert_eq!(view.error.map(|e| e.kind), Some(ErrorKind::Keyring));
}

#[tokio::test]
async fn start_runs_once() {
    let h = Harness::new(vec![], Arc::new(MemoryStore::new()), t0());
    h.auth.start().await;
    let seen = h.seen.lock().unwrap().len();
    assert_eq!(h.auth.start().await.error, None);
    assert_eq!(h.seen.lock().unwrap().len(), seen);
}

//! A session's lifetime: refresh before expiry, one refresh for concurrent callers, and what a
//! revoked session or a lost network does.

use super::*;

#[tokio::test]
async fn concurrent_callers_share_one_refresh() {
    let later = t0() + Duration::minutes(59) + Duration::seconds(30);
    let h = Harness::signed_in(vec![Reply::Tokens(Ok(tokens_at(later)))]).await;
    h.set_now(later);
    let (first, second) =
        tokio::join!(h.auth.ensure_fresh_session(), h.auth.ensure_fresh_session());
    for view in [&first, &second] {
        assert!(matches!(view.screen, Screen::SignedIn { .. }), "{view:?}");
    }
    assert_eq!(h.pool.calls(), ["GetUser", "Refresh refresh-token-of-ana"]);
    let Screen::SignedIn { user, .. } = second.screen else {
        unreachable!("checked above")
    };
    assert_eq!(
        user.session_expires_at,
        (later + Duration::hours(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    assert_eq!(
        h.stored().unwrap().access_token,
        tokens_at(later).access_token
    );
}

#[tokio::test]
async fn a_session_not_yet_due_is_not_refreshed_and_says_when_it_will_be() {
    let h = Harness::signed_in(vec![]).await;
    h.auth.ensure_fresh_session().await;
    assert_eq!(h.pool.calls(), ["GetUser"]);
    assert_eq!(
        h.auth.refresh_due_at().await,
        Some(t0() + Duration::hours(1) - crate::session::REFRESH_MARGIN)
    );
}

#[tokio::test]
async fn a_refused_refresh_token_ends_the_session() {
    let later = t0() + Duration::minutes(59) + Duration::seconds(30);
    let revoked = from_code(
        Some("NotAuthorizedException"),
        Some("Refresh Token has been revoked"),
    );
    let h = Harness::signed_in(vec![Reply::Tokens(Err(revoked))]).await;
    h.set_now(later);
    let view = h.auth.ensure_fresh_session().await;
    assert_eq!(
        view.screen,
        Screen::SignIn {
            username_field: crate::view::UsernameField::Username,
            username: Some("ana".into())
        }
    );
    let error = view.error.unwrap();
    assert_eq!(error.kind, ErrorKind::SessionEnded);
    assert_eq!(h.stored(), None);
}

#[tokio::test]
async fn a_lost_network_never_ends_a_session() {
    let later = t0() + Duration::minutes(59) + Duration::seconds(30);
    let network = AuthError::Network {
        detail: "timeout".into(),
    };
    let h = Harness::signed_in(vec![Reply::Tokens(Err(network))]).await;
    h.set_now(later);
    let view = h.auth.ensure_fresh_session().await;
    assert!(matches!(view.screen, Screen::SignedIn { .. }));
    assert_eq!(view.error.map(|e| e.kind), Some(ErrorKind::Network));
    assert!(h.stored().is_some());
}

#[tokio::test]
async fn an_account_call_refused_for_a_revoked_token_ends_the_session() {
    let h = Harness::signed_in(vec![
        Reply::Unit(Err(from_code(
            Some("NotAuthorizedException"),
            Some("Access Token has been revoked"),
        ))),
        Reply::Tokens(Err(from_code(
            Some("NotAuthorizedException"),
            Some("Refresh Token has been revoked"),
        ))),
    ])
    .await;
    let view = h
        .auth
        .dispatch(Intent::SetMfaPreference {
            sms: MfaChoice::Enabled,
            totp: MfaChoice::Disabled,
        })
        .await;
    assert!(matches!(view.screen, Screen::SignIn { .. }), "{view:?}");
    assert_eq!(view.error.map(|e| e.kind), Some(ErrorKind::SessionEnded));
    assert_eq!(h.stored(), None);
}

#[tokio::test]
async fn keeping_fresh_refreshes_at_the_due_time() {
    let due = t0() + Duration::minutes(59) + Duration::seconds(30);
    let h = Harness::signed_in(vec![Reply::Tokens(Ok(tokens_at(due)))]).await;
    h.set_now(due);
    let Harness { auth, pool, .. } = h;
    let auth = std::sync::Arc::new(auth);
    let keeper = tokio::spawn(Auth::keep_fresh(std::sync::Arc::downgrade(&auth)));
    for _ in 0..200 {
        if pool.calls().len() == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(pool.calls(), ["GetUser", "Refresh refresh-token-of-ana"]);
    assert!(matches!(auth.view().screen, Screen::SignedIn { .. }));
    drop(auth);
    keeper.abort();
}

#[test]
fn failed_refreshes_back_off_up_to_a_bound() {
    use crate::driver::refresh_backoff;
    let waits: Vec<_> = (0..8).map(refresh_backoff).collect();
    assert_eq!(
        waits[0], FRESHNESS_CHECK,
        "after a success: the usual check"
    );
    assert!(waits.windows(2).all(|w| w[0] <= w[1]), "{waits:?}");
    assert!(waits[3] > waits[1], "{waits:?}");
    assert_eq!(waits[7], waits[6], "bounded: {waits:?}");
}

//! The signed-in screen: authenticator setup, MFA preferences, signing out here and everywhere.
//! (The user's attributes, password and account deletion: `user_account`.)

use super::user_account::summary;
use super::*;

#[tokio::test]
async fn an_authenticator_set_up_from_the_account_is_turned_on_and_preferred() {
    let h = Harness::signed_in(vec![
        Reply::Association(Ok(SoftwareTokenAssociation {
            secret: crate::secret::TotpSecret::new("JBSWY3DPEHPK3PXP".into()),
            session: None,
        })),
        Reply::Verified(Err(AuthError::CodeMismatch)),
        Reply::Verified(Ok(None)),
        Reply::Unit(Ok(())),
        user(&[MfaMethod::Totp], Some(MfaMethod::Totp)),
    ])
    .await;
    let view = h.auth.dispatch(Intent::SetUpTotp).await;
    let Screen::SetUpTotp { origin, setup, .. } = &view.screen else {
        panic!("{view:?}")
    };
    assert_eq!(*origin, crate::view::TotpSetupOrigin::Account);
    assert_eq!(setup.account, "ana");

    let verify = |text: &str| Intent::VerifyTotp {
        code: code(text),
        device_name: None,
    };
    let view = h.auth.dispatch(verify("000000")).await;
    assert_eq!(view.error.map(|e| e.kind), Some(ErrorKind::CodeMismatch));
    let view = h.auth.dispatch(verify(CODE)).await;
    assert_eq!(
        view.notice.clone().map(|n| (n.kind, n.destination)),
        Some((crate::view::NoticeKind::AuthenticatorOn, None))
    );
    let mfa = &summary(&view).mfa;
    assert_eq!(mfa.available, [MfaMethod::Sms, MfaMethod::Totp]);
    assert_eq!(
        (mfa.enabled.as_slice(), mfa.preferred),
        (&[MfaMethod::Totp][..], Some(MfaMethod::Totp))
    );
    // Cognito only registers a verified authenticator: the core turns it on, text messages off
    // as they were.
    assert_eq!(
        h.pool.calls()[1..],
        [
            "AssociateSoftwareToken access-token".to_owned(),
            "VerifySoftwareToken access-token 000000 -".to_owned(),
            format!("VerifySoftwareToken access-token {CODE} -"),
            "SetUserMFAPreference sms=Disabled totp=Preferred".to_owned(),
            "GetUser".to_owned(),
        ]
    );
}

#[tokio::test]
async fn cancelling_an_authenticator_setup_returns_to_the_account() {
    let h = Harness::signed_in(vec![Reply::Association(Ok(SoftwareTokenAssociation {
        secret: crate::secret::TotpSecret::new("JBSWY3DPEHPK3PXP".into()),
        session: None,
    }))])
    .await;
    h.auth.dispatch(Intent::SetUpTotp).await;
    let view = h.auth.dispatch(Intent::CancelTotpSetup).await;
    assert!(matches!(view.screen, Screen::SignedIn { .. }));
    assert_eq!(h.pool.calls().len(), 2);
}

#[tokio::test]
async fn preferences_the_pool_would_refuse_are_refused_here() {
    let h = Harness::signed_in(vec![]).await;
    let view = h
        .auth
        .dispatch(Intent::SetMfaPreference {
            sms: MfaChoice::Preferred,
            totp: MfaChoice::Preferred,
        })
        .await;
    assert!(matches!(view.screen, Screen::SignedIn { .. }));
    assert_eq!(view.error.map(|e| e.kind), Some(ErrorKind::NotOffered));
    assert_eq!(h.pool.calls(), ["GetUser"]);
}

#[tokio::test]
async fn signing_out_revokes_the_refresh_token_and_clears_the_store() {
    let h = Harness::signed_in(vec![Reply::Unit(Ok(()))]).await;
    let view = h.auth.dispatch(Intent::SignOut).await;
    assert_eq!(
        view.screen,
        Screen::SignIn {
            username_field: crate::view::UsernameField::Username,
            username: Some("ana".into())
        }
    );
    assert_eq!((view.error, view.notice), (None, None));
    assert_eq!(h.stored(), None);
    assert_eq!(
        h.pool.calls()[1],
        "RevokeToken refresh-token-of-ana",
        "the refresh token is revoked"
    );
}

#[tokio::test]
async fn signing_out_without_network_still_signs_out_here_and_says_so() {
    let network = AuthError::Network {
        detail: "connection refused".into(),
    };
    let h = Harness::signed_in(vec![Reply::Unit(Err(network))]).await;
    let view = h.auth.dispatch(Intent::SignOut).await;
    assert!(matches!(view.screen, Screen::SignIn { .. }));
    assert_eq!(
        view.notice.unwrap().kind,
        crate::view::NoticeKind::SignedOutLocally
    );
    assert_eq!(h.stored(), None);
}

#[tokio::test]
async fn signing_out_everywhere_needs_the_pool() {
    let network = AuthError::Network {
        detail: "connection refused".into(),
    };
    let h = Harness::signed_in(vec![Reply::Unit(Err(network)), Reply::Unit(Ok(()))]).await;
    let view = h.auth.dispatch(Intent::SignOutEverywhere).await;
    assert!(matches!(view.screen, Screen::SignedIn { .. }));
    assert_eq!(view.error.map(|e| e.kind), Some(ErrorKind::Network));
    assert!(h.stored().is_some(), "still signed in");

    let view = h.auth.dispatch(Intent::SignOutEverywhere).await;
    assert!(matches!(view.screen, Screen::SignIn { .. }));
    assert_eq!(
        view.notice.map(|n| (n.kind, n.destination)),
        Some((crate::view::NoticeKind::SignedOutEverywhere, None))
    );
    assert_eq!(h.stored(), None);
    assert_eq!(
        h.pool.calls(),
        ["GetUser", "GlobalSignOut", "GlobalSignOut"]
    );
}

#[tokio::test]
async fn signing_out_everywhere_with_a_due_token_refreshes_it_first() {
    let h = Harness::signed_in(vec![
        Reply::Tokens(Ok(tokens_at(t0() + Duration::minutes(59)))),
        Reply::Unit(Ok(())),
    ])
    .await;
    h.set_now(t0() + Duration::minutes(59) + Duration::seconds(30));
    let view = h.auth.dispatch(Intent::SignOutEverywhere).await;
    assert!(matches!(view.screen, Screen::SignIn { .. }), "{view:?}");
    assert_eq!(
        h.pool.calls(),
        ["GetUser", "Refresh refresh-token-of-ana", "GlobalSignOut"]
    );
}

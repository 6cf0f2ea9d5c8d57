//! A user's journey: sign up, confirm, sign in, sign out; and what the UI sees on the way.

use std::sync::Arc;

use super::*;

#[tokio::test]
async fn signing_up_confirming_signing_in_and_out() {
    let tokens = tokens_at(t0());
    let h = Harness::new(
        vec![
            Reply::SignUp(Ok(SignUpOutcome {
                user_confirmed: false,
                delivery: Some(delivery()),
            })),
            Reply::Resend(Ok(Some(delivery()))),
            Reply::Unit(Ok(())),
            challenge("ana-canonical-id", Some("srp-session-1")),
            Reply::Step(Ok(AuthStep::Authenticated(tokens.clone()))),
            user(&[], None),
            Reply::Unit(Ok(())),
        ],
        Arc::new(MemoryStore::new()),
        t0(),
    );
    assert_eq!(h.auth.view().screen, Screen::Starting);
    assert_eq!(
        h.auth.start().await.screen,
        Screen::SignIn {
            username_field: crate::view::UsernameField::Username,
            username: None
        }
    );
    assert_eq!(
        h.auth.dispatch(Intent::ShowSignUp).await.screen,
        sign_up_form()
    );

    let view = h
        .auth
        .dispatch(Intent::SignUp {
            username: "ana".into(),
            password: password(),
            attributes: email("ana@example.com"),
        })
        .await;
    assert_eq!(
        view.screen,
        Screen::ConfirmSignUp {
            username: "ana".into(),
            delivery: Some(delivery())
        }
    );
    assert_eq!(view.error, None);

    let view = h.auth.dispatch(Intent::ResendSignUpCode).await;
    assert_eq!(
        view.notice.map(|n| (n.kind, n.destination)),
        Some((
            crate::view::NoticeKind::NewCodeSent,
            Some("a***@e***.com".into())
        ))
    );

    let view = h
        .auth
        .dispatch(Intent::ConfirmSignUp {
            code: ConfirmationCode::new(CODE.into()),
        })
        .await;
    assert_eq!(
        view.screen,
        Screen::SignIn {
            username_field: crate::view::UsernameField::Username,
            username: Some("ana".into())
        }
    );

    let view = h.auth.dispatch(sign_in()).await;
    let Screen::SignedIn { user, .. } = &view.screen else {
        panic!("{view:?}")
    };
    assert_eq!(
        (user.username.as_str(), user.sub.as_str()),
        ("ana", "sub-ana")
    );
    assert_eq!(user.session_expires_at, "2023-11-14T23:13:20Z");
    let stored = h.stored().expect("the session is stored");
    assert_eq!(stored.refresh_token, tokens.refresh_token.clone().unwrap());

    let view = h.auth.dispatch(Intent::SignOut).await;
    assert_eq!(
        view.screen,
        Screen::SignIn {
            username_field: crate::view::UsernameField::Username,
            username: Some("ana".into())
        }
    );
    assert_eq!(h.stored(), None, "signing out clears the store");

    assert_eq!(
        h.pool.calls(),
        [
            "SignUp ana email=ana@example.com",
            "ResendConfirmationCode ana",
            format!("ConfirmSignUp ana {CODE}").as_str(),
            "InitiateAuth ana",
            // The proof names USER_ID_FOR_SRP and carries the challenge's Session back.
            "RespondToAuthChallenge ana-canonical-id srp-session-1",
            "GetUser",
            format!(
                "RevokeToken {}",
                tokens.refresh_token.as_ref().unwrap().expose()
            )
            .as_str(),
        ]
    );
    // The UI saw each action busy, then its result.
    let busy: Vec<bool> = h.seen.lock().unwrap().iter().map(|v| v.busy).collect();
    // restore 1, sign-up 1, resend 1, confirm 1, sign-in 4 (SRP steps 1 and 2, storing, GetUser),
    // sign-out 2 (RevokeToken, clearing).
    assert_eq!(busy.iter().filter(|b| **b).count(), 10, "{busy:?}");
    assert!(!busy.last().unwrap());
    h.assert_no_secret_reached_the_ui(&[
        PASSWORD,
        CODE,
        tokens.id_token.expose(),
        tokens.access_token.expose(),
        tokens.refresh_token.as_ref().unwrap().expose(),
        "srp-session-1",
        "c2VjcmV0LWJsb2Nr",
    ]);
}

//! Sign-in challenges after the password proof: SMS and authenticator codes, choosing a factor,
//! setting up an authenticator, a new password, and the errors that route elsewhere.

use super::*;

/// Signed out at start; the password proof is asked for first, then `replies` follow.
async fn harness(replies: Vec<Reply>) -> Harness {
    let mut script = vec![challenge("ana", Some("srp-session"))];
    script.extend(replies);
    Harness::signed_out(script).await
}

fn confirm_sign_in(code_text: &str) -> Intent {
    Intent::ConfirmSignIn {
        code: code(code_text),
    }
}

/// `SOFTWARE_TOKEN_MFA`: the code from an authenticator app.
const AUTHENTICATOR_CODE: ChallengeKind = ChallengeKind::Mfa {
    method: MfaMethod::Totp,
    delivery: None,
};

fn sms_delivery() -> CodeDelivery {
    CodeDelivery {
        medium: "SMS".into(),
        destination: "+*******0100".into(),
        attribute: Some("phone_number".into()),
    }
}

#[tokio::test]
async fn signing_in_with_an_sms_code_after_a_wrong_one() {
    let tokens = tokens_at(t0());
    let h = harness(vec![
        challenged(
            ChallengeKind::Mfa {
                method: MfaMethod::Sms,
                delivery: Some(sms_delivery()),
            },
            "mfa-session-1",
        ),
        Reply::Step(Err(err("CodeMismatchException"))),
        signed_in(&tokens),
        user(&[MfaMethod::Sms], Some(MfaMethod::Sms)),
    ])
    .await;
    let view = h.auth.dispatch(sign_in()).await;
    assert_eq!(
        view.screen,
        Screen::ConfirmSignIn {
            username: "ana".into(),
            method: MfaMethod::Sms,
            delivery: Some(sms_delivery()),
        }
    );
    let view = h.auth.dispatch(confirm_sign_in("111111")).await;
    assert!(matches!(view.screen, Screen::ConfirmSignIn { .. }));
    assert_eq!(refusal(&view), (ErrorKind::CodeMismatch, Some(Field::Code)));

    let view = h.auth.dispatch(confirm_sign_in(CODE)).await;
    let Screen::SignedIn { user, .. } = view.screen else {
        panic!("{view:?}")
    };
    assert_eq!(user.mfa.enabled, [MfaMethod::Sms]);
    assert!(h.stored().is_some());
    let calls = h.pool.calls();
    // The same challenge session answers again after a wrong code; USERNAME is USER_ID_FOR_SRP.
    assert_eq!(
        calls[2..4],
        [
            "RespondToAuthChallenge ana mfa-session-1 Sms code=111111".to_owned(),
            format!("RespondToAuthChallenge ana mfa-session-1 Sms code={CODE}"),
        ]
    );
    h.assert_no_secret_reached_the_ui(&[PASSWORD, CODE, "mfa-session-1", "srp-session"]);
}

#[tokio::test]
async fn choosing_the_authenticator_then_typing_its_code() {
    let h = harness(vec![
        challenged(
            ChallengeKind::SelectMfa {
                options: vec![MfaMethod::Sms, MfaMethod::Totp],
            },
            "select-session",
        ),
        challenged(AUTHENTICATOR_CODE, "totp-session"),
        signed_in(&tokens_at(t0())),
        user(&[MfaMethod::Sms, MfaMethod::Totp], None),
    ])
    .await;
    let view = h.auth.dispatch(sign_in()).await;
    assert_eq!(
        view.screen,
        Screen::SelectMfa {
            username: "ana".into(),
            options: vec![MfaMethod::Sms, MfaMethod::Totp],
        }
    );
    let view = h
        .auth
        .dispatch(Intent::SelectMfa {
            method: MfaMethod::Totp,
        })
        .await;
    assert_eq!(
        view.screen,
        Screen::ConfirmSignIn {
            username: "ana".into(),
            method: MfaMethod::Totp,
            delivery: None,
        }
    );
    let view = h.auth.dispatch(confirm_sign_in(CODE)).await;
    assert!(matches!(view.screen, Screen::SignedIn { .. }), "{view:?}");
    assert_eq!(
        h.pool.calls()[2..4],
        [
            "RespondToAuthChallenge ana select-session SELECT_MFA_TYPE Totp".to_owned(),
            format!("RespondToAuthChallenge ana totp-session Totp code={CODE}"),
        ]
    );
}

#[tokio::test]
async fn setting_up_an_authenticator_the_pool_requires_at_sign_in() {
    let h = harness(vec![
        challenged(ChallengeKind::MfaSetup, "setup-session-1"),
        Reply::Association(Ok(SoftwareTokenAssociation {
            secret: crate::secret::TotpSecret::new("JBSWY3DPEHPK3PXP".into()),
            session: Some(ChallengeSession::new("setup-session-2".into())),
        })),
        Reply::Verified(Err(AuthError::CodeMismatch)),
        Reply::Verified(Ok(Some(ChallengeSession::new("setup-session-3".into())))),
        signed_in(&tokens_at(t0())),
        user(&[MfaMethod::Totp], Some(MfaMethod::Totp)),
    ])
    .await;
    let view = h.auth.dispatch(sign_in()).await;
    let Screen::SetUpTotp {
        username,
        setup,
        origin,
    } = &view.screen
    else {
        panic!("{view:?}")
    };
    assert_eq!(
        (username.as_str(), *origin),
        ("ana", crate::view::TotpSetupOrigin::SignIn)
    );
    assert_eq!(setup.secret, "JBSWY3DPEHPK3PXP");
    assert_eq!(
        setup.uri,
        "otpauth://totp/Gatehouse:ana?secret=JBSWY3DPEHPK3PXP&issuer=Gatehouse"
    );
    assert!(setup.qr_svg.contains("<svg"));

    let verify = |code_text: &str| Intent::VerifyTotp {
        code: code(code_text),
        device_name: Some("Phone".into()),
    };
    let view = h.auth.dispatch(verify("000000")).await;
    assert!(matches!(view.screen, Screen::SetUpTotp { .. }));
    assert_eq!(view.error.map(|e| e.field), Some(Some(Field::Code)));
    let view = h.auth.dispatch(verify(CODE)).await;
    assert!(matches!(view.screen, Screen::SignedIn { .. }), "{view:?}");
    assert_eq!(
        h.pool.calls()[2..6],
        [
            "AssociateSoftwareToken session=setup-session-1".to_owned(),
            "VerifySoftwareToken session=setup-session-2 000000 Phone".to_owned(),
            format!("VerifySoftwareToken session=setup-session-2 {CODE} Phone"),
            "RespondToAuthChallenge ana setup-session-3 MFA_SETUP".to_owned(),
        ]
    );
    h.assert_no_secret_reached_the_ui(&[
        PASSWORD,
        CODE,
        "setup-session-1",
        "setup-session-2",
        "setup-session-3",
    ]);
}

#[tokio::test]
async fn a_new_password_with_its_required_attributes_then_an_authenticator_code() {
    let h = harness(vec![
        challenged(
            ChallengeKind::NewPassword {
                required_attributes: vec!["email".into(), "custom:team".into()],
            },
            "new-password-session",
        ),
        challenged(AUTHENTICATOR_CODE, "totp-session"),
        signed_in(&tokens_at(t0())),
        user(&[], None),
    ])
    .await;
    let view = h.auth.dispatch(sign_in()).await;
    let Screen::NewPassword {
        required_attributes,
        policy,
        ..
    } = &view.screen
    else {
        panic!("{view:?}")
    };
    let names: Vec<_> = required_attributes
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(names, ["email", "custom:team"]);
    assert_eq!(*policy, settings().password_policy);

    let attributes = BTreeMap::from([
        ("email".to_owned(), "ana@example.com".to_owned()),
        ("custom:team".to_owned(), "blue".to_owned()),
    ]);
    // Too weak for the policy: refused here, nothing sent.
    let view = h
        .auth
        .dispatch(Intent::CompleteNewPassword {
            password: Password::new("short".into()),
            attributes: attributes.clone(),
        })
        .await;
    assert_eq!(
        refusal(&view),
        (ErrorKind::PasswordTooShort, Some(Field::NewPassword))
    );
    // A required attribute left empty: refused next to it.
    let view = h
        .auth
        .dispatch(Intent::CompleteNewPassword {
            password: Password::new(NEW_PASSWORD.into()),
            attributes: BTreeMap::from([("email".to_owned(), "ana@example.com".to_owned())]),
        })
        .await;
    let error = view.error.unwrap();
    assert_eq!(error.attribute.as_deref(), Some("custom:team"));
    assert_eq!(h.pool.calls().len(), 2);

    let view = h
        .auth
        .dispatch(Intent::CompleteNewPassword {
            password: Password::new(NEW_PASSWORD.into()),
            attributes,
        })
        .await;
    assert!(
        matches!(view.screen, Screen::ConfirmSignIn { .. }),
        "{view:?}"
    );
    let view = h.auth.dispatch(confirm_sign_in(CODE)).await;
    assert!(matches!(view.screen, Screen::SignedIn { .. }), "{view:?}");
    assert_eq!(
        h.pool.calls()[2],
        "RespondToAuthChallenge ana new-password-session NEW_PASSWORD_REQUIRED \
         custom:team=blue,email=ana@example.com"
    );
    h.assert_no_secret_reached_the_ui(&[NEW_PASSWORD, "new-password-session"]);
}

#[tokio::test]
async fn an_expired_challenge_sends_the_user_back_to_sign_in() {
    let expired = from_code(
        Some("NotAuthorizedException"),
        Some("Invalid session for the user, session is expired."),
    );
    let h = harness(vec![
        challenged(AUTHENTICATOR_CODE, "stale-session"),
        Reply::Step(Err(expired)),
    ])
    .await;
    h.auth.dispatch(sign_in()).await;
    let view = h.auth.dispatch(confirm_sign_in(CODE)).await;
    assert_eq!(
        view.screen,
        Screen::SignIn {
            username_field: crate::view::UsernameField::Username,
            username: Some("ana".into())
        }
    );
    assert_eq!(
        view.error.map(|e| e.kind),
        Some(ErrorKind::ChallengeExpired)
    );
}

#[tokio::test]
async fn a_required_password_reset_sends_a_code_and_opens_the_reset_screen() {
    let h = harness(vec![
        Reply::Step(Err(err("PasswordResetRequiredException"))),
        Reply::Resend(Ok(Some(delivery()))),
    ])
    .await;
    let view = h.auth.dispatch(sign_in()).await;
    assert_eq!(
        view.screen,
        Screen::ResetPassword {
            username: "ana".into(),
            delivery: Some(delivery()),
            policy: settings().password_policy,
        }
    );
    assert_eq!(
        view.error.map(|e| e.kind),
        Some(ErrorKind::PasswordResetRequired)
    );
    assert_eq!(
        view.notice.unwrap().destination.as_deref(),
        Some("a***@e***.com")
    );
    assert_eq!(h.pool.calls().last().unwrap(), "ForgotPassword ana");
}

#[tokio::test]
async fn refusals_carry_their_kind_and_the_pools_sentence_where_the_ui_needs_it() {
    for (code, message, kind, detail) in [
        (
            "NotAuthorizedException",
            "Password attempts exceeded",
            ErrorKind::PasswordAttemptsExceeded,
            None,
        ),
        (
            "NotAuthorizedException",
            "Incorrect username or password.",
            ErrorKind::IncorrectCredentials,
            None,
        ),
        (
            "LimitExceededException",
            "Attempt limit exceeded, please try after some time.",
            ErrorKind::LimitExceeded,
            Some("Attempt limit exceeded, please try after some time."),
        ),
    ] {
        let h = harness(vec![Reply::Step(Err(from_code(Some(code), Some(message))))]).await;
        let view = h.auth.dispatch(sign_in()).await;
        let error = view.error.unwrap();
        assert_eq!((error.kind, error.detail.as_deref()), (kind, detail));
    }
}

#[tokio::test]
async fn a_challenge_the_core_does_not_answer_is_reported() {
    let h = harness(vec![Reply::Step(Ok(AuthStep::OtherChallenge {
        name: "CUSTOM_CHALLENGE".into(),
    }))])
    .await;
    let view = h.auth.dispatch(sign_in()).await;
    assert!(matches!(view.screen, Screen::SignIn { .. }));
    let error = view.error.unwrap();
    assert_eq!(
        (error.kind, error.detail.as_deref()),
        (ErrorKind::UnsupportedChallenge, Some("CUSTOM_CHALLENGE"))
    );
}

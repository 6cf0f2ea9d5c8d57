//! Every Cognito error a flow can meet, and the local checks that spare a call.

use super::*;

#[tokio::test]
async fn every_cognito_error_of_a_flow_reaches_the_view_with_its_kind_and_field() {
    type Case = (&'static str, ErrorKind, Option<Field>);
    let sign_up_errors: [Case; 9] = [
        (
            "UsernameExistsException",
            ErrorKind::UsernameExists,
            Some(Field::Username),
        ),
        (
            "AliasExistsException",
            ErrorKind::AliasExists,
            Some(Field::Attribute),
        ),
        (
            "InvalidPasswordException",
            ErrorKind::InvalidPassword,
            Some(Field::Password),
        ),
        (
            "InvalidParameterException",
            ErrorKind::InvalidParameter,
            None,
        ),
        ("LimitExceededException", ErrorKind::LimitExceeded, None),
        ("TooManyRequestsException", ErrorKind::TooManyRequests, None),
        (
            "UserLambdaValidationException",
            ErrorKind::UserLambdaValidation,
            None,
        ),
        ("InternalErrorException", ErrorKind::PoolError, None),
        ("SomethingNewException", ErrorKind::Service, None),
    ];
    for (code, kind, field) in sign_up_errors {
        let h = Harness::signed_out(vec![Reply::SignUp(Err(err(code)))]).await;
        h.auth.dispatch(Intent::ShowSignUp).await;
        let view = h.auth.dispatch(sign_up()).await;
        assert_eq!(view.screen, sign_up_form(), "{code}");
        assert_eq!(refusal(&view), (kind, field), "{code}");
    }

    let confirm_errors: [Case; 5] = [
        (
            "CodeMismatchException",
            ErrorKind::CodeMismatch,
            Some(Field::Code),
        ),
        (
            "ExpiredCodeException",
            ErrorKind::ExpiredCode,
            Some(Field::Code),
        ),
        ("LimitExceededException", ErrorKind::LimitExceeded, None),
        (
            "TooManyFailedAttemptsException",
            ErrorKind::TooManyRequests,
            None,
        ),
        (
            "UserNotFoundException",
            ErrorKind::UserNotFound,
            Some(Field::Username),
        ),
    ];
    for (code, kind, field) in confirm_errors {
        let h = Harness::signed_out(vec![
            Reply::SignUp(Ok(SignUpOutcome {
                user_confirmed: false,
                delivery: None,
            })),
            Reply::Unit(Err(err(code))),
        ])
        .await;
        h.auth.dispatch(Intent::ShowSignUp).await;
        h.auth.dispatch(sign_up()).await;
        let view = h
            .auth
            .dispatch(Intent::ConfirmSignUp {
                code: ConfirmationCode::new(CODE.into()),
            })
            .await;
        assert!(
            matches!(view.screen, Screen::ConfirmSignUp { .. }),
            "{code}"
        );
        assert_eq!(refusal(&view), (kind, field), "{code}");
    }

    let sign_in_errors: [Case; 5] = [
        ("NotAuthorizedException", ErrorKind::NotAuthorized, None),
        (
            "UserNotFoundException",
            ErrorKind::UserNotFound,
            Some(Field::Username),
        ),
        ("TooManyRequestsException", ErrorKind::TooManyRequests, None),
        ("LimitExceededException", ErrorKind::LimitExceeded, None),
        (
            "UserLambdaValidationException",
            ErrorKind::UserLambdaValidation,
            None,
        ),
    ];
    for (code, kind, field) in sign_in_errors {
        // Cognito refuses a wrong password at the proof, an unknown user at InitiateAuth: try both.
        for at_proof in [false, true] {
            let mut replies = Vec::new();
            if at_proof {
                replies.push(challenge("ana", None));
            }
            replies.push(Reply::Step(Err(err(code))));
            let h = Harness::signed_out(replies).await;
            let view = h.auth.dispatch(sign_in()).await;
            assert_eq!(
                view.screen,
                Screen::SignIn {
                    username_field: crate::view::UsernameField::Username,
                    username: Some("ana".into())
                },
                "{code}"
            );
            assert_eq!(refusal(&view), (kind, field), "{code}");
            assert_eq!(h.stored(), None);
        }
    }
}

#[tokio::test]
async fn an_unconfirmed_user_signing_in_lands_on_the_confirm_screen_with_a_new_code() {
    let h = Harness::signed_out(vec![
        challenge("ana", None),
        Reply::Step(Err(err("UserNotConfirmedException"))),
        Reply::Resend(Ok(Some(delivery()))),
    ])
    .await;
    let view = h.auth.dispatch(sign_in()).await;
    assert_eq!(
        view.screen,
        Screen::ConfirmSignUp {
            username: "ana".into(),
            delivery: Some(delivery())
        }
    );
    assert_eq!(
        view.error.map(|e| e.kind),
        Some(ErrorKind::UserNotConfirmed)
    );
    assert_eq!(h.pool.calls().last().unwrap(), "ResendConfirmationCode ana");
}

#[tokio::test]
async fn local_validation_sends_nothing() {
    let h = Harness::signed_out(vec![]).await;
    let view = h
        .auth
        .dispatch(Intent::SignIn {
            username: String::new(),
            password: password(),
        })
        .await;
    assert_eq!(refusal(&view), (ErrorKind::Required, Some(Field::Username)));
    assert!(h.pool.calls().is_empty());
}

#[tokio::test]
async fn an_action_the_screen_does_not_offer_is_reported_and_changes_nothing() {
    let h = Harness::signed_out(vec![]).await;
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
            username: None
        }
    );
    assert_eq!(
        view.error.map(|e| e.kind),
        Some(ErrorKind::UnexpectedAction)
    );
    // The machine is still usable.
    assert_eq!(
        h.auth.dispatch(Intent::ShowSignUp).await.screen,
        sign_up_form()
    );
}

#[tokio::test]
async fn a_password_echoed_by_the_pool_is_scrubbed() {
    let echo = AuthError::InvalidPassword {
        message: format!("{PASSWORD} is too weak"),
    };
    let h = Harness::signed_out(vec![Reply::SignUp(Err(echo))]).await;
    h.auth.dispatch(Intent::ShowSignUp).await;
    let view = h.auth.dispatch(sign_up()).await;
    assert_eq!(
        view.error.unwrap().detail.as_deref(),
        Some("[redacted] is too weak")
    );
    h.assert_no_secret_reached_the_ui(&[PASSWORD]);
}

//! Forgot password: asking for a code, a new one, and setting the new password.

use super::*;

fn reset_screen() -> Screen {
    Screen::ResetPassword {
        username: "ana".into(),
        delivery: Some(delivery()),
        policy: settings().password_policy,
    }
}

fn confirm(code_text: &str, password: &str) -> Intent {
    Intent::ConfirmPasswordReset {
        code: code(code_text),
        password: Password::new(password.into()),
    }
}

#[tokio::test]
async fn resetting_a_forgotten_password() {
    let h = Harness::signed_out(vec![
        Reply::Resend(Ok(Some(delivery()))),
        Reply::Resend(Ok(Some(delivery()))),
        Reply::Unit(Ok(())),
    ])
    .await;
    let view = h
        .auth
        .dispatch(Intent::ShowForgotPassword {
            username: Some("ana".into()),
        })
        .await;
    assert_eq!(
        view.screen,
        Screen::ForgotPassword {
            username_field: crate::view::UsernameField::Username,
            username: Some("ana".into())
        }
    );
    let view = h
        .auth
        .dispatch(Intent::RequestPasswordReset {
            username: "ana".into(),
        })
        .await;
    assert_eq!(view.screen, reset_screen());
    assert_eq!(
        view.notice.map(|n| (n.kind, n.destination)),
        Some((
            crate::view::NoticeKind::CodeSent,
            Some("a***@e***.com".into())
        ))
    );

    let view = h.auth.dispatch(Intent::ResendPasswordResetCode).await;
    assert_eq!(view.screen, reset_screen());
    assert_eq!(
        view.notice.map(|n| (n.kind, n.destination)),
        Some((
            crate::view::NoticeKind::NewCodeSent,
            Some("a***@e***.com".into())
        ))
    );

    // Checked here first: a malformed code, a password the policy refuses.
    for (intent, kind, field) in [
        (
            confirm("12", NEW_PASSWORD),
            ErrorKind::InvalidCode,
            Field::Code,
        ),
        (
            confirm(CODE, "password"),
            ErrorKind::PasswordNeedsUppercase,
            Field::NewPassword,
        ),
    ] {
        let view = h.auth.dispatch(intent).await;
        assert_eq!(refusal(&view), (kind, Some(field)));
    }

    let view = h.auth.dispatch(confirm(CODE, NEW_PASSWORD)).await;
    assert_eq!(
        view.screen,
        Screen::SignIn {
            username_field: crate::view::UsernameField::Username,
            username: Some("ana".into())
        }
    );
    assert_eq!(
        view.notice.unwrap().kind,
        crate::view::NoticeKind::PasswordReset
    );
    assert_eq!(
        h.pool.calls(),
        [
            "ForgotPassword ana".to_owned(),
            "ForgotPassword ana".to_owned(),
            format!("ConfirmForgotPassword ana {CODE}"),
        ]
    );
    h.assert_no_secret_reached_the_ui(&[NEW_PASSWORD, CODE]);
}

#[tokio::test]
async fn the_pools_refusals_of_a_reset_land_next_to_their_field() {
    let cases = [
        (
            err("CodeMismatchException"),
            ErrorKind::CodeMismatch,
            Some(Field::Code),
        ),
        (
            err("ExpiredCodeException"),
            ErrorKind::ExpiredCode,
            Some(Field::Code),
        ),
        (
            err("InvalidPasswordException"),
            ErrorKind::InvalidPassword,
            Some(Field::NewPassword),
        ),
        (
            err("LimitExceededException"),
            ErrorKind::LimitExceeded,
            None,
        ),
    ];
    for (error, kind, field) in cases {
        let h = Harness::signed_out(vec![
            Reply::Resend(Ok(Some(delivery()))),
            Reply::Unit(Err(error)),
        ])
        .await;
        h.auth
            .dispatch(Intent::ShowForgotPassword { username: None })
            .await;
        h.auth
            .dispatch(Intent::RequestPasswordReset {
                username: "ana".into(),
            })
            .await;
        let view = h.auth.dispatch(confirm(CODE, NEW_PASSWORD)).await;
        assert_eq!(view.screen, reset_screen());
        assert_eq!(refusal(&view), (kind, field));
    }
}

#[tokio::test]
async fn a_reset_request_the_pool_refuses_stays_on_the_form() {
    let h = Harness::signed_out(vec![Reply::Resend(Err(err("LimitExceededException")))]).await;
    h.auth
        .dispatch(Intent::ShowForgotPassword { username: None })
        .await;
    let view = h
        .auth
        .dispatch(Intent::RequestPasswordReset {
            username: String::new(),
        })
        .await;
    assert_eq!(view.error.map(|e| e.field), Some(Some(Field::Username)));
    assert!(h.pool.calls().is_empty());
    let view = h
        .auth
        .dispatch(Intent::RequestPasswordReset {
            username: "ana".into(),
        })
        .await;
    assert_eq!(
        view.screen,
        Screen::ForgotPassword {
            username_field: crate::view::UsernameField::Username,
            username: Some("ana".into())
        }
    );
    assert_eq!(view.error.map(|e| e.kind), Some(ErrorKind::LimitExceeded));
}

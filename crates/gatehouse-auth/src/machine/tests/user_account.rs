//! The account requests on the signed-in screen: bad input is refused next to its field and sends
//! nothing, a due token is refreshed first, a change reloads the user, and the pool's refusals
//! land where the user looks.

use chrono::Duration;

use super::rules::{error_of, feedback_of, step};
use super::*;
use crate::view::{AuthView, NoticeKind};

fn signed_in() -> AuthState {
    AuthState::SignedIn {
        account: account(),
        feedback: Feedback::default(),
    }
}

fn update(pairs: &[(&str, &str)]) -> AuthEvent {
    AuthEvent::AttributesSubmitted {
        attributes: pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

fn change(current: &str, new: &str) -> AuthEvent {
    AuthEvent::PasswordChangeSubmitted {
        current: Password::new(current.into()),
        new: Password::new(new.into()),
    }
}

fn verify_code(attribute: &str, code: &str) -> AuthEvent {
    AuthEvent::AttributeCodeSubmitted {
        attribute: attribute.into(),
        code: ConfirmationCode::new(code.into()),
    }
}

#[test]
fn bad_profile_input_is_refused_on_the_signed_in_screen_without_a_call() {
    let cases = [
        // The ID token says ana@example.com: saving it again changes nothing.
        (
            update(&[("email", "ana@example.com")]),
            ErrorKind::NothingChanged,
            None,
            None,
        ),
        (
            update(&[("email", "nope")]),
            ErrorKind::InvalidEmail,
            Some(Field::Attribute),
            Some("email"),
        ),
        (
            update(&[("sub", "other")]),
            ErrorKind::NotOffered,
            Some(Field::Attribute),
            Some("sub"),
        ),
        (
            verify_code("email", "12"),
            ErrorKind::InvalidCode,
            Some(Field::Code),
            Some("email"),
        ),
        (
            verify_code("custom:team", "123456"),
            ErrorKind::AttributeNotVerifiable,
            Some(Field::Attribute),
            Some("custom:team"),
        ),
        (
            AuthEvent::AttributeCodeResendRequested {
                attribute: "locale".into(),
            },
            ErrorKind::AttributeNotVerifiable,
            Some(Field::Attribute),
            Some("locale"),
        ),
        (
            change("", "Brand-New-Password-7"),
            ErrorKind::Required,
            Some(Field::CurrentPassword),
            None,
        ),
        (
            change("Correct-Horse-1", "weak"),
            ErrorKind::PasswordTooShort,
            Some(Field::NewPassword),
            None,
        ),
        (
            change("Correct-Horse-1", "Correct-Horse-1"),
            ErrorKind::PasswordUnchanged,
            Some(Field::NewPassword),
            None,
        ),
    ];
    for (event, kind, field, attribute) in cases {
        let name = event.name();
        let (next, effects) = step(signed_in(), event, t0());
        assert_eq!(next.name(), "SignedIn", "{name}");
        assert!(effects.is_empty(), "{name}: nothing may be sent");
        let error = AuthView::of(&next, &pool()).error.expect("an error");
        assert_eq!(
            (error.kind, error.field, error.attribute.as_deref()),
            (kind, field, attribute),
            "{name}"
        );
    }
}

#[test]
fn a_profile_request_with_a_due_token_refreshes_first_then_goes_on() {
    let due = t0() + Duration::minutes(59) + Duration::seconds(30);
    for (event, busy, call) in [
        (
            update(&[("email", "new@example.com")]),
            "SavingAttributes",
            "CallUpdateUserAttributes",
        ),
        (
            change("Correct-Horse-1", "Brand-New-Password-7"),
            "ChangingPassword",
            "CallChangePassword",
        ),
        (
            AuthEvent::AccountDeletionRequested,
            "DeletingAccount",
            "CallDeleteUser",
        ),
    ] {
        let (next, effects) = step(signed_in(), event, due);
        assert_eq!(effects, ["RefreshTokens"]);
        let tokens = fixtures::tokens("ana", due, Duration::hours(1));
        let (next, _) = step(next, AuthEvent::TokensRefreshed(tokens), due);
        let (next, effects) = step(next, AuthEvent::TokensStored, due);
        assert_eq!((next.name(), effects), (busy, vec![call]));
    }
}

#[test]
fn an_update_with_a_deletion_runs_both_calls_then_reloads_the_user() {
    let mut account = account();
    account.user = Some(RemoteUser {
        username: "ana".into(),
        attributes: [
            ("email".to_owned(), "ana@example.com".to_owned()),
            ("custom:team".to_owned(), "blue".to_owned()),
        ]
        .into(),
        ..RemoteUser::default()
    });
    let state = AuthState::SignedIn {
        account,
        feedback: Feedback::default(),
    };
    let (next, effects) = step(
        state,
        update(&[("email", "new@example.com"), ("custom:team", "")]),
        t0(),
    );
    assert_eq!(effects, ["CallUpdateUserAttributes"]);
    let sent = delivery().unwrap();
    let (next, effects) = step(
        next,
        AuthEvent::AttributesUpdated {
            deliveries: vec![sent.clone()],
        },
        t0(),
    );
    assert_eq!(effects, ["CallDeleteUserAttributes"]);
    let (next, effects) = step(next, AuthEvent::AttributesDeleted, t0());
    assert_eq!(
        (next.name(), effects),
        ("VerifyingSession", vec!["CallGetUser"])
    );
    let notice = feedback_of(&next).unwrap().notice.clone().unwrap();
    assert_eq!(
        (notice.kind, notice.destination.as_deref()),
        (
            NoticeKind::VerificationCodeSent,
            Some(sent.destination.as_str())
        )
    );
}

#[test]
fn the_pools_refusals_land_where_the_user_looks() {
    // A wrong current password: next to it, and the session goes on.
    let (next, effects) = step(
        AuthState::ChangingPassword { account: account() },
        AuthEvent::CallFailed(AuthError::IncorrectCredentials),
        t0(),
    );
    assert!(effects.is_empty());
    let error = AuthView::of(&next, &pool()).error.unwrap();
    assert_eq!(
        (error.kind, error.field),
        (
            ErrorKind::IncorrectCredentials,
            Some(Field::CurrentPassword)
        )
    );
    // The pool's policy refusing the new password: next to the new one.
    let (next, _) = step(
        AuthState::ChangingPassword { account: account() },
        AuthEvent::CallFailed(AuthError::InvalidPassword {
            message: "Password not long enough".into(),
        }),
        t0(),
    );
    let error = AuthView::of(&next, &pool()).error.unwrap();
    assert_eq!(error.field, Some(Field::NewPassword));
    // A wrong verification code: next to the code of that attribute.
    let (next, _) = step(
        AuthState::VerifyingAttribute {
            account: account(),
            attribute: "phone_number".into(),
        },
        AuthEvent::CallFailed(AuthError::CodeMismatch),
        t0(),
    );
    let error = AuthView::of(&next, &pool()).error.unwrap();
    assert_eq!(
        (error.kind, error.field, error.attribute.as_deref()),
        (
            ErrorKind::CodeMismatch,
            Some(Field::Code),
            Some("phone_number")
        )
    );
}

#[test]
fn a_refused_access_token_is_refreshed_and_a_dead_session_ends() {
    for state in [
        AuthState::ChangingPassword { account: account() },
        AuthState::DeletingAccount { account: account() },
        AuthState::SendingAttributeCode {
            account: account(),
            attribute: "email".into(),
        },
    ] {
        let (next, effects) = step(
            state,
            AuthEvent::CallFailed(AuthError::NotAuthorized {
                message: "Access Token has been revoked".into(),
            }),
            t0(),
        );
        assert_eq!(effects, ["RefreshTokens"]);
        let (next, effects) = step(
            next,
            AuthEvent::CallFailed(AuthError::NotAuthorized {
                message: "Refresh Token has been revoked".into(),
            }),
            t0(),
        );
        assert_eq!(effects, ["ClearTokens"]);
        assert_eq!(error_of(&next), Some(&AuthError::SessionEnded));
    }
}

#[test]
fn a_deleted_account_clears_the_session_and_says_so() {
    let (next, effects) = step(
        AuthState::DeletingAccount { account: account() },
        AuthEvent::UserDeleted,
        t0(),
    );
    assert_eq!(effects, ["ClearTokens"]);
    let (next, _) = step(next, AuthEvent::TokensCleared, t0());
    assert_eq!(next.name(), "SignedOut");
    assert_eq!(
        feedback_of(&next).unwrap().notice.as_ref().map(|n| n.kind),
        Some(NoticeKind::AccountDeleted)
    );
}

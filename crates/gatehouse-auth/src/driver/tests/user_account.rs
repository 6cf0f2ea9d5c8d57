//! The signed-in screen's profile: editing attributes (update, delete), verifying an email with
//! its code, changing the password, deleting the account; and that bad input or a refusal
//! changes nothing while a token revoked elsewhere ends the session.

use super::*;
use crate::view::{NoticeKind, UserAttribute};

/// What `GetUser` answers for ana after a change: her attributes as given.
fn user_with(attributes: &[(&str, &str)]) -> Reply {
    Reply::User(Ok(RemoteUser {
        username: "ana".into(),
        attributes: attributes
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        ..RemoteUser::default()
    }))
}

fn notice(view: &AuthView) -> Option<(NoticeKind, Option<&str>)> {
    view.notice
        .as_ref()
        .map(|n| (n.kind, n.destination.as_deref()))
}

fn attribute<'a>(view: &'a AuthView, name: &str) -> &'a UserAttribute {
    summary(view)
        .attributes
        .iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("no {name} in {view:?}"))
}

fn update(pairs: &[(&str, &str)]) -> Intent {
    Intent::UpdateAttributes {
        attributes: pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

pub(super) fn summary(view: &AuthView) -> &crate::view::UserSummary {
    match &view.screen {
        Screen::SignedIn { user, .. } => user,
        other => panic!("expected the signed-in screen, got {other:?}"),
    }
}

#[tokio::test]
async fn editing_attributes_saves_the_changes_and_shows_the_new_values() {
    let h = Harness::signed_in(vec![
        Reply::Deliveries(Ok(vec![delivery()])),
        user_with(&[
            ("sub", "sub-ana"),
            ("email", "new@example.com"),
            ("email_verified", "false"),
            ("custom:team", "red"),
        ]),
    ])
    .await;
    let view = h
        .auth
        .dispatch(update(&[
            ("email", "new@example.com"),
            ("custom:team", "red"),
        ]))
        .await;
    assert_eq!(
        h.pool.calls()[1..],
        [
            "UpdateUserAttributes custom:team=red,email=new@example.com",
            "GetUser"
        ]
    );
    assert_eq!(view.error, None);
    assert_eq!(
        notice(&view),
        Some((NoticeKind::VerificationCodeSent, Some("a***@e***.com")))
    );
    let names: Vec<_> = summary(&view).attributes.iter().map(|a| &a.name).collect();
    assert_eq!(names, ["email", "custom:team"], "no sub, no flags");
    let email = attribute(&view, "email");
    assert_eq!(
        (email.value.as_str(), email.verified, email.editable),
        ("new@example.com", Some(false), true)
    );
    assert_eq!(attribute(&view, "custom:team").verified, None);
}

/// Signed in at start, `GetUser` answering with `attributes`; `replies` follow.
async fn signed_in_with(attributes: &[(&str, &str)], replies: Vec<Reply>) -> Harness {
    let store = Arc::new(MemoryStore::new());
    let session = crate::session::Session::from_tokens(tokens_at(t0()), t0())
        .unwrap()
        .to_stored();
    store.save(&settings().store_key(), &session).unwrap();
    let mut script = vec![user_with(attributes)];
    script.extend(replies);
    let h = Harness::new(script, store, t0() + Duration::minutes(5));
    h.auth.start().await;
    h
}

#[tokio::test]
async fn an_emptied_optional_attribute_is_deleted_after_the_update() {
    let h = signed_in_with(
        &[("email", "ana@example.com"), ("custom:team", "blue")],
        vec![
            Reply::Deliveries(Ok(Vec::new())),
            Reply::Unit(Ok(())),
            user_with(&[("email", "ana@example.com"), ("locale", "fr")]),
        ],
    )
    .await;
    let view = h
        .auth
        .dispatch(update(&[
            ("email", "ana@example.com"),
            ("custom:team", ""),
            ("locale", "fr"),
        ]))
        .await;
    assert_eq!(
        h.pool.calls()[1..],
        [
            "UpdateUserAttributes locale=fr",
            "DeleteUserAttributes custom:team",
            "GetUser"
        ]
    );
    assert_eq!(notice(&view), Some((NoticeKind::AttributesSaved, None)));
    assert_eq!(attribute(&view, "locale").value, "fr");
}

#[tokio::test]
async fn attribute_changes_that_cannot_be_saved_change_nothing() {
    let taken = from_code(
        Some("AliasExistsException"),
        Some("An account with the given email already exists."),
    );
    let h = Harness::signed_in(vec![Reply::Deliveries(Err(taken))]).await;
    let before = h.stored();
    // Refused here: nothing changed, a malformed phone number, a read-only attribute.
    for (intent, kind, attribute) in [
        (
            update(&[("email", "ana@example.com")]),
            ErrorKind::NothingChanged,
            None,
        ),
        (
            update(&[("phone_number", "555")]),
            ErrorKind::InvalidPhone,
            Some("phone_number"),
        ),
        (update(&[("sub", "x")]), ErrorKind::NotOffered, Some("sub")),
    ] {
        let view = h.auth.dispatch(intent).await;
        let error = view.error.clone().unwrap();
        assert_eq!((error.kind, error.attribute.as_deref()), (kind, attribute));
        assert_eq!(summary(&view).email.as_deref(), Some("ana@example.com"));
    }
    assert_eq!(h.pool.calls(), ["GetUser"], "nothing was sent");
    // Refused by the pool: shown next to the attribute, the screen as it was.
    let view = h
        .auth
        .dispatch(update(&[("email", "taken@example.com")]))
        .await;
    let error = view.error.clone().unwrap();
    assert_eq!(
        (error.kind, error.field, error.attribute.as_deref()),
        (
            ErrorKind::AliasExists,
            Some(Field::Attribute),
            Some("email")
        )
    );
    assert_eq!(attribute(&view, "email").value, "ana@example.com");
    assert_eq!(h.stored(), before);
}

#[tokio::test]
async fn verifying_an_email_with_its_code() {
    let h = signed_in_with(
        &[("email", "ana@example.com"), ("email_verified", "false")],
        vec![
            Reply::Resend(Ok(Some(delivery()))),
            Reply::Unit(Err(AuthError::CodeMismatch)),
            Reply::Unit(Ok(())),
            user_with(&[("email", "ana@example.com"), ("email_verified", "true")]),
        ],
    )
    .await;
    let email = || "email".to_owned();
    let view = h
        .auth
        .dispatch(Intent::ResendAttributeCode { attribute: email() })
        .await;
    assert_eq!(
        notice(&view),
        Some((NoticeKind::VerificationCodeSent, Some("a***@e***.com")))
    );
    let view = h
        .auth
        .dispatch(Intent::VerifyAttribute {
            attribute: email(),
            code: code("000000"),
        })
        .await;
    let error = view.error.unwrap();
    assert_eq!(
        (error.kind, error.field, error.attribute.as_deref()),
        (ErrorKind::CodeMismatch, Some(Field::Code), Some("email"))
    );
    let view = h
        .auth
        .dispatch(Intent::VerifyAttribute {
            attribute: email(),
            code: code(CODE),
        })
        .await;
    assert_eq!(notice(&view), Some((NoticeKind::AttributeVerified, None)));
    assert_eq!(attribute(&view, "email").verified, Some(true));
    assert_eq!(
        h.pool.calls()[1..],
        [
            "GetUserAttributeVerificationCode email",
            "VerifyUserAttribute email 000000",
            format!("VerifyUserAttribute email {CODE}").as_str(),
            "GetUser"
        ]
    );
    h.assert_no_secret_reached_the_ui(&[CODE]);
}

#[tokio::test]
async fn changing_the_password_checks_the_current_one() {
    let wrong = from_code(
        Some("NotAuthorizedException"),
        Some("Incorrect username or password."),
    );
    let h = Harness::signed_in(vec![Reply::Unit(Err(wrong)), Reply::Unit(Ok(()))]).await;
    let change = || Intent::ChangePassword {
        current: password(),
        new: Password::new(NEW_PASSWORD.into()),
    };
    let view = h
        .auth
        .dispatch(Intent::ChangePassword {
            current: password(),
            new: password(),
        })
        .await;
    assert_eq!(
        refusal(&view),
        (ErrorKind::PasswordUnchanged, Some(Field::NewPassword))
    );
    let view = h.auth.dispatch(change()).await;
    assert_eq!(
        refusal(&view),
        (
            ErrorKind::IncorrectCredentials,
            Some(Field::CurrentPassword)
        )
    );
    assert!(
        h.stored().is_some(),
        "a wrong password does not end the session"
    );
    let view = h.auth.dispatch(change()).await;
    assert!(matches!(view.screen, Screen::SignedIn { .. }));
    assert_eq!(notice(&view), Some((NoticeKind::PasswordChanged, None)));
    assert_eq!(h.pool.calls()[1..], ["ChangePassword", "ChangePassword"]);
    h.assert_no_secret_reached_the_ui(&[PASSWORD, NEW_PASSWORD]);
}

#[tokio::test]
async fn deleting_the_account_clears_the_keyring_and_says_so() {
    let h = Harness::signed_in(vec![Reply::Unit(Ok(()))]).await;
    let view = h.auth.dispatch(Intent::DeleteAccount).await;
    assert_eq!(
        view.screen,
        Screen::SignIn {
            username_field: crate::view::UsernameField::Username,
            username: None
        }
    );
    assert_eq!(notice(&view), Some((NoticeKind::AccountDeleted, None)));
    assert_eq!(view.error, None);
    assert_eq!(h.stored(), None);
    assert_eq!(h.pool.calls()[1..], ["DeleteUser"]);
}

#[tokio::test]
async fn a_token_revoked_elsewhere_ends_the_session_on_an_account_change() {
    let revoked = |what: &str| {
        from_code(
            Some("NotAuthorizedException"),
            Some(&format!("{what} Token has been revoked")),
        )
    };
    let h = Harness::signed_in(vec![
        Reply::Unit(Err(revoked("Access"))),
        Reply::Tokens(Err(revoked("Refresh"))),
    ])
    .await;
    let view = h.auth.dispatch(Intent::DeleteAccount).await;
    assert!(matches!(view.screen, Screen::SignIn { .. }), "{view:?}");
    assert_eq!(view.error.map(|e| e.kind), Some(ErrorKind::SessionEnded));
    assert_eq!(h.stored(), None);
    assert_eq!(
        h.pool.calls()[1..],
        ["DeleteUser", "Refresh refresh-token-of-ana"]
    );
}

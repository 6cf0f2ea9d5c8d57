//! Pools that sign in by email or phone number (`UsernameAttributes`): the username field derived
//! from the pool, the sign-up that sends the email (or phone number) as Cognito's `Username`, its
//! refusals on the attribute, and the sign-in form pre-filled with what the user signs in with,
//! never the generated username.

use std::collections::BTreeMap;

use super::*;
use crate::view::{AttributeKind, AuthView, Screen, UsernameField};

/// A pool whose users sign in with `attributes` (`email`, `phone_number`).
fn pool_by(attributes: &[&str]) -> crate::PoolSettings {
    crate::PoolSettings {
        username_attributes: attributes.iter().map(|a| (*a).to_owned()).collect(),
        ..pool()
    }
}

fn sign_up(
    pool: &crate::PoolSettings,
    username: &str,
    attributes: &[(&str, &str)],
) -> (AuthState, Vec<Effect>) {
    let attributes: BTreeMap<String, String> = attributes
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let event = AuthEvent::SignUpSubmitted {
        username: username.into(),
        password: Password::new("Correct-horse-1".into()),
        attributes,
    };
    let state = AuthState::SignUpForm {
        feedback: Feedback::default(),
    };
    transition(state, event, Context { now: t0(), pool }).unwrap()
}

/// Cognito's `Username` and attributes of the `SignUp` call.
fn sent(outcome: &(AuthState, Vec<Effect>)) -> (String, Vec<String>) {
    match &outcome.1[..] {
        [Effect::CallSignUp {
            username,
            attributes,
            ..
        }] => (username.clone(), attributes.keys().cloned().collect()),
        other => panic!("expected one SignUp call, got {other:?}"),
    }
}

/// The error shown on the sign-up form: (kind, field, attribute).
fn refused(outcome: &(AuthState, Vec<Effect>)) -> (ErrorKind, Option<Field>, Option<String>) {
    assert!(outcome.1.is_empty(), "{:?}", outcome.1);
    match &outcome.0 {
        AuthState::SignUpForm { feedback } => {
            let view = feedback.error.as_ref().expect("an error").to_view();
            (view.kind, view.field, view.attribute)
        }
        other => panic!("expected the sign-up form, got {}", other.name()),
    }
}

fn on_attribute(kind: ErrorKind, name: &str) -> (ErrorKind, Option<Field>, Option<String>) {
    (kind, Some(Field::Attribute), Some(name.to_owned()))
}

#[test]
fn the_username_field_follows_the_pools_username_attributes() {
    let field = |attributes: &[&str]| pool_by(attributes).username_field();
    assert_eq!(field(&[]), UsernameField::Username);
    assert_eq!(field(&["email"]), UsernameField::Email);
    assert_eq!(field(&["phone_number"]), UsernameField::PhoneNumber);
    assert_eq!(
        field(&["phone_number", "email"]),
        UsernameField::EmailOrPhone
    );
    assert_eq!(pool().username_attributes, Vec::<String>::new());
}

#[test]
fn the_sign_up_form_requires_the_attribute_the_user_signs_in_with() {
    let shape = |pool: &crate::PoolSettings| -> Vec<(String, bool)> {
        let fields = pool.sign_up_form_fields();
        fields.into_iter().map(|f| (f.name, f.required)).collect()
    };
    let optional_email = crate::PoolSettings {
        sign_up_fields: vec![AttributeField {
            required: false,
            ..email_field()
        }],
        ..pool_by(&["email"])
    };
    assert_eq!(shape(&optional_email), [("email".to_owned(), true)]);
    assert_eq!(
        shape(&pool_by(&["phone_number"])),
        [
            ("phone_number".to_owned(), true),
            ("email".to_owned(), true)
        ],
        "the phone number is added in front, required; the pool's own fields stay as they are"
    );
    let either = crate::PoolSettings {
        sign_up_fields: Vec::new(),
        ..pool_by(&["email", "phone_number"])
    };
    assert_eq!(
        shape(&either),
        [
            ("email".to_owned(), false),
            ("phone_number".to_owned(), false)
        ],
        "either will do: the sign-up checks that one is given"
    );
    let phone = &either.sign_up_form_fields()[1];
    assert_eq!(
        (phone.label.as_str(), phone.kind),
        ("Phone number", AttributeKind::Phone)
    );
}

#[test]
fn a_sign_up_by_email_sends_the_email_as_the_username_and_ignores_the_username_typed() {
    let pool = pool_by(&["email"]);
    let outcome = sign_up(&pool, "", &[("email", "ada@example.com")]);
    assert_eq!(
        sent(&outcome),
        ("ada@example.com".to_owned(), vec!["email".to_owned()])
    );
    assert!(matches!(
        &outcome.0,
        AuthState::SigningUp { username } if username == "ada@example.com"
    ));
    let typed = sign_up(&pool, "some name", &[("email", "ada@example.com")]);
    assert_eq!(sent(&typed).0, "ada@example.com");
}

#[test]
fn a_sign_up_by_email_is_refused_on_the_email_attribute() {
    let pool = pool_by(&["email"]);
    assert_eq!(
        refused(&sign_up(&pool, "", &[])),
        on_attribute(ErrorKind::Required, "email")
    );
    assert_eq!(
        refused(&sign_up(&pool, "ada", &[("email", "ada.example.com")])),
        on_attribute(ErrorKind::InvalidEmail, "email")
    );
}

#[test]
fn a_sign_up_by_phone_number_checks_e164_on_the_phone_attribute() {
    let pool = crate::PoolSettings {
        sign_up_fields: Vec::new(),
        ..pool_by(&["phone_number"])
    };
    assert_eq!(
        refused(&sign_up(&pool, "", &[("phone_number", "0612345678")])),
        on_attribute(ErrorKind::InvalidPhone, "phone_number")
    );
    assert_eq!(
        refused(&sign_up(&pool, "", &[])),
        on_attribute(ErrorKind::Required, "phone_number")
    );
    let outcome = sign_up(&pool, "", &[("phone_number", "+33612345678")]);
    assert_eq!(sent(&outcome).0, "+33612345678");
}

#[test]
fn with_email_or_phone_one_of_the_two_is_needed_and_the_email_comes_first() {
    let pool = crate::PoolSettings {
        sign_up_fields: Vec::new(),
        ..pool_by(&["email", "phone_number"])
    };
    assert_eq!(
        refused(&sign_up(
            &pool,
            "ada",
            &[("email", ""), ("phone_number", "")]
        )),
        on_attribute(ErrorKind::Required, "email")
    );
    assert_eq!(
        sent(&sign_up(&pool, "", &[("phone_number", "+33612345678")])),
        ("+33612345678".to_owned(), vec!["phone_number".to_owned()])
    );
    let both = sign_up(
        &pool,
        "",
        &[
            ("email", "ada@example.com"),
            ("phone_number", "+33612345678"),
        ],
    );
    assert_eq!(sent(&both).0, "ada@example.com");
    assert_eq!(
        refused(&sign_up(&pool, "", &[("email", "nope")])),
        on_attribute(ErrorKind::InvalidEmail, "email")
    );
}

#[test]
fn a_pool_of_usernames_still_wants_a_username() {
    assert_eq!(
        refused(&sign_up(&pool(), "", &[("email", "ada@example.com")])),
        (ErrorKind::Required, Some(Field::Username), None)
    );
    let outcome = sign_up(&pool(), "ada", &[("email", "ada@example.com")]);
    assert_eq!(sent(&outcome).0, "ada");
}

/// A session in a pool of emails: Cognito's username is generated, the email is what the user
/// signs in with.
fn generated_account() -> Account {
    let tokens = fixtures::tokens("0f8fad5b-d9cb-469f", t0(), Duration::hours(1));
    Account::new(Session::from_tokens(tokens, t0()).unwrap())
}

fn signed_in() -> AuthState {
    AuthState::SignedIn {
        account: generated_account(),
        feedback: Feedback::default(),
    }
}

fn prefilled(state: &AuthState) -> Option<String> {
    match state {
        AuthState::ClearingSession { username, .. } | AuthState::SignedOut { username, .. } => {
            username.clone()
        }
        other => panic!("expected the way to the sign-in form, got {}", other.name()),
    }
}

#[test]
fn signing_out_pre_fills_the_email_not_the_generated_username() {
    let pool = pool_by(&["email"]);
    let cx = Context {
        now: t0(),
        pool: &pool,
    };
    let (state, _) = transition(signed_in(), AuthEvent::SignOutRequested, cx).unwrap();
    let (state, _) = transition(state, AuthEvent::TokenRevoked, cx).unwrap();
    assert_eq!(
        prefilled(&state).as_deref(),
        Some("0f8fad5b-d9cb-469f@example.com")
    );
    let (state, _) = transition(
        state,
        AuthEvent::TokensCleared,
        Context {
            now: t0(),
            pool: &pool,
        },
    )
    .unwrap();
    assert_eq!(
        AuthView::of(&state, &pool).screen,
        Screen::SignIn {
            username: Some("0f8fad5b-d9cb-469f@example.com".into()),
            username_field: UsernameField::Email,
        }
    );
}

#[test]
fn a_session_the_pool_ended_pre_fills_the_email_too() {
    let pool = pool_by(&["email"]);
    let cx = Context {
        now: t0(),
        pool: &pool,
    };
    let verifying = AuthState::VerifyingSession {
        account: generated_account(),
        shown: true,
        may_refresh: false,
        feedback: Feedback::default(),
    };
    let (state, _) = transition(
        verifying,
        AuthEvent::CallFailed(AuthError::SessionEnded),
        cx,
    )
    .unwrap();
    assert_eq!(
        prefilled(&state).as_deref(),
        Some("0f8fad5b-d9cb-469f@example.com")
    );
    let (state, _) = transition(signed_in(), AuthEvent::SignOutRequested, at(t0())).unwrap();
    let (state, _) = transition(state, AuthEvent::TokenRevoked, at(t0())).unwrap();
    assert_eq!(
        prefilled(&state).as_deref(),
        Some("0f8fad5b-d9cb-469f"),
        "a pool of usernames pre-fills the username"
    );
}

#[test]
fn the_three_screens_carry_the_username_field() {
    let pool = pool_by(&["email"]);
    let view = |state: AuthState| AuthView::of(&state, &pool).screen;
    let sign_in = view(AuthState::SignedOut {
        username: None,
        feedback: Feedback::default(),
    });
    assert_eq!(
        sign_in,
        Screen::SignIn {
            username: None,
            username_field: UsernameField::Email
        }
    );
    let forgot = view(AuthState::ForgotPasswordForm {
        username: Some("ada@example.com".into()),
        feedback: Feedback::default(),
    });
    assert_eq!(
        forgot,
        Screen::ForgotPassword {
            username: Some("ada@example.com".into()),
            username_field: UsernameField::Email
        }
    );
    let Screen::SignUp { form } = view(AuthState::SignUpForm {
        feedback: Feedback::default(),
    }) else {
        panic!("expected the sign-up form");
    };
    assert_eq!(form.username_field, UsernameField::Email);
    assert!(form.fields.iter().any(|f| f.name == "email" && f.required));
    let json = serde_json::to_value(&sign_in).unwrap();
    assert_eq!(json["usernameField"], "email");
    let either = pool_by(&["email", "phone_number"]);
    let json = serde_json::to_value(AuthView::of(
        &AuthState::SignUpForm {
            feedback: Feedback::default(),
        },
        &either,
    ))
    .unwrap();
    assert_eq!(json["screen"]["form"]["usernameField"], "emailOrPhone");
    let phone = serde_json::to_value(UsernameField::PhoneNumber).unwrap();
    assert_eq!(phone, "phoneNumber");
}

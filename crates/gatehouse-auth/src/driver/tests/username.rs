//! A pool whose users sign in by email (`UsernameAttributes: ["email"]`): the sign-up sends the
//! email as the username, the confirmation names the email, and the sign-in form is pre-filled
//! with the email, never the username Cognito generated; the password proof names that
//! generated username (`USER_ID_FOR_SRP`).

use std::sync::Arc;

use super::*;
use crate::secret::IdToken;
use crate::view::UsernameField;

const GENERATED: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";
const ADA: &str = "ada@example.com";

fn by_email() -> PoolSettings {
    PoolSettings {
        username_attributes: vec!["email".into()],
        ..settings()
    }
}

/// Tokens of a user whose Cognito username is generated and whose email is ada's.
fn generated_tokens() -> Tokens {
    let base = fixtures::tokens(GENERATED, t0(), Duration::hours(1));
    let (iat, exp) = (t0().timestamp(), (t0() + Duration::hours(1)).timestamp());
    Tokens {
        id_token: IdToken::new(fixtures::jwt(serde_json::json!({
            "sub": GENERATED, "cognito:username": GENERATED,
            "email": ADA, "email_verified": true,
            "token_use": "id", "iat": iat, "exp": exp,
        }))),
        ..base
    }
}

fn sign_in_form(username: Option<&str>) -> Screen {
    Screen::SignIn {
        username: username.map(str::to_owned),
        username_field: UsernameField::Email,
    }
}

#[tokio::test]
async fn signing_up_by_email_confirming_and_signing_in_with_the_email() {
    let tokens = generated_tokens();
    let h = Harness::on(
        by_email(),
        vec![
            Reply::SignUp(Ok(SignUpOutcome {
                user_confirmed: false,
                delivery: Some(delivery()),
            })),
            Reply::Unit(Ok(())),
            challenge(GENERATED, Some("srp-session-1")),
            Reply::Step(Ok(AuthStep::Authenticated(tokens.clone()))),
            user(&[], None),
            Reply::Unit(Ok(())),
        ],
        Arc::new(MemoryStore::new()),
        t0(),
    );
    assert_eq!(h.auth.start().await.screen, sign_in_form(None));
    let Screen::SignUp { form } = h.auth.dispatch(Intent::ShowSignUp).await.screen else {
        panic!("expected the sign-up form");
    };
    assert_eq!(form.username_field, UsernameField::Email);
    assert!(form.fields.iter().any(|f| f.name == "email" && f.required));

    // The UI sends no username: the email is the username.
    let view = h
        .auth
        .dispatch(Intent::SignUp {
            username: String::new(),
            password: password(),
            attributes: email(ADA),
        })
        .await;
    assert_eq!(
        view.screen,
        Screen::ConfirmSignUp {
            username: ADA.into(),
            delivery: Some(delivery())
        }
    );
    let view = h
        .auth
        .dispatch(Intent::ConfirmSignUp { code: code(CODE) })
        .await;
    assert_eq!(view.screen, sign_in_form(Some(ADA)));

    let view = h
        .auth
        .dispatch(Intent::SignIn {
            username: ADA.into(),
            password: password(),
        })
        .await;
    assert!(matches!(view.screen, Screen::SignedIn { .. }), "{view:?}");
    let view = h.auth.dispatch(Intent::SignOut).await;
    assert_eq!(
        view.screen,
        sign_in_form(Some(ADA)),
        "the email, not the generated username"
    );
    assert_eq!(
        h.pool.calls(),
        [
            format!("SignUp {ADA} email={ADA}").as_str(),
            format!("ConfirmSignUp {ADA} {CODE}").as_str(),
            format!("InitiateAuth {ADA}").as_str(),
            format!("RespondToAuthChallenge {GENERATED} srp-session-1").as_str(),
            "GetUser",
            format!(
                "RevokeToken {}",
                tokens.refresh_token.as_ref().unwrap().expose()
            )
            .as_str(),
        ]
    );
    let views = h.seen.lock().unwrap();
    let shown: Vec<String> = views
        .iter()
        .map(|v| serde_json::to_string(&v.screen).unwrap())
        .filter(|json| json.contains("\"kind\":\"signIn\""))
        .collect();
    assert!(
        shown.iter().all(|json| !json.contains(GENERATED)),
        "{shown:?}"
    );
}

#[tokio::test]
async fn a_malformed_email_is_refused_on_the_email_field_and_forgot_password_asks_for_the_email() {
    let h = Harness::on(by_email(), Vec::new(), Arc::new(MemoryStore::new()), t0());
    h.auth.start().await;
    h.auth.dispatch(Intent::ShowSignUp).await;
    let view = h
        .auth
        .dispatch(Intent::SignUp {
            username: String::new(),
            password: password(),
            attributes: email("ada.example.com"),
        })
        .await;
    let error = view.error.expect("an error");
    assert_eq!(
        (error.kind, error.field, error.attribute.as_deref()),
        (
            ErrorKind::InvalidEmail,
            Some(Field::Attribute),
            Some("email")
        )
    );
    assert!(h.pool.calls().is_empty());
    h.auth.dispatch(Intent::ShowSignIn).await;
    let view = h
        .auth
        .dispatch(Intent::ShowForgotPassword {
            username: Some(ADA.into()),
        })
        .await;
    assert_eq!(
        view.screen,
        Screen::ForgotPassword {
            username: Some(ADA.into()),
            username_field: UsernameField::Email
        }
    );
}

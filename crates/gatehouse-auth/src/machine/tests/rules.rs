//! Transition rules that depend on an event's content or on time: validation, where an
//! unconfirmed user goes, restore and refresh decisions, and what ends a session.

use chrono::{DateTime, Duration, Utc};

use super::*;

pub(super) fn feedback_of(state: &AuthState) -> Option<&Feedback> {
    use AuthState as S;
    match state {
        S::SignedOut { feedback, .. }
        | S::SignUpForm { feedback }
        | S::AwaitingSignUpCode { feedback, .. }
        | S::AwaitingMfaCode { feedback, .. }
        | S::AwaitingMfaChoice { feedback, .. }
        | S::SettingUpTotp { feedback, .. }
        | S::AwaitingNewPassword { feedback, .. }
        | S::ForgotPasswordForm { feedback, .. }
        | S::AwaitingResetCode { feedback, .. }
        | S::ClearingSession { feedback, .. }
        | S::VerifyingSession { feedback, .. }
        | S::SignedIn { feedback, .. } => Some(feedback),
        _ => None,
    }
}

pub(super) fn error_of(state: &AuthState) -> Option<&AuthError> {
    feedback_of(state).and_then(|f| f.error.as_ref())
}

pub(super) fn step(
    state: AuthState,
    event: AuthEvent,
    now: DateTime<Utc>,
) -> (AuthState, Vec<&'static str>) {
    let (next, effects) = transition(state, event, at(now)).expect("event should be accepted");
    let names = effects.iter().map(Effect::name).collect();
    (next, names)
}

#[test]
fn invalid_input_is_refused_locally_next_to_its_field() {
    let sign_up = |username: &str, password: &str, email: &str| AuthEvent::SignUpSubmitted {
        username: username.into(),
        password: Password::new(password.into()),
        attributes: [("email".to_owned(), email.to_owned())].into(),
    };
    let form = || AuthState::SignUpForm {
        feedback: Feedback::default(),
    };
    let signed_out = || AuthState::SignedOut {
        username: None,
        feedback: Feedback::default(),
    };
    let awaiting = || AuthState::AwaitingSignUpCode {
        username: "ana".into(),
        delivery: None,
        feedback: Feedback::default(),
    };
    let code = |c: &str| AuthEvent::SignUpCodeSubmitted {
        code: ConfirmationCode::new(c.into()),
    };
    let sign_in = |u: &str, p: &str| AuthEvent::SignInSubmitted {
        username: u.into(),
        password: Password::new(p.into()),
    };
    use ErrorKind::{InvalidCode, InvalidEmail, Required};
    let cases: Vec<(AuthState, AuthEvent, ErrorKind, Field)> = vec![
        (
            form(),
            sign_up("", "pw", "a@b.co"),
            Required,
            Field::Username,
        ),
        (
            form(),
            sign_up("ana", "", "a@b.co"),
            Required,
            Field::Password,
        ),
        (form(), sign_up("ana", "pw", ""), Required, Field::Attribute),
        (
            form(),
            sign_up("ana", "pw", "not-an-email"),
            InvalidEmail,
            Field::Attribute,
        ),
        (awaiting(), code(""), Required, Field::Code),
        (awaiting(), code("12345"), InvalidCode, Field::Code),
        (awaiting(), code("abcdef"), InvalidCode, Field::Code),
        (signed_out(), sign_in("", "pw"), Required, Field::Username),
        (signed_out(), sign_in("ana", ""), Required, Field::Password),
    ];
    for (state, event, kind, field) in cases {
        let before = state.name();
        let (next, effects) = step(state, event, t0());
        assert_eq!(next.name(), before);
        assert!(effects.is_empty(), "nothing may be sent: {effects:?}");
        let error = error_of(&next).expect("an error");
        assert_eq!((error.kind(), error.field()), (kind, Some(field)));
    }
}

#[test]
fn an_unconfirmed_user_signing_in_is_sent_to_the_confirm_screen_with_a_new_code() {
    for state in [
        AuthState::SigningIn {
            username: "ana".into(),
        },
        AuthState::VerifyingPassword {
            username: "ana".into(),
            user_id: "ana".into(),
            device: None,
        },
    ] {
        let (next, effects) = step(
            state,
            AuthEvent::CallFailed(AuthError::UserNotConfirmed),
            t0(),
        );
        assert_eq!(effects, ["CallResendConfirmationCode"]);
        let (next, _) = step(
            next,
            AuthEvent::CodeResent {
                delivery: delivery(),
            },
            t0(),
        );
        let AuthState::AwaitingSignUpCode {
            username,
            delivery: sent,
            feedback,
        } = next
        else {
            panic!("expected the confirm screen, got {}", next.name());
        };
        assert_eq!(username, "ana");
        assert_eq!(sent, delivery());
        assert_eq!(feedback.error, Some(AuthError::UserNotConfirmed));
        assert_eq!(
            feedback.notice.unwrap().destination.as_deref(),
            Some("a***@e***.com")
        );
    }
}

#[test]
fn a_sign_up_the_pool_confirms_itself_goes_straight_to_sign_in() {
    let outcome = SignUpOutcome {
        user_confirmed: true,
        delivery: None,
    };
    let (next, effects) = step(
        AuthState::SigningUp {
            username: "ana".into(),
        },
        AuthEvent::SignUpAccepted(outcome),
        t0(),
    );
    assert!(effects.is_empty());
    assert!(matches!(next, AuthState::SignedOut { username: Some(ref u), .. } if u == "ana"));
}

#[test]
fn restoring_checks_a_valid_session_and_refreshes_a_due_one() {
    let stored = session().to_stored();
    let (next, effects) = step(
        AuthState::RestoringSession,
        AuthEvent::StoredSessionLoaded(Some(stored.clone())),
        t0() + Duration::minutes(10),
    );
    assert_eq!(
        (next.name(), effects),
        ("VerifyingSession", vec!["CallGetUser"])
    );

    let (next, effects) = step(
        AuthState::RestoringSession,
        AuthEvent::StoredSessionLoaded(Some(stored)),
        t0() + Duration::minutes(59) + Duration::seconds(30),
    );
    assert_eq!(
        (next.name(), effects),
        ("RefreshingSession", vec!["RefreshTokens"])
    );
}

#[test]
fn definitive_answers_clear_the_session_and_transient_ones_keep_it() {
    let later = t0() + Duration::hours(2); // the access token has expired
    let verifying = || AuthState::VerifyingSession {
        account: account(),
        shown: false,
        may_refresh: true,
        feedback: Feedback::default(),
    };
    let refreshing = || AuthState::RefreshingSession {
        account: account(),
        resume: Resume::Restore,
    };
    let network = || AuthError::Network {
        detail: "timeout".into(),
    };

    // A refused access token may only be stale: try the refresh token before giving up.
    let (next, effects) = step(
        verifying(),
        AuthEvent::CallFailed(AuthError::NotAuthorized {
            message: String::new(),
        }),
        t0(),
    );
    assert_eq!(
        (next.name(), effects),
        ("RefreshingSession", vec!["RefreshTokens"])
    );
    let (next, effects) = step(
        verifying(),
        AuthEvent::CallFailed(AuthError::UserNotFound {
            message: String::new(),
        }),
        t0(),
    );
    assert_eq!(
        (next.name(), effects),
        ("ClearingSession", vec!["ClearTokens"])
    );

    let (next, effects) = step(
        refreshing(),
        AuthEvent::CallFailed(AuthError::NotAuthorized {
            message: String::new(),
        }),
        later,
    );
    assert_eq!(
        (next.name(), effects),
        ("ClearingSession", vec!["ClearTokens"])
    );
    let (next, _) = step(next, AuthEvent::TokensCleared, later);
    assert_eq!(
        error_of(&next).map(AuthError::kind),
        Some(ErrorKind::SessionEnded)
    );

    // The network fails: signed in, tokens kept, even past the access token's expiry (the
    // next refresh may well work).
    let (next, effects) = step(refreshing(), AuthEvent::CallFailed(network()), t0());
    assert_eq!((next.name(), effects.len()), ("SignedIn", 0));
    let (next, effects) = step(refreshing(), AuthEvent::CallFailed(network()), later);
    assert_eq!((next.name(), effects.len()), ("SignedIn", 0));
    assert_eq!(
        error_of(&next).map(AuthError::kind),
        Some(ErrorKind::Network)
    );
    // Another failure (the keyring, an answer the client cannot read) past expiry: sign-in,
    // tokens kept.
    let unreadable = AuthError::Service {
        code: "ResponseError".into(),
        message: "unreadable".into(),
    };
    let (next, effects) = step(refreshing(), AuthEvent::CallFailed(unreadable), later);
    assert_eq!((next.name(), effects.len()), ("SignedOut", 0));
}

#[test]
fn a_signed_in_session_refreshes_only_when_due() {
    let signed_in = || AuthState::SignedIn {
        account: account(),
        feedback: Feedback::default(),
    };
    let (_, effects) = step(signed_in(), AuthEvent::FreshSessionRequested, t0());
    assert!(effects.is_empty());
    let (next, effects) = step(
        signed_in(),
        AuthEvent::FreshSessionRequested,
        t0() + Duration::minutes(59) + Duration::seconds(1),
    );
    assert_eq!(
        (next.name(), effects),
        ("RefreshingSession", vec!["RefreshTokens"])
    );
}

#[test]
fn signing_in_stores_a_session_measured_on_the_client_clock() {
    // The pool's clock runs 5 minutes ahead of ours.
    let tokens = fixtures::tokens("ana", t0() + Duration::minutes(5), Duration::hours(1));
    let (next, effects) = step(
        AuthState::VerifyingPassword {
            username: "ana".into(),
            user_id: "ana".into(),
            device: None,
        },
        AuthEvent::Authenticated(tokens),
        t0(),
    );
    assert_eq!(effects, ["StoreTokens"]);
    let AuthState::StoringSession { account, .. } = next else {
        panic!("{}", next.name())
    };
    assert_eq!(account.session.expires_at, t0() + Duration::hours(1));
}

#[test]
fn a_refresh_that_succeeds_clears_a_stale_network_message_only() {
    let due = t0() + Duration::hours(2);
    for (error, stays) in [
        (
            AuthError::Network {
                detail: String::new(),
            },
            false,
        ),
        (
            AuthError::PoolError {
                code: "InternalErrorException".into(),
            },
            false,
        ),
        (
            AuthError::Keyring {
                detail: String::new(),
            },
            true,
        ),
    ] {
        let signed_in = AuthState::SignedIn {
            account: account(),
            feedback: Feedback::error(error.clone()),
        };
        let (next, _) = step(signed_in, AuthEvent::FreshSessionRequested, due);
        let tokens = fixtures::tokens("ana", due, Duration::hours(1));
        let (next, _) = step(next, AuthEvent::TokensRefreshed(tokens), due);
        let (next, _) = step(next, AuthEvent::TokensStored, due);
        let shown = feedback_of(&next).and_then(|f| f.error.clone());
        assert_eq!(shown.is_some(), stays, "{error:?} then {shown:?}");
    }
}

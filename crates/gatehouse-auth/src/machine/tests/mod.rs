//! Transition tests: the full state x event matrix (every pair not listed must be refused and leave
//! the state as it was), then the rules that depend on an event's content or on time.

use chrono::{DateTime, Duration, Utc};

mod rules;

use super::*;
use crate::cognito::{PasswordVerifierChallenge, SignUpOutcome};
use crate::error::AuthError;
use crate::secret::{ConfirmationCode, Password};
use crate::session::{fixtures, Session};
use crate::srp::SrpHandshake;
use crate::view::{CodeDelivery, ErrorKind, Field};

pub(super) fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000, 0).unwrap()
}

pub(super) fn session() -> Session {
    Session::from_tokens(fixtures::tokens("ana", t0(), Duration::hours(1)), t0()).unwrap()
}

pub(super) fn delivery() -> Option<CodeDelivery> {
    Some(CodeDelivery {
        medium: "EMAIL".into(),
        destination: "a***@e***.com".into(),
        attribute: Some("email".into()),
    })
}

fn states() -> Vec<AuthState> {
    use AuthState as S;
    vec![
        S::Starting,
        S::RestoringSession,
        S::VerifyingSession { session: session() },
        S::RefreshingSession {
            session: session(),
            shown: false,
        },
        S::StoringSession { session: session() },
        S::DiscardingSession {
            username: "ana".into(),
            error: AuthError::SessionEnded,
        },
        S::SignedOut {
            username: None,
            feedback: Feedback::default(),
        },
        S::SignUpForm {
            feedback: Feedback::default(),
        },
        S::SigningUp {
            username: "ana".into(),
        },
        S::AwaitingSignUpCode {
            username: "ana".into(),
            delivery: delivery(),
            feedback: Feedback::default(),
        },
        S::ConfirmingSignUp {
            username: "ana".into(),
            delivery: delivery(),
        },
        S::ResendingCode {
            username: "ana".into(),
            delivery: delivery(),
            unconfirmed: false,
        },
        S::SigningIn {
            username: "ana".into(),
        },
        S::VerifyingPassword {
            username: "ana".into(),
        },
        S::SignedIn {
            session: session(),
            feedback: Feedback::default(),
        },
        S::SigningOut { session: session() },
    ]
}

pub(super) fn challenge() -> PasswordVerifierChallenge {
    PasswordVerifierChallenge {
        user_id_for_srp: "ana".into(),
        srp_b: "0a".into(),
        salt: "0b".into(),
        secret_block: "AA==".into(),
        session: None,
    }
}

pub(super) fn password() -> Password {
    Password::new("Correct-Horse-1".into())
}

const EVENT_COUNT: usize = 21;

/// One sample of each event, built one at a time: an SRP handshake is costly in debug builds.
fn event(index: usize) -> AuthEvent {
    use AuthEvent as E;
    let tokens = || fixtures::tokens("ana", t0(), Duration::hours(1));
    match index {
        0 => E::StartRequested,
        1 => E::SignUpFormRequested,
        2 => E::SignInFormRequested,
        3 => E::SignUpSubmitted {
            username: "ana".into(),
            password: password(),
            email: "ana@example.com".into(),
        },
        4 => E::CodeSubmitted {
            code: ConfirmationCode::new("123456".into()),
        },
        5 => E::CodeResendRequested,
        6 => E::SignInSubmitted {
            username: "ana".into(),
            password: password(),
        },
        7 => E::SignOutRequested,
        8 => E::FreshSessionRequested,
        9 => E::StoredSessionLoaded(None),
        10 => E::TokensStored,
        11 => E::TokensCleared,
        12 => E::StoreFailed(AuthError::Keyring {
            detail: "locked".into(),
        }),
        13 => E::SignUpAccepted(SignUpOutcome {
            user_confirmed: false,
            delivery: delivery(),
        }),
        14 => E::SignUpConfirmed,
        15 => E::CodeResent {
            delivery: delivery(),
        },
        16 => E::PasswordVerifierRequested {
            handshake: SrpHandshake::start("us-east-1_x", "c", "ana", &password()).0,
            challenge: challenge(),
        },
        17 => E::Authenticated(tokens()),
        18 => E::TokensRefreshed(tokens()),
        19 => E::SessionVerified,
        20 => E::CallFailed(AuthError::Network {
            detail: "refused".into(),
        }),
        _ => unreachable!("only {EVENT_COUNT} sample events"),
    }
}

/// (state, event) -> (next state, effects). Every pair not listed is unexpected.
const ACCEPTED: &[(&str, &str, &str, &[&str])] = &[
    (
        "Starting",
        "StartRequested",
        "RestoringSession",
        &["LoadTokens"],
    ),
    ("RestoringSession", "StoredSessionLoaded", "SignedOut", &[]),
    ("RestoringSession", "StoreFailed", "SignedOut", &[]),
    ("VerifyingSession", "SessionVerified", "SignedIn", &[]),
    ("VerifyingSession", "CallFailed", "SignedIn", &[]),
    (
        "RefreshingSession",
        "TokensRefreshed",
        "StoringSession",
        &["StoreTokens"],
    ),
    ("RefreshingSession", "CallFailed", "SignedIn", &[]),
    ("StoringSession", "TokensStored", "SignedIn", &[]),
    ("StoringSession", "StoreFailed", "SignedIn", &[]),
    ("DiscardingSession", "TokensCleared", "SignedOut", &[]),
    ("DiscardingSession", "StoreFailed", "SignedOut", &[]),
    (
        "SignedOut",
        "SignInSubmitted",
        "SigningIn",
        &["InitiateSrpAuth"],
    ),
    ("SignedOut", "SignUpFormRequested", "SignUpForm", &[]),
    ("SignedOut", "SignInFormRequested", "SignedOut", &[]),
    (
        "SignUpForm",
        "SignUpSubmitted",
        "SigningUp",
        &["CallSignUp"],
    ),
    ("SignUpForm", "SignInFormRequested", "SignedOut", &[]),
    ("SignUpForm", "SignUpFormRequested", "SignUpForm", &[]),
    ("SigningUp", "SignUpAccepted", "AwaitingSignUpCode", &[]),
    ("SigningUp", "CallFailed", "SignUpForm", &[]),
    (
        "AwaitingSignUpCode",
        "CodeSubmitted",
        "ConfirmingSignUp",
        &["CallConfirmSignUp"],
    ),
    (
        "AwaitingSignUpCode",
        "CodeResendRequested",
        "ResendingCode",
        &["CallResendConfirmationCode"],
    ),
    (
        "AwaitingSignUpCode",
        "SignInFormRequested",
        "SignedOut",
        &[],
    ),
    (
        "AwaitingSignUpCode",
        "SignUpFormRequested",
        "SignUpForm",
        &[],
    ),
    ("ConfirmingSignUp", "SignUpConfirmed", "SignedOut", &[]),
    ("ConfirmingSignUp", "CallFailed", "AwaitingSignUpCode", &[]),
    ("ResendingCode", "CodeResent", "AwaitingSignUpCode", &[]),
    ("ResendingCode", "CallFailed", "AwaitingSignUpCode", &[]),
    (
        "SigningIn",
        "PasswordVerifierRequested",
        "VerifyingPassword",
        &["RespondToPasswordVerifier"],
    ),
    (
        "SigningIn",
        "Authenticated",
        "StoringSession",
        &["StoreTokens"],
    ),
    ("SigningIn", "CallFailed", "SignedOut", &[]),
    (
        "VerifyingPassword",
        "Authenticated",
        "StoringSession",
        &["StoreTokens"],
    ),
    ("VerifyingPassword", "CallFailed", "SignedOut", &[]),
    (
        "SignedIn",
        "SignOutRequested",
        "SigningOut",
        &["ClearTokens"],
    ),
    ("SignedIn", "FreshSessionRequested", "SignedIn", &[]),
    ("SigningOut", "TokensCleared", "SignedOut", &[]),
    ("SigningOut", "StoreFailed", "SignedOut", &[]),
];

#[test]
fn every_state_answers_every_event_as_the_table_says() {
    let mut checked = 0;
    for state_index in 0..states().len() {
        for event_index in 0..EVENT_COUNT {
            let state = states().swap_remove(state_index);
            let event = event(event_index);
            let (state_name, event_name) = (state.name(), event.name());
            let expected = ACCEPTED
                .iter()
                .find(|(s, e, _, _)| *s == state_name && *e == event_name);
            match (transition(state, event, t0()), expected) {
                (Ok((next, effects)), Some((_, _, want_state, want_effects))) => {
                    let names: Vec<_> = effects.iter().map(Effect::name).collect();
                    assert_eq!(
                        (next.name(), names.as_slice()),
                        (*want_state, *want_effects),
                        "{state_name} x {event_name}"
                    );
                }
                (Err(refused), None) => {
                    assert_eq!(
                        refused.state.name(),
                        state_name,
                        "state must be handed back"
                    );
                    assert_eq!(refused.event, event_name);
                }
                (Ok((next, _)), None) => {
                    panic!(
                        "{state_name} x {event_name} accepted (-> {}) but should be refused",
                        next.name()
                    )
                }
                (Err(_), Some(_)) => {
                    panic!("{state_name} x {event_name} refused but should be accepted")
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 16 * EVENT_COUNT);
}

//! Rules of the flows after the password proof, the reset and the signed-in screen that depend on
//! an event's content: refusals of bad input, where an expired challenge or a required reset
//! leads, MFA preferences the pool would refuse, and refreshing before an account call.

use super::rules::{error_of, feedback_of, step};
use super::*;

fn expired() -> AuthEvent {
    AuthEvent::CallFailed(AuthError::ChallengeExpired)
}

#[test]
fn bad_input_on_the_challenge_screens_is_refused_without_a_call() {
    use AuthState as S;
    let code = |c: &str| ConfirmationCode::new(c.into());
    let cases: Vec<(AuthState, AuthEvent, (ErrorKind, Option<Field>))> = vec![
        (
            S::AwaitingMfaCode {
                challenge: sign_in_challenge(),
                method: MfaMethod::Totp,
                delivery: None,
                feedback: Feedback::default(),
            },
            AuthEvent::SignInCodeSubmitted { code: code("12") },
            (ErrorKind::InvalidCode, Some(Field::Code)),
        ),
        (
            S::AwaitingMfaChoice {
                challenge: sign_in_challenge(),
                options: vec![MfaMethod::Sms],
                feedback: Feedback::default(),
            },
            AuthEvent::MfaSelected {
                method: MfaMethod::Totp,
            },
            (ErrorKind::NotOffered, None),
        ),
        (
            S::SettingUpTotp {
                context: TotpContext::SignIn(sign_in_challenge()),
                setup: setup(),
                feedback: Feedback::default(),
            },
            AuthEvent::TotpCodeSubmitted {
                code: code("abcdef"),
                device_name: None,
            },
            (ErrorKind::InvalidCode, Some(Field::Code)),
        ),
        (
            S::AwaitingNewPassword {
                challenge: sign_in_challenge(),
                required: vec![],
                feedback: Feedback::default(),
            },
            AuthEvent::NewPasswordSubmitted {
                password: Password::new("weak".into()),
                attributes: Default::default(),
            },
            (ErrorKind::PasswordTooShort, Some(Field::NewPassword)),
        ),
        (
            S::AwaitingResetCode {
                username: "ana".into(),
                delivery: None,
                feedback: Feedback::default(),
            },
            AuthEvent::PasswordResetSubmitted {
                code: code("123456"),
                password: Password::new("alllowercase-1".into()),
            },
            (ErrorKind::PasswordNeedsUppercase, Some(Field::NewPassword)),
        ),
        (
            S::ForgotPasswordForm {
                username: None,
                feedback: Feedback::default(),
            },
            AuthEvent::PasswordResetRequested {
                username: "a b".into(),
            },
            (ErrorKind::InvalidUsername, Some(Field::Username)),
        ),
    ];
    for (state, event, (kind, field)) in cases {
        let before = state.name();
        let (next, effects) = step(state, event, t0());
        assert_eq!(next.name(), before);
        assert!(effects.is_empty(), "{before}: nothing may be sent");
        let error = error_of(&next).expect("an error");
        assert_eq!((error.kind(), error.field()), (kind, field));
    }
}

#[test]
fn an_expired_challenge_leads_back_to_sign_in_with_the_username() {
    // The states waiting on the pool's answer to a sign-in challenge (the sign-in side of the
    // authenticator setup, not the account side).
    let waiting = [
        "ConfirmingMfaCode",
        "SubmittingMfaChoice",
        "SettingNewPassword",
        "AssociatingTotp",
        "VerifyingTotp",
        "CompletingMfaSetup",
    ];
    let states: Vec<_> = states()
        .into_iter()
        .filter(|state| waiting.contains(&table_name(state)))
        .collect();
    assert_eq!(states.len(), waiting.len());
    for state in states {
        let name = state.name();
        let (next, effects) = step(state, expired(), t0());
        assert!(effects.is_empty());
        let AuthState::SignedOut { username, feedback } = next else {
            panic!("{name}: expected the sign-in form, got {}", next.name())
        };
        assert_eq!(username.as_deref(), Some("ana"), "{name}");
        assert_eq!(feedback.error, Some(AuthError::ChallengeExpired), "{name}");
    }
}

#[test]
fn a_wrong_mfa_code_keeps_the_challenge_for_another_try() {
    let (next, _) = step(
        AuthState::ConfirmingMfaCode {
            challenge: sign_in_challenge(),
            method: MfaMethod::Sms,
            delivery: None,
        },
        AuthEvent::CallFailed(AuthError::CodeMismatch),
        t0(),
    );
    let AuthState::AwaitingMfaCode { challenge, .. } = &next else {
        panic!("{}", next.name())
    };
    assert_eq!(challenge.session.expose(), "challenge-session-1");
    assert_eq!(error_of(&next), Some(&AuthError::CodeMismatch));
}

#[test]
fn a_required_reset_requests_a_code_then_shows_the_reset_screen() {
    let (next, effects) = step(
        AuthState::VerifyingPassword {
            username: "ana".into(),
            user_id: "ana".into(),
            device: None,
        },
        AuthEvent::CallFailed(AuthError::PasswordResetRequired),
        t0(),
    );
    assert_eq!(effects, ["CallForgotPassword"]);
    let (reset, _) = step(
        next,
        AuthEvent::ResetCodeSent {
            delivery: delivery(),
        },
        t0(),
    );
    assert_eq!(reset.name(), "AwaitingResetCode");
    let feedback = feedback_of(&reset).unwrap();
    assert_eq!(feedback.error, Some(AuthError::PasswordResetRequired));
    assert_eq!(
        feedback.notice.as_ref().unwrap().destination.as_deref(),
        Some("a***@e***.com")
    );

    // If even the code cannot be sent, the sign-in form says why.
    let (failed, _) = step(
        AuthState::RequestingPasswordReset {
            username: "ana".into(),
            reason: ResetReason::Required,
        },
        AuthEvent::CallFailed(AuthError::TooManyRequests),
        t0(),
    );
    assert_eq!(failed.name(), "SignedOut");
    assert_eq!(error_of(&failed), Some(&AuthError::TooManyRequests));
}

#[test]
fn mfa_preferences_the_pool_would_refuse_are_refused_locally() {
    let required = crate::PoolSettings {
        mfa_methods: vec![MfaMethod::Totp],
        mfa_required: true,
        ..pool()
    };
    let signed_in = || AuthState::SignedIn {
        account: account(),
        feedback: Feedback::default(),
    };
    let prefer = |sms, totp| AuthEvent::MfaPreferenceSubmitted { sms, totp };
    let cases = [
        (
            prefer(MfaChoice::Enabled, MfaChoice::Disabled),
            ErrorKind::NotOffered,
        ),
        (
            prefer(MfaChoice::Disabled, MfaChoice::Disabled),
            ErrorKind::MfaRequired,
        ),
    ];
    for (event, says) in cases {
        let cx = Context {
            now: t0(),
            pool: &required,
        };
        let (next, effects) = transition(signed_in(), event, cx).unwrap();
        assert!(effects.is_empty());
        let error = error_of(&next).expect("an error");
        assert_eq!(error.kind(), says);
    }
    let both = crate::PoolSettings {
        mfa_methods: vec![MfaMethod::Sms, MfaMethod::Totp],
        ..pool()
    };
    let cx = Context {
        now: t0(),
        pool: &both,
    };
    let (next, effects) = transition(
        signed_in(),
        prefer(MfaChoice::Preferred, MfaChoice::Preferred),
        cx,
    )
    .unwrap();
    assert!(effects.is_empty());
    assert_eq!(
        error_of(&next).map(AuthError::kind),
        Some(ErrorKind::NotOffered)
    );
}

#[test]
fn an_account_call_with_a_due_token_refreshes_first_then_goes_on() {
    let due = t0() + Duration::minutes(59) + Duration::seconds(30);
    let (next, effects) = step(
        AuthState::SignedIn {
            account: account(),
            feedback: Feedback::default(),
        },
        AuthEvent::TotpSetupRequested,
        due,
    );
    assert_eq!(
        (next.name(), effects),
        ("RefreshingSession", vec!["RefreshTokens"])
    );
    let (next, effects) = step(
        next,
        AuthEvent::TokensRefreshed(fixtures::tokens("ana", due, Duration::hours(1))),
        due,
    );
    assert_eq!(effects, ["StoreTokens"]);
    let (next, effects) = step(next, AuthEvent::TokensStored, due);
    assert_eq!(
        (next.name(), effects),
        ("AssociatingTotp", vec!["CallAssociateSoftwareToken"])
    );
}

#[test]
fn signing_out_clears_the_session_even_when_the_pool_is_unreachable() {
    let (next, effects) = step(
        AuthState::SigningOut { account: account() },
        AuthEvent::CallFailed(AuthError::Network {
            detail: "refused".into(),
        }),
        t0(),
    );
    assert_eq!(effects, ["ClearTokens"]);
    assert!(feedback_of(&next).unwrap().notice.is_some());

    // A keyring failure while clearing is shown, unless an earlier reason is.
    let clearing = |feedback| AuthState::ClearingSession {
        username: Some("ana".into()),
        feedback,
    };
    let keyring = || {
        AuthEvent::StoreFailed(AuthError::Keyring {
            detail: "locked".into(),
        })
    };
    let (next, _) = step(clearing(Feedback::default()), keyring(), t0());
    assert_eq!(
        error_of(&next).map(AuthError::kind),
        Some(ErrorKind::Keyring)
    );
    let (next, _) = step(
        clearing(Feedback::error(AuthError::SessionEnded)),
        keyring(),
        t0(),
    );
    assert_eq!(error_of(&next), Some(&AuthError::SessionEnded));
}

#[test]
fn no_state_effect_or_event_prints_a_challenge_session_or_a_secret() {
    let secrets = [
        "challenge-session",
        "JBSWY3DP",
        "Correct-Horse-1",
        "123456",
        "refresh-token-of-ana",
    ];
    let mut printed: Vec<String> = states().iter().map(|s| format!("{s:?}")).collect();
    for index in 0..EVENT_COUNT {
        let event = event(index);
        printed.push(format!("{event:?}"));
        if let Ok((_, effects)) = transition(
            AuthState::AwaitingMfaCode {
                challenge: sign_in_challenge(),
                method: MfaMethod::Totp,
                delivery: None,
                feedback: Feedback::default(),
            },
            event,
            cx(),
        ) {
            printed.extend(effects.iter().map(|e| format!("{e:?}")));
        }
    }
    let (_, effects) = step(
        AuthState::AwaitingResetCode {
            username: "ana".into(),
            delivery: None,
            feedback: Feedback::default(),
        },
        AuthEvent::PasswordResetSubmitted {
            code: ConfirmationCode::new("123456".into()),
            password: password(),
        },
        t0(),
    );
    printed.extend(effects.iter().map(|e| format!("{e:?}")));
    for line in printed {
        for secret in secrets {
            assert!(!line.contains(secret), "{line} prints {secret}");
        }
    }
}

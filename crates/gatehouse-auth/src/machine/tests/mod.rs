//! Transition tests: the full state x event matrix (every pair not listed must be refused and leave
//! the state as it was), then the rules that depend on an event's content or on time.

use chrono::{DateTime, Duration, Utc};

mod flows;
mod rules;
mod views;

use super::*;
use crate::cognito::{
    ChallengeKind, ChallengeStep, PasswordVerifierChallenge, RemoteUser, SignUpOutcome,
    SoftwareTokenAssociation,
};
use crate::error::AuthError;
use crate::secret::{ChallengeSession, ConfirmationCode, Password, TotpSecret};
use crate::session::{fixtures, Session};
use crate::srp::SrpHandshake;
use crate::view::{
    AttributeField, CodeDelivery, ErrorKind, Field, MfaChoice, MfaMethod, TotpSetup,
};

pub(super) fn pool() -> crate::PoolSettings {
    crate::PoolSettings::new("local", "us-east-1", "us-east-1_Local", "client", None)
}

/// The context of a transition at `t0()` on the default pool.
pub(super) fn cx() -> Context<'static> {
    at(t0())
}

pub(super) fn at(now: DateTime<Utc>) -> Context<'static> {
    static POOL: std::sync::OnceLock<crate::PoolSettings> = std::sync::OnceLock::new();
    Context {
        now,
        pool: POOL.get_or_init(pool),
    }
}

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

pub(super) fn account() -> Account {
    Account {
        session: session(),
        user: None,
    }
}

pub(super) fn sign_in_challenge() -> Challenge {
    Challenge {
        username: "ana".into(),
        user_id: "ana-id".into(),
        session: ChallengeSession::new("challenge-session-1".into()),
    }
}

/// Drawn once: a QR code is slow in a debug build, and the matrix builds thousands of states.
pub(super) fn setup() -> TotpSetup {
    static SETUP: std::sync::OnceLock<TotpSetup> = std::sync::OnceLock::new();
    SETUP
        .get_or_init(|| {
            crate::totp::setup(
                &TotpSecret::new("JBSWY3DPEHPK3PXP".into()),
                "Gatehouse",
                "ana",
            )
        })
        .clone()
}

fn email_field() -> AttributeField {
    pool().sign_up_fields[0].clone()
}

pub(super) fn states() -> Vec<AuthState> {
    use AuthState as S;
    let fb = Feedback::default;
    let ana = || "ana".to_owned();
    vec![
        S::Starting,
        S::RestoringSession,
        S::VerifyingSession {
            account: account(),
            shown: false,
            may_refresh: true,
            feedback: fb(),
        },
        S::RefreshingSession {
            account: account(),
            resume: Resume::Restore,
        },
        S::StoringSession {
            account: account(),
            resume: Resume::SignIn,
        },
        S::ClearingSession {
            username: ana(),
            feedback: Feedback::error(AuthError::SessionEnded),
        },
        S::SignedOut {
            username: None,
            feedback: fb(),
        },
        S::SignUpForm { feedback: fb() },
        S::SigningUp { username: ana() },
        S::AwaitingSignUpCode {
            username: ana(),
            delivery: delivery(),
            feedback: fb(),
        },
        S::ConfirmingSignUp {
            username: ana(),
            delivery: delivery(),
        },
        S::ResendingCode {
            username: ana(),
            delivery: delivery(),
            unconfirmed: false,
        },
        S::SigningIn { username: ana() },
        S::VerifyingPassword {
            username: ana(),
            user_id: "ana-id".into(),
        },
        S::AwaitingMfaCode {
            challenge: sign_in_challenge(),
            method: MfaMethod::Sms,
            delivery: None,
            feedback: fb(),
        },
        S::ConfirmingMfaCode {
            challenge: sign_in_challenge(),
            method: MfaMethod::Sms,
            delivery: None,
        },
        S::AwaitingMfaChoice {
            challenge: sign_in_challenge(),
            options: vec![MfaMethod::Sms, MfaMethod::Totp],
            feedback: fb(),
        },
        S::SubmittingMfaChoice {
            challenge: sign_in_challenge(),
            options: vec![MfaMethod::Sms, MfaMethod::Totp],
        },
        S::AssociatingTotp {
            context: TotpContext::SignIn(sign_in_challenge()),
        },
        S::SettingUpTotp {
            context: TotpContext::SignIn(sign_in_challenge()),
            setup: setup(),
            feedback: fb(),
        },
        S::VerifyingTotp {
            context: TotpContext::SignIn(sign_in_challenge()),
            setup: setup(),
        },
        S::CompletingMfaSetup {
            challenge: sign_in_challenge(),
            setup: setup(),
        },
        S::AwaitingNewPassword {
            challenge: sign_in_challenge(),
            required: vec![email_field()],
            feedback: fb(),
        },
        S::SettingNewPassword {
            challenge: sign_in_challenge(),
            required: vec![email_field()],
        },
        S::ForgotPasswordForm {
            username: None,
            feedback: fb(),
        },
        S::RequestingPasswordReset {
            username: ana(),
            reason: ResetReason::Asked,
        },
        S::AwaitingResetCode {
            username: ana(),
            delivery: delivery(),
            feedback: fb(),
        },
        S::ConfirmingPasswordReset {
            username: ana(),
            delivery: delivery(),
        },
        S::SignedIn {
            account: account(),
            feedback: fb(),
        },
        S::SettingMfaPreference {
            account: account(),
            notice: "Saved.",
        },
        S::SigningOut { account: account() },
        S::SigningOutEverywhere { account: account() },
        // The account-side setup, under distinct names in the table below.
        S::AssociatingTotp {
            context: TotpContext::Account(Box::new(account())),
        },
        S::SettingUpTotp {
            context: TotpContext::Account(Box::new(account())),
            setup: setup(),
            feedback: fb(),
        },
        S::VerifyingTotp {
            context: TotpContext::Account(Box::new(account())),
            setup: setup(),
        },
    ]
}

/// The table's name for a state: the account-side TOTP states get their own rows.
pub(super) fn table_name(state: &AuthState) -> &'static str {
    match state {
        AuthState::AssociatingTotp {
            context: TotpContext::Account(_),
        } => "AssociatingTotp(Account)",
        AuthState::SettingUpTotp {
            context: TotpContext::Account(_),
            ..
        } => "SettingUpTotp(Account)",
        AuthState::VerifyingTotp {
            context: TotpContext::Account(_),
            ..
        } => "VerifyingTotp(Account)",
        other => other.name(),
    }
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

pub(super) const EVENT_COUNT: usize = 41;

/// One sample of each event, built one at a time: an SRP handshake is costly in debug builds.
/// User events carry valid input, so that the table speaks of routing, not validation.
pub(super) fn event(index: usize) -> AuthEvent {
    use AuthEvent as E;
    let tokens = || fixtures::tokens("ana", t0(), Duration::hours(1));
    let code = || ConfirmationCode::new("123456".into());
    let email = || [("email".to_owned(), "ana@example.com".to_owned())].into();
    match index {
        0 => E::StartRequested,
        1 => E::SignUpFormRequested,
        2 => E::SignInFormRequested,
        3 => E::ForgotPasswordRequested {
            username: Some("ana".into()),
        },
        4 => E::SignUpSubmitted {
            username: "ana".into(),
            password: password(),
            attributes: email(),
        },
        5 => E::SignUpCodeSubmitted { code: code() },
        6 => E::SignUpCodeResendRequested,
        7 => E::SignInSubmitted {
            username: "ana".into(),
            password: password(),
        },
        8 => E::SignInCodeSubmitted { code: code() },
        9 => E::MfaSelected {
            method: MfaMethod::Totp,
        },
        10 => E::TotpSetupRequested,
        11 => E::TotpCodeSubmitted {
            code: code(),
            device_name: None,
        },
        12 => E::TotpSetupCancelled,
        13 => E::MfaPreferenceSubmitted {
            sms: MfaChoice::Disabled,
            totp: MfaChoice::Disabled,
        },
        14 => E::NewPasswordSubmitted {
            password: password(),
            attributes: email(),
        },
        15 => E::PasswordResetRequested {
            username: "ana".into(),
        },
        16 => E::ResetCodeResendRequested,
        17 => E::PasswordResetSubmitted {
            code: code(),
            password: password(),
        },
        18 => E::SignOutRequested,
        19 => E::SignOutEverywhereRequested,
        20 => E::FreshSessionRequested,
        21 => E::StoredSessionLoaded(None),
        22 => E::TokensStored,
        23 => E::TokensCleared,
        24 => E::StoreFailed(AuthError::Keyring {
            detail: "locked".into(),
        }),
        25 => E::SignUpAccepted(SignUpOutcome {
            user_confirmed: false,
            delivery: delivery(),
        }),
        26 => E::SignUpConfirmed,
        27 => E::CodeResent {
            delivery: delivery(),
        },
        28 => E::PasswordVerifierRequested {
            handshake: SrpHandshake::start("us-east-1_x", "c", "ana", &password()).0,
            challenge: challenge(),
        },
        29 => E::Authenticated(tokens()),
        30 => E::ChallengeReceived(ChallengeStep {
            kind: ChallengeKind::Mfa {
                method: MfaMethod::Sms,
                delivery: None,
            },
            session: ChallengeSession::new("challenge-session-2".into()),
            user_id: None,
        }),
        31 => E::SoftwareTokenAssociated(SoftwareTokenAssociation {
            secret: TotpSecret::new("JBSWY3DPEHPK3PXP".into()),
            session: Some(ChallengeSession::new("challenge-session-2".into())),
        }),
        32 => E::SoftwareTokenVerified {
            session: Some(ChallengeSession::new("challenge-session-3".into())),
        },
        33 => E::MfaPreferenceSaved,
        34 => E::TokensRefreshed(tokens()),
        35 => E::UserLoaded(RemoteUser::default()),
        36 => E::TokenRevoked,
        37 => E::SignedOutEverywhere,
        38 => E::ResetCodeSent {
            delivery: delivery(),
        },
        39 => E::PasswordReset,
        40 => E::CallFailed(AuthError::Network {
            detail: "refused".into(),
        }),
        _ => unreachable!("only {EVENT_COUNT} sample events"),
    }
}

type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

/// (state, event) -> (next state, effects). Every pair not listed is unexpected.
const ACCEPTED: &[Row] = &[
    (
        "Starting",
        "StartRequested",
        "RestoringSession",
        &["LoadTokens"],
    ),
    ("RestoringSession", "StoredSessionLoaded", "SignedOut", &[]),
    ("RestoringSession", "StoreFailed", "SignedOut", &[]),
    ("VerifyingSession", "UserLoaded", "SignedIn", &[]),
    ("VerifyingSession", "CallFailed", "SignedIn", &[]),
    (
        "RefreshingSession",
        "TokensRefreshed",
        "StoringSession",
        &["StoreTokens"],
    ),
    ("RefreshingSession", "CallFailed", "SignedIn", &[]),
    (
        "StoringSession",
        "TokensStored",
        "VerifyingSession",
        &["CallGetUser"],
    ),
    (
        "StoringSession",
        "StoreFailed",
        "VerifyingSession",
        &["CallGetUser"],
    ),
    ("ClearingSession", "TokensCleared", "SignedOut", &[]),
    ("ClearingSession", "StoreFailed", "SignedOut", &[]),
    (
        "SignedOut",
        "SignInSubmitted",
        "SigningIn",
        &["InitiateSrpAuth"],
    ),
    ("SignedOut", "SignUpFormRequested", "SignUpForm", &[]),
    ("SignedOut", "SignInFormRequested", "SignedOut", &[]),
    (
        "SignedOut",
        "ForgotPasswordRequested",
        "ForgotPasswordForm",
        &[],
    ),
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
        "SignUpCodeSubmitted",
        "ConfirmingSignUp",
        &["CallConfirmSignUp"],
    ),
    (
        "AwaitingSignUpCode",
        "SignUpCodeResendRequested",
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
    (
        "VerifyingPassword",
        "ChallengeReceived",
        "AwaitingMfaCode",
        &[],
    ),
    ("VerifyingPassword", "CallFailed", "SignedOut", &[]),
    (
        "AwaitingMfaCode",
        "SignInCodeSubmitted",
        "ConfirmingMfaCode",
        &["RespondToChallenge"],
    ),
    ("AwaitingMfaCode", "SignInFormRequested", "SignedOut", &[]),
    (
        "ConfirmingMfaCode",
        "Authenticated",
        "StoringSession",
        &["StoreTokens"],
    ),
    (
        "ConfirmingMfaCode",
        "ChallengeReceived",
        "AwaitingMfaCode",
        &[],
    ),
    ("ConfirmingMfaCode", "CallFailed", "AwaitingMfaCode", &[]),
    (
        "AwaitingMfaChoice",
        "MfaSelected",
        "SubmittingMfaChoice",
        &["RespondToChallenge"],
    ),
    ("AwaitingMfaChoice", "SignInFormRequested", "SignedOut", &[]),
    (
        "SubmittingMfaChoice",
        "Authenticated",
        "StoringSession",
        &["StoreTokens"],
    ),
    (
        "SubmittingMfaChoice",
        "ChallengeReceived",
        "AwaitingMfaCode",
        &[],
    ),
    (
        "SubmittingMfaChoice",
        "CallFailed",
        "AwaitingMfaChoice",
        &[],
    ),
    (
        "AssociatingTotp",
        "SoftwareTokenAssociated",
        "SettingUpTotp",
        &[],
    ),
    ("AssociatingTotp", "CallFailed", "SignedOut", &[]),
    (
        "SettingUpTotp",
        "TotpCodeSubmitted",
        "VerifyingTotp",
        &["CallVerifySoftwareToken"],
    ),
    ("SettingUpTotp", "TotpSetupCancelled", "SignedOut", &[]),
    ("SettingUpTotp", "SignInFormRequested", "SignedOut", &[]),
    (
        "VerifyingTotp",
        "SoftwareTokenVerified",
        "CompletingMfaSetup",
        &["RespondToChallenge"],
    ),
    ("VerifyingTotp", "CallFailed", "SettingUpTotp", &[]),
    (
        "CompletingMfaSetup",
        "Authenticated",
        "StoringSession",
        &["StoreTokens"],
    ),
    (
        "CompletingMfaSetup",
        "ChallengeReceived",
        "AwaitingMfaCode",
        &[],
    ),
    ("CompletingMfaSetup", "CallFailed", "SignedOut", &[]),
    (
        "AwaitingNewPassword",
        "NewPasswordSubmitted",
        "SettingNewPassword",
        &["RespondToChallenge"],
    ),
    (
        "AwaitingNewPassword",
        "SignInFormRequested",
        "SignedOut",
        &[],
    ),
    (
        "SettingNewPassword",
        "Authenticated",
        "StoringSession",
        &["StoreTokens"],
    ),
    (
        "SettingNewPassword",
        "ChallengeReceived",
        "AwaitingMfaCode",
        &[],
    ),
    (
        "SettingNewPassword",
        "CallFailed",
        "AwaitingNewPassword",
        &[],
    ),
    (
        "ForgotPasswordForm",
        "PasswordResetRequested",
        "RequestingPasswordReset",
        &["CallForgotPassword"],
    ),
    (
        "ForgotPasswordForm",
        "ForgotPasswordRequested",
        "ForgotPasswordForm",
        &[],
    ),
    (
        "ForgotPasswordForm",
        "SignInFormRequested",
        "SignedOut",
        &[],
    ),
    (
        "RequestingPasswordReset",
        "ResetCodeSent",
        "AwaitingResetCode",
        &[],
    ),
    (
        "RequestingPasswordReset",
        "CallFailed",
        "ForgotPasswordForm",
        &[],
    ),
    (
        "AwaitingResetCode",
        "PasswordResetSubmitted",
        "ConfirmingPasswordReset",
        &["CallConfirmForgotPassword"],
    ),
    (
        "AwaitingResetCode",
        "ResetCodeResendRequested",
        "RequestingPasswordReset",
        &["CallForgotPassword"],
    ),
    (
        "AwaitingResetCode",
        "ForgotPasswordRequested",
        "ForgotPasswordForm",
        &[],
    ),
    ("AwaitingResetCode", "SignInFormRequested", "SignedOut", &[]),
    ("ConfirmingPasswordReset", "PasswordReset", "SignedOut", &[]),
    (
        "ConfirmingPasswordReset",
        "CallFailed",
        "AwaitingResetCode",
        &[],
    ),
    (
        "SignedIn",
        "SignOutRequested",
        "SigningOut",
        &["CallRevokeToken"],
    ),
    (
        "SignedIn",
        "SignOutEverywhereRequested",
        "SigningOutEverywhere",
        &["CallGlobalSignOut"],
    ),
    (
        "SignedIn",
        "TotpSetupRequested",
        "AssociatingTotp",
        &["CallAssociateSoftwareToken"],
    ),
    (
        "SignedIn",
        "MfaPreferenceSubmitted",
        "SettingMfaPreference",
        &["CallSetMfaPreference"],
    ),
    ("SignedIn", "FreshSessionRequested", "SignedIn", &[]),
    (
        "SettingMfaPreference",
        "MfaPreferenceSaved",
        "VerifyingSession",
        &["CallGetUser"],
    ),
    ("SettingMfaPreference", "CallFailed", "SignedIn", &[]),
    (
        "SigningOut",
        "TokenRevoked",
        "ClearingSession",
        &["ClearTokens"],
    ),
    (
        "SigningOut",
        "CallFailed",
        "ClearingSession",
        &["ClearTokens"],
    ),
    (
        "SigningOutEverywhere",
        "SignedOutEverywhere",
        "ClearingSession",
        &["ClearTokens"],
    ),
    ("SigningOutEverywhere", "CallFailed", "SignedIn", &[]),
    (
        "AssociatingTotp(Account)",
        "SoftwareTokenAssociated",
        "SettingUpTotp",
        &[],
    ),
    ("AssociatingTotp(Account)", "CallFailed", "SignedIn", &[]),
    (
        "SettingUpTotp(Account)",
        "TotpCodeSubmitted",
        "VerifyingTotp",
        &["CallVerifySoftwareToken"],
    ),
    (
        "SettingUpTotp(Account)",
        "TotpSetupCancelled",
        "SignedIn",
        &[],
    ),
    (
        "VerifyingTotp(Account)",
        "SoftwareTokenVerified",
        "SettingMfaPreference",
        &["CallSetMfaPreference"],
    ),
    ("VerifyingTotp(Account)", "CallFailed", "SettingUpTotp", &[]),
];

#[test]
fn every_state_answers_every_event_as_the_table_says() {
    let mut checked = 0;
    for state_index in 0..states().len() {
        for event_index in 0..EVENT_COUNT {
            let state = states().swap_remove(state_index);
            let event = event(event_index);
            let (state_name, event_name) = (table_name(&state), event.name());
            let expected = ACCEPTED
                .iter()
                .find(|(s, e, _, _)| *s == state_name && *e == event_name);
            match (transition(state, event, cx()), expected) {
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
                        table_name(&refused.state),
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
    assert_eq!(checked, 35 * EVENT_COUNT);
    let used = ACCEPTED.len();
    assert!(used > 80, "the table lists {used} transitions");
}

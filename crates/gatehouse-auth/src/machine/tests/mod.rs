//! Transition tests: the full state x event matrix (every pair not listed must be refused and leave
//! the state as it was), then the rules that depend on an event's content or on time.

use chrono::{DateTime, Duration, Utc};

mod devices;
mod flows;
mod matrix;
mod rules;
mod user_account;
mod username;
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
    Account::new(session())
}

pub(super) fn sign_in_challenge() -> Challenge {
    Challenge {
        username: "ana".into(),
        user_id: "ana-id".into(),
        session: ChallengeSession::new("challenge-session-1".into()),
        device_key: None,
    }
}

/// The device remembered for ana.
pub(super) fn stored_device() -> crate::store::StoredDevice {
    crate::store::StoredDevice {
        key: "us-east-1_device-1".into(),
        group_key: "group-1".into(),
        password: crate::secret::DevicePassword::new("device-password".into()),
    }
}

/// A device of `ListDevices`.
pub(super) fn remote_device(key: &str, remembered: bool) -> crate::cognito::RemoteDevice {
    crate::cognito::RemoteDevice {
        key: key.into(),
        name: Some("Gatehouse on linux".into()),
        last_signed_in_at: Some("2023-11-14T22:13:20Z".into()),
        remembered,
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
            username: Some(ana()),
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
            device: None,
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
            notice: crate::view::NoticeKind::MfaSaved,
        },
        S::SigningOut { account: account() },
        S::SigningOutEverywhere { account: account() },
        S::SavingAttributes {
            account: account(),
            phase: SavePhase::Updating {
                then_delete: Vec::new(),
            },
            deliveries: Vec::new(),
        },
        S::VerifyingAttribute {
            account: account(),
            attribute: "email".into(),
        },
        S::SendingAttributeCode {
            account: account(),
            attribute: "email".into(),
        },
        S::ChangingPassword { account: account() },
        S::DeletingAccount { account: account() },
        S::SavingAttributes {
            account: account(),
            phase: SavePhase::Deleting { after_update: true },
            deliveries: Vec::new(),
        },
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
        S::VerifyingPassword {
            username: ana(),
            user_id: "ana-id".into(),
            device: Some(stored_device()),
        },
        S::VerifyingDevice {
            username: ana(),
            user_id: "ana-id".into(),
            device_key: stored_device().key,
        },
        S::ConfirmingDevice {
            account: account(),
            feedback: fb(),
        },
        S::ListingDevices {
            account: account(),
            feedback: fb(),
        },
        S::UpdatingDevice {
            account: account(),
            device_key: "us-east-1_other".into(),
            remembered: true,
        },
        S::ForgettingDevice {
            account: account(),
            device_key: "us-east-1_other".into(),
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
        AuthState::SavingAttributes {
            phase: SavePhase::Deleting { .. },
            ..
        } => "SavingAttributes(Deleting)",
        AuthState::VerifyingPassword {
            device: Some(_), ..
        } => "VerifyingPassword(Device)",
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

pub(super) const EVENT_COUNT: usize = 61;

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
            device: None,
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
        41 => E::AttributesSubmitted {
            attributes: [("email".to_owned(), "new@example.com".to_owned())].into(),
        },
        42 => E::AttributeCodeSubmitted {
            attribute: "email".into(),
            code: code(),
        },
        43 => E::AttributeCodeResendRequested {
            attribute: "email".into(),
        },
        44 => E::PasswordChangeSubmitted {
            current: password(),
            new: Password::new("Brand-New-Password-7".into()),
        },
        45 => E::AccountDeletionRequested,
        46 => E::AttributesUpdated {
            deliveries: Vec::new(),
        },
        47 => E::AttributesDeleted,
        48 => E::AttributeCodeSent {
            delivery: delivery(),
        },
        49 => E::AttributeVerified,
        50 => E::PasswordChanged,
        51 => E::UserDeleted,
        52 => E::DevicePromptAnswered { remember: true },
        53 => E::DeviceStatusSubmitted {
            device_key: "us-east-1_other".into(),
            remembered: true,
        },
        54 => E::DeviceForgetRequested {
            device_key: "us-east-1_other".into(),
        },
        55 => E::DeviceCleared,
        56 => E::DeviceUnknown {
            answer: crate::cognito::PasswordVerifierAnswer {
                username: "ana-id".into(),
                secret_block: "AA==".into(),
                signature: "c2ln".into(),
                timestamp: "Tue Nov 14 22:13:20 UTC 2023".into(),
                session: None,
                device_key: Some(stored_device().key),
            },
        },
        57 => E::DeviceConfirmed { prompt: true },
        58 => E::DevicesListed(vec![remote_device("us-east-1_other", true)]),
        59 => E::DeviceStatusUpdated,
        60 => E::DeviceForgotten,
        _ => unreachable!("only {EVENT_COUNT} sample events"),
    }
}

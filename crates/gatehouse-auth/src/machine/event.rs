//! Facts the machine reacts to: what the user asked for, and what the pool or the store answered.

use std::collections::BTreeMap;

use crate::cognito::{
    ChallengeStep, PasswordVerifierAnswer, PasswordVerifierChallenge, RemoteDevice, RemoteUser,
    SignUpOutcome, SoftwareTokenAssociation,
};
use crate::error::AuthError;
use crate::secret::ChallengeSession;
use crate::secret::{ConfirmationCode, Password};
use crate::session::Tokens;
use crate::srp::SrpHandshake;
use crate::store::{StoredDevice, StoredSession};
use crate::view::{CodeDelivery, MfaChoice, MfaMethod};

#[derive(Debug)]
pub enum AuthEvent {
    // What the user asked for.
    StartRequested,
    SignUpFormRequested,
    SignInFormRequested,
    ForgotPasswordRequested {
        username: Option<String>,
    },
    SignUpSubmitted {
        username: String,
        password: Password,
        attributes: BTreeMap<String, String>,
    },
    SignUpCodeSubmitted {
        code: ConfirmationCode,
    },
    SignUpCodeResendRequested,
    SignInSubmitted {
        username: String,
        password: Password,
    },
    /// The SMS or authenticator code of `SMS_MFA` / `SOFTWARE_TOKEN_MFA`.
    SignInCodeSubmitted {
        code: ConfirmationCode,
    },
    MfaSelected {
        method: MfaMethod,
    },
    TotpSetupRequested,
    TotpCodeSubmitted {
        code: ConfirmationCode,
        device_name: Option<String>,
    },
    TotpSetupCancelled,
    MfaPreferenceSubmitted {
        sms: MfaChoice,
        totp: MfaChoice,
    },
    NewPasswordSubmitted {
        password: Password,
        attributes: BTreeMap<String, String>,
    },
    PasswordResetRequested {
        username: String,
    },
    ResetCodeResendRequested,
    PasswordResetSubmitted {
        code: ConfirmationCode,
        password: Password,
    },
    SignOutRequested,
    SignOutEverywhereRequested,
    /// The caller wants a session that is good for at least `REFRESH_MARGIN`.
    FreshSessionRequested,
    AttributesSubmitted {
        attributes: BTreeMap<String, String>,
    },
    AttributeCodeSubmitted {
        attribute: String,
        code: ConfirmationCode,
    },
    AttributeCodeResendRequested {
        attribute: String,
    },
    PasswordChangeSubmitted {
        current: Password,
        new: Password,
    },
    AccountDeletionRequested,
    /// The answer to "Remember this device?".
    DevicePromptAnswered {
        remember: bool,
    },
    DeviceStatusSubmitted {
        device_key: String,
        remembered: bool,
    },
    DeviceForgetRequested {
        device_key: String,
    },

    // What the store answered.
    StoredSessionLoaded(Option<StoredSession>),
    TokensStored,
    TokensCleared,
    StoreFailed(AuthError),
    /// A remembered device's secrets are gone from the store.
    DeviceCleared,

    // What the pool answered.
    SignUpAccepted(SignUpOutcome),
    SignUpConfirmed,
    CodeResent {
        delivery: Option<CodeDelivery>,
    },
    /// `InitiateAuth` answered with `PASSWORD_VERIFIER`; the handshake travels on to the answer.
    PasswordVerifierRequested {
        handshake: SrpHandshake,
        challenge: PasswordVerifierChallenge,
        /// The device the store remembers for `USER_ID_FOR_SRP`.
        device: Option<StoredDevice>,
    },
    /// The pool does not know the `DEVICE_KEY` of the `PASSWORD_VERIFIER` answer
    /// (`ResourceNotFoundException`, before it used the proof): `answer`, to send again without it.
    DeviceUnknown {
        answer: PasswordVerifierAnswer,
    },
    /// `ConfirmDevice` answered and the device is stored; `prompt`: `UserConfirmationNecessary`.
    DeviceConfirmed {
        prompt: bool,
    },
    DevicesListed(Vec<RemoteDevice>),
    DeviceStatusUpdated,
    DeviceForgotten,
    Authenticated(Tokens),
    /// A challenge after the password proof (MFA, MFA setup, new password).
    ChallengeReceived(ChallengeStep),
    SoftwareTokenAssociated(SoftwareTokenAssociation),
    /// `VerifySoftwareToken` said `SUCCESS`; `session` is for `MFA_SETUP`.
    SoftwareTokenVerified {
        session: Option<ChallengeSession>,
    },
    MfaPreferenceSaved,
    TokensRefreshed(Tokens),
    UserLoaded(RemoteUser),
    TokenRevoked,
    SignedOutEverywhere,
    ResetCodeSent {
        delivery: Option<CodeDelivery>,
    },
    PasswordReset,
    /// `UpdateUserAttributes` answered, with where it sent verification codes.
    AttributesUpdated {
        deliveries: Vec<CodeDelivery>,
    },
    AttributesDeleted,
    AttributeCodeSent {
        delivery: Option<CodeDelivery>,
    },
    AttributeVerified,
    PasswordChanged,
    UserDeleted,
    CallFailed(AuthError),
}

impl AuthEvent {
    /// For logs and errors: the event's name, never its data.
    pub fn name(&self) -> &'static str {
        match self {
            Self::StartRequested => "StartRequested",
            Self::SignUpFormRequested => "SignUpFormRequested",
            Self::SignInFormRequested => "SignInFormRequested",
            Self::ForgotPasswordRequested { .. } => "ForgotPasswordRequested",
            Self::SignUpSubmitted { .. } => "SignUpSubmitted",
            Self::SignUpCodeSubmitted { .. } => "SignUpCodeSubmitted",
            Self::SignUpCodeResendRequested => "SignUpCodeResendRequested",
            Self::SignInSubmitted { .. } => "SignInSubmitted",
            Self::SignInCodeSubmitted { .. } => "SignInCodeSubmitted",
            Self::MfaSelected { .. } => "MfaSelected",
            Self::TotpSetupRequested => "TotpSetupRequested",
            Self::TotpCodeSubmitted { .. } => "TotpCodeSubmitted",
            Self::TotpSetupCancelled => "TotpSetupCancelled",
            Self::MfaPreferenceSubmitted { .. } => "MfaPreferenceSubmitted",
            Self::NewPasswordSubmitted { .. } => "NewPasswordSubmitted",
            Self::PasswordResetRequested { .. } => "PasswordResetRequested",
            Self::ResetCodeResendRequested => "ResetCodeResendRequested",
            Self::PasswordResetSubmitted { .. } => "PasswordResetSubmitted",
            Self::SignOutRequested => "SignOutRequested",
            Self::SignOutEverywhereRequested => "SignOutEverywhereRequested",
            Self::FreshSessionRequested => "FreshSessionRequested",
            Self::AttributesSubmitted { .. } => "AttributesSubmitted",
            Self::AttributeCodeSubmitted { .. } => "AttributeCodeSubmitted",
            Self::AttributeCodeResendRequested { .. } => "AttributeCodeResendRequested",
            Self::PasswordChangeSubmitted { .. } => "PasswordChangeSubmitted",
            Self::AccountDeletionRequested => "AccountDeletionRequested",
            Self::DevicePromptAnswered { .. } => "DevicePromptAnswered",
            Self::DeviceStatusSubmitted { .. } => "DeviceStatusSubmitted",
            Self::DeviceForgetRequested { .. } => "DeviceForgetRequested",
            Self::DeviceCleared => "DeviceCleared",
            Self::DeviceUnknown { .. } => "DeviceUnknown",
            Self::DeviceConfirmed { .. } => "DeviceConfirmed",
            Self::DevicesListed(_) => "DevicesListed",
            Self::DeviceStatusUpdated => "DeviceStatusUpdated",
            Self::DeviceForgotten => "DeviceForgotten",
            Self::StoredSessionLoaded(_) => "StoredSessionLoaded",
            Self::TokensStored => "TokensStored",
            Self::TokensCleared => "TokensCleared",
            Self::StoreFailed(_) => "StoreFailed",
            Self::SignUpAccepted(_) => "SignUpAccepted",
            Self::SignUpConfirmed => "SignUpConfirmed",
            Self::CodeResent { .. } => "CodeResent",
            Self::PasswordVerifierRequested { .. } => "PasswordVerifierRequested",
            Self::Authenticated(_) => "Authenticated",
            Self::ChallengeReceived(_) => "ChallengeReceived",
            Self::SoftwareTokenAssociated(_) => "SoftwareTokenAssociated",
            Self::SoftwareTokenVerified { .. } => "SoftwareTokenVerified",
            Self::MfaPreferenceSaved => "MfaPreferenceSaved",
            Self::TokensRefreshed(_) => "TokensRefreshed",
            Self::UserLoaded(_) => "UserLoaded",
            Self::TokenRevoked => "TokenRevoked",
            Self::SignedOutEverywhere => "SignedOutEverywhere",
            Self::ResetCodeSent { .. } => "ResetCodeSent",
            Self::PasswordReset => "PasswordReset",
            Self::AttributesUpdated { .. } => "AttributesUpdated",
            Self::AttributesDeleted => "AttributesDeleted",
            Self::AttributeCodeSent { .. } => "AttributeCodeSent",
            Self::AttributeVerified => "AttributeVerified",
            Self::PasswordChanged => "PasswordChanged",
            Self::UserDeleted => "UserDeleted",
            Self::CallFailed(_) => "CallFailed",
        }
    }
}

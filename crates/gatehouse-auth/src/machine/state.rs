//! Where the user is in the journey. Each state holds only what is valid in it: the busy states
//! (`SigningUp`, `SigningIn`, ...) hold what the pending answer needs, the resting ones what their
//! screen shows plus the `Feedback` of the last action. No state holds a password or a code: those
//! travel in events and effects and are dropped once sent. The one exception is an account action
//! waiting for a refreshed access token (`Resume::Action`): it keeps its passwords or code
//! (redacted, zeroized) until the refresh answers. A sign-in challenge's `Session` is held
//! (redacted) while its screen waits for the answer, and never reaches the view.

use crate::cognito::{NewDevice, RemoteDevice, RemoteUser};
use crate::error::AuthError;
use crate::store::StoredDevice;
use std::collections::BTreeMap;

use crate::secret::{ChallengeSession, ConfirmationCode, Password};
use crate::session::Session;
use crate::view::{
    AttributeField, CodeDelivery, MfaChoice, MfaMethod, Notice, NoticeKind, TotpSetup,
};

/// The outcome of the last action, shown on a resting screen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Feedback {
    pub error: Option<AuthError>,
    pub notice: Option<Notice>,
    /// The attribute the action concerned (a verification code's), when the error does not say.
    pub attribute: Option<String>,
}

impl Feedback {
    pub fn error(error: AuthError) -> Self {
        Self {
            error: Some(error),
            notice: None,
            attribute: None,
        }
    }

    pub fn notice(kind: NoticeKind) -> Self {
        Self::sent(kind, None)
    }

    /// A notice about a code, naming where it went when the pool said.
    pub fn sent(kind: NoticeKind, delivery: Option<&CodeDelivery>) -> Self {
        Self {
            error: None,
            notice: Some(Notice {
                kind,
                destination: delivery.map(|d| d.destination.clone()),
            }),
            attribute: None,
        }
    }

    /// This feedback, about `attribute`.
    pub fn about(self, attribute: impl Into<String>) -> Self {
        Self {
            attribute: Some(attribute.into()),
            ..self
        }
    }
}

/// A signed-in user: the session, and what `GetUser` said (`None` until it answered).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub session: Session,
    pub user: Option<RemoteUser>,
    /// `ListDevices`, in a pool that tracks this device (empty otherwise).
    pub devices: Vec<RemoteDevice>,
    /// `ConfirmDevice` said `UserConfirmationNecessary` and the user has not answered yet.
    pub device_prompt: bool,
}

impl Account {
    /// A session whose user is not loaded yet.
    pub fn new(session: Session) -> Self {
        Self {
            session,
            user: None,
            devices: Vec::new(),
            device_prompt: false,
        }
    }
}

/// A sign-in between the password proof and the tokens.
#[derive(Clone, Debug)]
pub struct Challenge {
    /// What the user typed, shown on screens.
    pub username: String,
    /// The canonical name (`USER_ID_FOR_SRP`), sent as `USERNAME` with each answer.
    pub user_id: String,
    /// The challenge's `Session`, sent back with the answer.
    pub session: ChallengeSession,
    /// `DEVICE_KEY` of the device remembered for the user, sent with each answer.
    pub device_key: Option<String>,
}

/// Where an authenticator-app setup runs: in a sign-in (`MFA_SETUP`) or on the signed-in screen.
#[derive(Clone, Debug)]
pub enum TotpContext {
    SignIn(Challenge),
    /// Boxed: an account (a session and the user) is several times the size of a challenge.
    Account(Box<Account>),
}

/// What to do once a refreshed session is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resume {
    /// The session was restored at start: load the user behind the starting screen.
    Restore,
    /// The user just signed in: load the user.
    SignIn,
    /// The user just signed in and the pool met a new device: confirm it, then load the user.
    ConfirmDevice(NewDevice),
    /// Back to the signed-in screen with this feedback.
    Show(Feedback),
    /// Carry out a signed-in action that needed a fresh access token.
    Action(AccountAction),
}

/// Signed-in actions that call the pool with the access token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountAction {
    SignOutEverywhere,
    SetUpTotp,
    SetMfaPreference {
        sms: MfaChoice,
        totp: MfaChoice,
    },
    UpdateAttributes(AttributeChanges),
    VerifyAttribute {
        attribute: String,
        code: ConfirmationCode,
    },
    ResendAttributeCode {
        attribute: String,
    },
    ChangePassword {
        current: Password,
        new: Password,
    },
    DeleteAccount,
    /// `UpdateDeviceStatus` (the answer to the prompt, or a toggle from the list).
    SetDeviceStatus {
        device_key: String,
        remembered: bool,
    },
    ForgetDevice {
        device_key: String,
    },
}

/// Which call of an attribute update is in flight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SavePhase {
    /// `UpdateUserAttributes`; `then_delete` goes to `DeleteUserAttributes` next.
    Updating { then_delete: Vec<String> },
    /// `DeleteUserAttributes`; `after_update`: an update went through before it.
    Deleting { after_update: bool },
}

/// A checked attribute update: the values to set and the optional attributes to delete.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttributeChanges {
    pub update: BTreeMap<String, String>,
    pub delete: Vec<String>,
}

/// Why a `ForgotPassword` call is in flight, which decides where its answer leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResetReason {
    /// The user asked on the forgot-password screen.
    Asked,
    /// Sign-in answered `PasswordResetRequiredException`.
    Required,
    /// A new code for the reset screen.
    Resend { delivery: Option<CodeDelivery> },
}

#[derive(Debug)]
pub enum AuthState {
    /// Nothing done yet: `start` has not been called.
    Starting,
    /// Reading the stored session from the token store.
    RestoringSession,
    /// `GetUser` with the access token: checks a restored session (a `GlobalSignOut` elsewhere
    /// revokes it) and loads the attributes and MFA settings the signed-in screen shows.
    /// `shown`: the signed-in screen is already up; `may_refresh`: a refused access token may only
    /// be stale, so try the refresh token before giving up.
    VerifyingSession {
        account: Account,
        shown: bool,
        may_refresh: bool,
        feedback: Feedback,
    },
    /// Exchanging the refresh token for new tokens (`REFRESH_TOKEN_AUTH`).
    RefreshingSession { account: Account, resume: Resume },
    /// The store is writing a new session.
    StoringSession { account: Account, resume: Resume },
    /// The store is clearing the session (signed out, the pool ended it, or the account is
    /// deleted); `username` pre-fills the sign-in form next (none for a deleted account).
    ClearingSession {
        username: Option<String>,
        feedback: Feedback,
    },
    /// The sign-in form.
    SignedOut {
        username: Option<String>,
        feedback: Feedback,
    },
    /// The sign-up form.
    SignUpForm { feedback: Feedback },
    /// `SignUp` in flight.
    SigningUp { username: String },
    /// The confirm-sign-up form.
    AwaitingSignUpCode {
        username: String,
        delivery: Option<CodeDelivery>,
        feedback: Feedback,
    },
    /// `ConfirmSignUp` in flight.
    ConfirmingSignUp {
        username: String,
        delivery: Option<CodeDelivery>,
    },
    /// `ResendConfirmationCode` in flight; `unconfirmed` when a sign-in found the account unconfirmed.
    ResendingCode {
        username: String,
        delivery: Option<CodeDelivery>,
        unconfirmed: bool,
    },
    /// SRP step 1: `InitiateAuth` `USER_SRP_AUTH` in flight.
    SigningIn { username: String },
    /// SRP step 2: the `PASSWORD_VERIFIER` answer in flight; `user_id` is `USER_ID_FOR_SRP`;
    /// `device`: the device remembered for that user, named in the answer.
    VerifyingPassword {
        username: String,
        user_id: String,
        device: Option<StoredDevice>,
    },
    /// `DEVICE_SRP_AUTH` and `DEVICE_PASSWORD_VERIFIER` in flight: the remembered device proves itself.
    VerifyingDevice {
        username: String,
        user_id: String,
        device_key: String,
    },
    /// `ConfirmDevice` for the device a sign-in met (then the device is stored); `feedback` is
    /// what storing the session said.
    ConfirmingDevice {
        account: Account,
        feedback: Feedback,
    },
    /// `ListDevices` after `GetUser`, in a pool that tracks this device.
    ListingDevices {
        account: Account,
        feedback: Feedback,
    },
    /// `UpdateDeviceStatus` in flight.
    UpdatingDevice {
        account: Account,
        device_key: String,
        remembered: bool,
    },
    /// `ForgetDevice` in flight, then (this device) forgetting its stored secrets.
    ForgettingDevice {
        account: Account,
        device_key: String,
    },
    /// `SMS_MFA` / `SOFTWARE_TOKEN_MFA`: waiting for the code.
    AwaitingMfaCode {
        challenge: Challenge,
        method: MfaMethod,
        delivery: Option<CodeDelivery>,
        feedback: Feedback,
    },
    /// The code's answer in flight (the session is kept: a wrong code may be retried).
    ConfirmingMfaCode {
        challenge: Challenge,
        method: MfaMethod,
        delivery: Option<CodeDelivery>,
    },
    /// `SELECT_MFA_TYPE`: waiting for the choice.
    AwaitingMfaChoice {
        challenge: Challenge,
        options: Vec<MfaMethod>,
        feedback: Feedback,
    },
    /// The choice in flight.
    SubmittingMfaChoice {
        challenge: Challenge,
        options: Vec<MfaMethod>,
    },
    /// `AssociateSoftwareToken` in flight.
    AssociatingTotp { context: TotpContext },
    /// The authenticator setup screen: waiting for the first code.
    SettingUpTotp {
        context: TotpContext,
        setup: TotpSetup,
        feedback: Feedback,
    },
    /// `VerifySoftwareToken` in flight.
    VerifyingTotp {
        context: TotpContext,
        setup: TotpSetup,
    },
    /// `RespondToAuthChallenge` `MFA_SETUP` in flight, after the token was verified.
    CompletingMfaSetup {
        challenge: Challenge,
        setup: TotpSetup,
    },
    /// `NEW_PASSWORD_REQUIRED`: waiting for the new password and the required attributes.
    AwaitingNewPassword {
        challenge: Challenge,
        required: Vec<AttributeField>,
        feedback: Feedback,
    },
    /// The new password in flight.
    SettingNewPassword {
        challenge: Challenge,
        required: Vec<AttributeField>,
    },
    /// Forgot password, first step: whose password.
    ForgotPasswordForm {
        username: Option<String>,
        feedback: Feedback,
    },
    /// `ForgotPassword` in flight.
    RequestingPasswordReset {
        username: String,
        reason: ResetReason,
    },
    /// Forgot password, second step: waiting for the code and the new password.
    AwaitingResetCode {
        username: String,
        delivery: Option<CodeDelivery>,
        feedback: Feedback,
    },
    /// `ConfirmForgotPassword` in flight.
    ConfirmingPasswordReset {
        username: String,
        delivery: Option<CodeDelivery>,
    },
    SignedIn {
        account: Account,
        feedback: Feedback,
    },
    /// `SetUserMFAPreference` in flight; `notice` is what the signed-in screen says once saved.
    SettingMfaPreference {
        account: Account,
        notice: NoticeKind,
    },
    /// `RevokeToken` in flight (sign out of this app).
    SigningOut { account: Account },
    /// `GlobalSignOut` in flight (sign out everywhere).
    SigningOutEverywhere { account: Account },
    /// Saving an attribute update: `UpdateUserAttributes`, then `DeleteUserAttributes`;
    /// `deliveries` keeps where the update sent verification codes.
    SavingAttributes {
        account: Account,
        phase: SavePhase,
        deliveries: Vec<CodeDelivery>,
    },
    /// `VerifyUserAttribute` in flight.
    VerifyingAttribute { account: Account, attribute: String },
    /// `GetUserAttributeVerificationCode` in flight.
    SendingAttributeCode { account: Account, attribute: String },
    /// `ChangePassword` in flight.
    ChangingPassword { account: Account },
    /// `DeleteUser` in flight.
    DeletingAccount { account: Account },
}

impl AuthState {
    /// For logs and errors: the state's name, never its data.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Starting => "Starting",
            Self::RestoringSession => "RestoringSession",
            Self::VerifyingSession { .. } => "VerifyingSession",
            Self::RefreshingSession { .. } => "RefreshingSession",
            Self::StoringSession { .. } => "StoringSession",
            Self::ClearingSession { .. } => "ClearingSession",
            Self::SignedOut { .. } => "SignedOut",
            Self::SignUpForm { .. } => "SignUpForm",
            Self::SigningUp { .. } => "SigningUp",
            Self::AwaitingSignUpCode { .. } => "AwaitingSignUpCode",
            Self::ConfirmingSignUp { .. } => "ConfirmingSignUp",
            Self::ResendingCode { .. } => "ResendingCode",
            Self::SigningIn { .. } => "SigningIn",
            Self::VerifyingPassword { .. } => "VerifyingPassword",
            Self::VerifyingDevice { .. } => "VerifyingDevice",
            Self::ConfirmingDevice { .. } => "ConfirmingDevice",
            Self::ListingDevices { .. } => "ListingDevices",
            Self::UpdatingDevice { .. } => "UpdatingDevice",
            Self::ForgettingDevice { .. } => "ForgettingDevice",
            Self::AwaitingMfaCode { .. } => "AwaitingMfaCode",
            Self::ConfirmingMfaCode { .. } => "ConfirmingMfaCode",
            Self::AwaitingMfaChoice { .. } => "AwaitingMfaChoice",
            Self::SubmittingMfaChoice { .. } => "SubmittingMfaChoice",
            Self::AssociatingTotp { .. } => "AssociatingTotp",
            Self::SettingUpTotp { .. } => "SettingUpTotp",
            Self::VerifyingTotp { .. } => "VerifyingTotp",
            Self::CompletingMfaSetup { .. } => "CompletingMfaSetup",
            Self::AwaitingNewPassword { .. } => "AwaitingNewPassword",
            Self::SettingNewPassword { .. } => "SettingNewPassword",
            Self::ForgotPasswordForm { .. } => "ForgotPasswordForm",
            Self::RequestingPasswordReset { .. } => "RequestingPasswordReset",
            Self::AwaitingResetCode { .. } => "AwaitingResetCode",
            Self::ConfirmingPasswordReset { .. } => "ConfirmingPasswordReset",
            Self::SignedIn { .. } => "SignedIn",
            Self::SettingMfaPreference { .. } => "SettingMfaPreference",
            Self::SigningOut { .. } => "SigningOut",
            Self::SigningOutEverywhere { .. } => "SigningOutEverywhere",
            Self::SavingAttributes { .. } => "SavingAttributes",
            Self::VerifyingAttribute { .. } => "VerifyingAttribute",
            Self::SendingAttributeCode { .. } => "SendingAttributeCode",
            Self::ChangingPassword { .. } => "ChangingPassword",
            Self::DeletingAccount { .. } => "DeletingAccount",
        }
    }
}

//! The operations the core uses, as a trait, with Cognito's answers as plain types.
//!
//! Methods return boxed futures so that the driver can hold an `Arc<dyn CognitoPort>` (a fake in
//! unit tests, the SDK in the app). Requests own their values: secrets travel as secret types.
//! API reference: <https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/Welcome.html>

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::Pin;

use crate::error::AuthError;
use crate::secret::{
    AccessToken, ChallengeSession, ConfirmationCode, Password, RefreshToken, TotpSecret,
};
use crate::session::Tokens;
use crate::view::{CodeDelivery, MfaChoice, MfaMethod};

pub type PortFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, AuthError>> + Send + 'a>>;

/// `SignUp`'s answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignUpOutcome {
    pub user_confirmed: bool,
    pub delivery: Option<CodeDelivery>,
}

/// The `PASSWORD_VERIFIER` challenge parameters from `InitiateAuth` `USER_SRP_AUTH`.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordVerifierChallenge {
    /// The canonical username, to be used in the proof and the answer (the user may have typed an alias).
    pub user_id_for_srp: String,
    pub srp_b: String,
    pub salt: String,
    pub secret_block: String,
    pub session: Option<ChallengeSession>,
}

impl std::fmt::Debug for PasswordVerifierChallenge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordVerifierChallenge")
            .field("user_id_for_srp", &self.user_id_for_srp)
            .finish_non_exhaustive()
    }
}

/// The answer to `PASSWORD_VERIFIER` for `RespondToAuthChallenge`.
#[derive(Clone)]
pub struct PasswordVerifierAnswer {
    pub username: String,
    pub secret_block: String,
    pub signature: String,
    pub timestamp: String,
    pub session: Option<ChallengeSession>,
    /// `DEVICE_KEY` of the device remembered for this user, when there is one.
    pub device_key: Option<String>,
}

impl std::fmt::Debug for PasswordVerifierAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordVerifierAnswer")
            .field("username", &self.username)
            .field("timestamp", &self.timestamp)
            .finish_non_exhaustive()
    }
}

/// Where an authentication call left us.
#[derive(Clone, Debug)]
pub enum AuthStep {
    /// Signed in.
    Authenticated(Tokens),
    /// The pool wants the SRP proof.
    PasswordVerifier(PasswordVerifierChallenge),
    /// A challenge the core answers (MFA, MFA setup, new password).
    Challenge(ChallengeStep),
    /// A challenge the core does not answer (`CUSTOM_CHALLENGE`...).
    OtherChallenge { name: String },
}

/// A challenge after the password proof, with the `Session` its answer must carry.
#[derive(Clone, Debug)]
pub struct ChallengeStep {
    pub kind: ChallengeKind,
    pub session: ChallengeSession,
    /// `USER_ID_FOR_SRP` when the pool sent it: the canonical name to answer with.
    pub user_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChallengeKind {
    /// `SMS_MFA` (with where the code went) or `SOFTWARE_TOKEN_MFA`.
    Mfa {
        method: MfaMethod,
        delivery: Option<CodeDelivery>,
    },
    /// `SELECT_MFA_TYPE`, from `MFAS_CAN_CHOOSE`.
    SelectMfa { options: Vec<MfaMethod> },
    /// `MFA_SETUP`: the pool requires a second factor the user has not set up.
    MfaSetup,
    /// `NEW_PASSWORD_REQUIRED`, with `requiredAttributes` stripped of `userAttributes.`.
    NewPassword { required_attributes: Vec<String> },
    /// `DEVICE_SRP_AUTH`: the pool knows the device named in the answer and asks it to prove itself.
    DeviceSrp,
}

/// An answer to `RespondToAuthChallenge` after the password proof.
#[derive(Clone, Debug)]
pub struct ChallengeResponse {
    /// Sent as `USERNAME`.
    pub user_id: String,
    pub session: ChallengeSession,
    pub answer: ChallengeAnswer,
    /// `DEVICE_KEY` of the remembered device, sent with MFA and new-password answers.
    pub device_key: Option<String>,
}

#[derive(Clone, Debug)]
pub enum ChallengeAnswer {
    /// `SMS_MFA_CODE` or `SOFTWARE_TOKEN_MFA_CODE`.
    MfaCode {
        method: MfaMethod,
        code: ConfirmationCode,
    },
    /// `ANSWER` to `SELECT_MFA_TYPE`.
    SelectMfa(MfaMethod),
    /// `NEW_PASSWORD` plus `userAttributes.{name}`.
    NewPassword {
        password: Password,
        attributes: BTreeMap<String, String>,
    },
    /// `MFA_SETUP` after `VerifySoftwareToken`: only the session it returned.
    MfaSetup,
}

/// What authorises a software-token call: a challenge session during sign-in (`MFA_SETUP`),
/// the access token when signed in.
#[derive(Clone, Debug)]
pub enum TokenAuth {
    Session(ChallengeSession),
    Access(AccessToken),
}

/// `AssociateSoftwareToken`'s answer.
#[derive(Clone, Debug)]
pub struct SoftwareTokenAssociation {
    pub secret: TotpSecret,
    /// The session for `VerifySoftwareToken`, when associating with a session.
    pub session: Option<ChallengeSession>,
}

/// `GetUser`'s answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RemoteUser {
    pub username: String,
    pub attributes: HashMap<String, String>,
    /// `UserMFASettingList`.
    pub mfa_enabled: Vec<MfaMethod>,
    /// `PreferredMfaSetting`.
    pub mfa_preferred: Option<MfaMethod>,
}

/// `NewDeviceMetadata` of an `AuthenticationResult`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDevice {
    pub key: String,
    pub group_key: String,
}

/// `DeviceSecretVerifierConfig` of `ConfirmDevice` (base64 values).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceVerifier {
    pub password_verifier: String,
    pub salt: String,
}

/// One device of `ListDevices`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteDevice {
    pub key: String,
    /// `device_name` attribute.
    pub name: Option<String>,
    /// `DeviceLastAuthenticatedDate`, RFC 3339.
    pub last_signed_in_at: Option<String>,
    /// `dev:device_remembered_status` is `remembered`.
    pub remembered: bool,
}

/// The device SRP exchange: `DEVICE_SRP_AUTH` answered with `SRP_A`.
#[derive(Clone, Debug)]
pub struct DeviceSrpRequest {
    pub user_id: String,
    pub device_key: String,
    pub srp_a: String,
    pub session: ChallengeSession,
}

/// One method per Cognito operation the core calls.
pub trait CognitoPort: Send + Sync {
    fn sign_up(
        &self,
        username: String,
        password: Password,
        attributes: BTreeMap<String, String>,
    ) -> PortFuture<'_, SignUpOutcome>;
    fn confirm_sign_up(&self, username: String, code: ConfirmationCode) -> PortFuture<'_, ()>;
    fn resend_confirmation_code(&self, username: String) -> PortFuture<'_, Option<CodeDelivery>>;
    /// `InitiateAuth` with `USER_SRP_AUTH`: sends `SRP_A`.
    fn initiate_srp_auth(&self, username: String, srp_a: String) -> PortFuture<'_, AuthStep>;
    /// `RespondToAuthChallenge` with `PASSWORD_VERIFIER`.
    fn respond_to_password_verifier(
        &self,
        answer: PasswordVerifierAnswer,
    ) -> PortFuture<'_, AuthStep>;
    /// `RespondToAuthChallenge` with `SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `SELECT_MFA_TYPE`,
    /// `NEW_PASSWORD_REQUIRED` or `MFA_SETUP`.
    fn respond_to_challenge(&self, response: ChallengeResponse) -> PortFuture<'_, AuthStep>;
    fn associate_software_token(&self, auth: TokenAuth)
        -> PortFuture<'_, SoftwareTokenAssociation>;
    /// `VerifySoftwareToken`; returns the session for `MFA_SETUP` when called with one. A
    /// `Status` of `ERROR` is `CodeMismatch`.
    fn verify_software_token(
        &self,
        auth: TokenAuth,
        code: ConfirmationCode,
        device_name: Option<String>,
    ) -> PortFuture<'_, Option<ChallengeSession>>;
    /// `SetUserMFAPreference` for both methods.
    fn set_mfa_preference(
        &self,
        access_token: AccessToken,
        sms: MfaChoice,
        totp: MfaChoice,
    ) -> PortFuture<'_, ()>;
    /// `InitiateAuth` with `REFRESH_TOKEN_AUTH`; `sub` is the user the token belongs to (for a
    /// confidential client's `SECRET_HASH`).
    /// `device_key`: the `DEVICE_KEY` the tokens were issued with (device-tracking pools).
    fn refresh_tokens(
        &self,
        refresh_token: RefreshToken,
        sub: String,
        device_key: Option<String>,
    ) -> PortFuture<'_, Tokens>;
    fn get_user(&self, access_token: AccessToken) -> PortFuture<'_, RemoteUser>;
    fn global_sign_out(&self, access_token: AccessToken) -> PortFuture<'_, ()>;
    /// `RevokeToken`: ends the refresh token and the tokens it minted.
    fn revoke_token(&self, refresh_token: RefreshToken) -> PortFuture<'_, ()>;
    /// `ForgotPassword`: sends a reset code.
    fn forgot_password(&self, username: String) -> PortFuture<'_, Option<CodeDelivery>>;
    fn confirm_forgot_password(
        &self,
        username: String,
        code: ConfirmationCode,
        password: Password,
    ) -> PortFuture<'_, ()>;
    /// `UpdateUserAttributes`; returns where the pool sent codes to verify a changed email or
    /// phone number (`CodeDeliveryDetailsList`).
    fn update_user_attributes(
        &self,
        access_token: AccessToken,
        attributes: BTreeMap<String, String>,
    ) -> PortFuture<'_, Vec<CodeDelivery>>;
    /// `DeleteUserAttributes`: removes optional attributes.
    fn delete_user_attributes(
        &self,
        access_token: AccessToken,
        names: Vec<String>,
    ) -> PortFuture<'_, ()>;
    /// `GetUserAttributeVerificationCode`: sends a code to verify `email` or `phone_number`.
    fn get_user_attribute_verification_code(
        &self,
        access_token: AccessToken,
        attribute: String,
    ) -> PortFuture<'_, Option<CodeDelivery>>;
    /// `VerifyUserAttribute`.
    fn verify_user_attribute(
        &self,
        access_token: AccessToken,
        attribute: String,
        code: ConfirmationCode,
    ) -> PortFuture<'_, ()>;
    /// `ChangePassword`: `PreviousPassword` and `ProposedPassword`.
    fn change_password(
        &self,
        access_token: AccessToken,
        current: Password,
        new: Password,
    ) -> PortFuture<'_, ()>;
    /// `DeleteUser`: the signed-in user deletes their own account.
    fn delete_user(&self, access_token: AccessToken) -> PortFuture<'_, ()>;
    /// `RespondToAuthChallenge` `DEVICE_SRP_AUTH`; answers with the `DEVICE_PASSWORD_VERIFIER`
    /// parameters (`USERNAME` in `user_id_for_srp`).
    fn respond_to_device_srp(
        &self,
        request: DeviceSrpRequest,
    ) -> PortFuture<'_, PasswordVerifierChallenge>;
    /// `RespondToAuthChallenge` `DEVICE_PASSWORD_VERIFIER` (the answer carries `DEVICE_KEY`).
    fn respond_to_device_password_verifier(
        &self,
        answer: PasswordVerifierAnswer,
    ) -> PortFuture<'_, AuthStep>;
    /// `ConfirmDevice`; returns `UserConfirmationNecessary`.
    fn confirm_device(
        &self,
        access_token: AccessToken,
        device_key: String,
        verifier: DeviceVerifier,
        device_name: Option<String>,
    ) -> PortFuture<'_, bool>;
    /// `UpdateDeviceStatus`: `remembered` or `not_remembered`.
    fn update_device_status(
        &self,
        access_token: AccessToken,
        device_key: String,
        remembered: bool,
    ) -> PortFuture<'_, ()>;
    /// `ListDevices` (every page).
    fn list_devices(&self, access_token: AccessToken) -> PortFuture<'_, Vec<RemoteDevice>>;
    /// `ForgetDevice`.
    fn forget_device(&self, access_token: AccessToken, device_key: String) -> PortFuture<'_, ()>;
}

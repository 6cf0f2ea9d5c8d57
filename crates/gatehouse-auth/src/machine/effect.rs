//! Orders the machine gives the driver. Each one, carried out, produces exactly one event.

use std::collections::BTreeMap;

use crate::cognito::{
    ChallengeResponse, NewDevice, PasswordVerifierAnswer, PasswordVerifierChallenge, TokenAuth,
};
use crate::secret::{AccessToken, ConfirmationCode, Password, RefreshToken};
use crate::srp::SrpHandshake;
use crate::store::{StoredDevice, StoredSession};
use crate::view::MfaChoice;

#[derive(Debug)]
pub enum Effect {
    LoadTokens,
    StoreTokens(StoredSession),
    ClearTokens,
    CallSignUp {
        username: String,
        password: Password,
        attributes: BTreeMap<String, String>,
    },
    CallConfirmSignUp {
        username: String,
        code: ConfirmationCode,
    },
    CallResendConfirmationCode {
        username: String,
    },
    /// Start an SRP handshake and send `InitiateAuth` `USER_SRP_AUTH`.
    InitiateSrpAuth {
        username: String,
        password: Password,
    },
    /// Answer with the proof, naming `device_key` when a device is remembered; a refused device
    /// comes back as `DeviceUnknown`.
    RespondToPasswordVerifier {
        handshake: SrpHandshake,
        challenge: PasswordVerifierChallenge,
        device_key: Option<String>,
    },
    /// The same proof again, without `DEVICE_KEY`.
    ResendPasswordVerifier(PasswordVerifierAnswer),
    /// Forget the device stored for `username` (its canonical name).
    ClearDevice {
        username: String,
    },
    /// `DEVICE_SRP_AUTH` then `DEVICE_PASSWORD_VERIFIER` with the stored device.
    ProveDevice {
        user_id: String,
        session: crate::secret::ChallengeSession,
        device: StoredDevice,
    },
    /// Make a device password and verifier, `ConfirmDevice`, store the device for `username`.
    ConfirmDevice {
        access_token: AccessToken,
        username: String,
        device: NewDevice,
    },
    CallListDevices {
        access_token: AccessToken,
    },
    CallUpdateDeviceStatus {
        access_token: AccessToken,
        device_key: String,
        remembered: bool,
    },
    CallForgetDevice {
        access_token: AccessToken,
        device_key: String,
    },
    RespondToChallenge(ChallengeResponse),
    CallAssociateSoftwareToken(TokenAuth),
    CallVerifySoftwareToken {
        auth: TokenAuth,
        code: ConfirmationCode,
        device_name: Option<String>,
    },
    CallSetMfaPreference {
        access_token: AccessToken,
        sms: MfaChoice,
        totp: MfaChoice,
    },
    RefreshTokens {
        refresh_token: RefreshToken,
        /// The user's `sub`, for a confidential client's `SECRET_HASH`.
        sub: String,
        /// The `DEVICE_KEY` the tokens were issued with.
        device_key: Option<String>,
    },
    CallGetUser {
        access_token: AccessToken,
    },
    CallRevokeToken {
        refresh_token: RefreshToken,
    },
    CallGlobalSignOut {
        access_token: AccessToken,
    },
    CallForgotPassword {
        username: String,
    },
    CallConfirmForgotPassword {
        username: String,
        code: ConfirmationCode,
        password: Password,
    },
    CallUpdateUserAttributes {
        access_token: AccessToken,
        attributes: BTreeMap<String, String>,
    },
    CallDeleteUserAttributes {
        access_token: AccessToken,
        names: Vec<String>,
    },
    CallGetUserAttributeVerificationCode {
        access_token: AccessToken,
        attribute: String,
    },
    CallVerifyUserAttribute {
        access_token: AccessToken,
        attribute: String,
        code: ConfirmationCode,
    },
    CallChangePassword {
        access_token: AccessToken,
        current: Password,
        new: Password,
    },
    CallDeleteUser {
        access_token: AccessToken,
    },
}

impl Effect {
    /// For logs and tests: the effect's name, never its data.
    pub fn name(&self) -> &'static str {
        match self {
            Self::LoadTokens => "LoadTokens",
            Self::StoreTokens(_) => "StoreTokens",
            Self::ClearTokens => "ClearTokens",
            Self::CallSignUp { .. } => "CallSignUp",
            Self::CallConfirmSignUp { .. } => "CallConfirmSignUp",
            Self::CallResendConfirmationCode { .. } => "CallResendConfirmationCode",
            Self::InitiateSrpAuth { .. } => "InitiateSrpAuth",
            Self::RespondToPasswordVerifier { .. } => "RespondToPasswordVerifier",
            Self::RespondToChallenge(_) => "RespondToChallenge",
            Self::ResendPasswordVerifier(_) => "ResendPasswordVerifier",
            Self::ClearDevice { .. } => "ClearDevice",
            Self::ProveDevice { .. } => "ProveDevice",
            Self::ConfirmDevice { .. } => "ConfirmDevice",
            Self::CallListDevices { .. } => "CallListDevices",
            Self::CallUpdateDeviceStatus { .. } => "CallUpdateDeviceStatus",
            Self::CallForgetDevice { .. } => "CallForgetDevice",
            Self::CallAssociateSoftwareToken(_) => "CallAssociateSoftwareToken",
            Self::CallVerifySoftwareToken { .. } => "CallVerifySoftwareToken",
            Self::CallSetMfaPreference { .. } => "CallSetMfaPreference",
            Self::RefreshTokens { .. } => "RefreshTokens",
            Self::CallGetUser { .. } => "CallGetUser",
            Self::CallRevokeToken { .. } => "CallRevokeToken",
            Self::CallGlobalSignOut { .. } => "CallGlobalSignOut",
            Self::CallForgotPassword { .. } => "CallForgotPassword",
            Self::CallConfirmForgotPassword { .. } => "CallConfirmForgotPassword",
            Self::CallUpdateUserAttributes { .. } => "CallUpdateUserAttributes",
            Self::CallDeleteUserAttributes { .. } => "CallDeleteUserAttributes",
            Self::CallGetUserAttributeVerificationCode { .. } => {
                "CallGetUserAttributeVerificationCode"
            }
            Self::CallVerifyUserAttribute { .. } => "CallVerifyUserAttribute",
            Self::CallChangePassword { .. } => "CallChangePassword",
            Self::CallDeleteUser { .. } => "CallDeleteUser",
        }
    }
}

//! What the user can ask of the core: one variant per user action in the UI.
//!
//! THIS FILE IS PART OF THE CONTRACT with src-tauri (one Tauri command per variant) and the UI.
//! Secrets arrive already wrapped in their redacted types. Attribute maps are keyed by Cognito
//! attribute names (`email`, `phone_number`, `custom:team`).

use std::collections::BTreeMap;

use crate::secret::{ConfirmationCode, Password};
use crate::view::{MfaChoice, MfaMethod};

#[derive(Debug)]
pub enum Intent {
    ShowSignUp,
    ShowSignIn,
    /// "Forgot your password?" from the sign-in screen; pre-fills what the user typed there.
    ShowForgotPassword {
        username: Option<String>,
    },
    /// In a pool that signs in by email or phone number (`PoolSettings::username_attributes`)
    /// `username` is ignored (the UI sends ""): the `email` (or `phone_number`) attribute is
    /// Cognito's `Username`.
    SignUp {
        username: String,
        password: Password,
        attributes: BTreeMap<String, String>,
    },
    ConfirmSignUp {
        code: ConfirmationCode,
    },
    ResendSignUpCode,
    SignIn {
        username: String,
        password: Password,
    },
    /// The SMS or authenticator code for `SMS_MFA` / `SOFTWARE_TOKEN_MFA`.
    ConfirmSignIn {
        code: ConfirmationCode,
    },
    /// The answer to `SELECT_MFA_TYPE`.
    SelectMfa {
        method: MfaMethod,
    },
    /// Start authenticator setup from the signed-in screen (`AssociateSoftwareToken` with the
    /// access token).
    SetUpTotp,
    /// The first code from the authenticator app (`VerifySoftwareToken`), during sign-in
    /// (`MFA_SETUP`) or from the signed-in screen.
    VerifyTotp {
        code: ConfirmationCode,
        /// `FriendlyDeviceName`, optional.
        device_name: Option<String>,
    },
    /// Leave a TOTP setup started from the signed-in screen.
    CancelTotpSetup,
    /// `SetUserMFAPreference`.
    SetMfaPreference {
        sms: MfaChoice,
        totp: MfaChoice,
    },
    /// The answer to `NEW_PASSWORD_REQUIRED`, with the challenge's required attributes.
    CompleteNewPassword {
        password: Password,
        attributes: BTreeMap<String, String>,
    },
    /// `ForgotPassword`.
    RequestPasswordReset {
        username: String,
    },
    ResendPasswordResetCode,
    /// `ConfirmForgotPassword`.
    ConfirmPasswordReset {
        code: ConfirmationCode,
        password: Password,
    },
    /// Sign out of this app: revoke the refresh token (`RevokeToken`), clear the keyring.
    SignOut,
    /// Sign out on every device (`GlobalSignOut`), then clear the keyring.
    SignOutEverywhere,
    /// Save the attributes the user changed on the signed-in screen: an empty value deletes an
    /// optional attribute (`DeleteUserAttributes`), the others go to `UpdateUserAttributes`.
    /// Checked like the sign-up form's fields; unchanged values are dropped, read-only ones refused.
    UpdateAttributes {
        attributes: BTreeMap<String, String>,
    },
    /// The code sent to verify `email` or `phone_number` (`VerifyUserAttribute`).
    VerifyAttribute {
        attribute: String,
        code: ConfirmationCode,
    },
    /// Send a new code to verify `email` or `phone_number` (`GetUserAttributeVerificationCode`).
    ResendAttributeCode {
        attribute: String,
    },
    /// `ChangePassword`; the new password is checked against the pool's policy first.
    ChangePassword {
        current: Password,
        new: Password,
    },
    /// `DeleteUser`, then the keyring is cleared. The UI asks for confirmation first.
    DeleteAccount,
    /// The answer to "Remember this device?" (`UpdateDeviceStatus` of this device).
    RememberDevice {
        remember: bool,
    },
    /// `ForgetDevice`; forgetting this device also drops its stored secrets.
    ForgetDevice {
        device_key: String,
    },
    /// `UpdateDeviceStatus` of a device in the list.
    SetDeviceRemembered {
        device_key: String,
        remembered: bool,
    },
}

//! What the UI may know: the screen to show and the data it needs, never a secret.
//!
//! `AuthView` is the only thing the core hands to the desktop shell for display. It is built from
//! the state machine's state by `AuthView::of` and pushed to the web view after every transition.
//! It must never hold a password, a code, a token or an SRP value (tests check this).
//!
//! THIS FILE IS THE CONTRACT between gatehouse-auth and src-tauri/ui. Change it only together
//! with the app and the generated bindings.

use serde::{Deserialize, Serialize};

/// Everything a screen needs, and nothing secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AuthView {
    /// Which screen to show, with its data.
    pub screen: Screen,
    /// A network action is in flight: the UI disables the form and shows a spinner.
    pub busy: bool,
    /// The error from the last action, if it failed.
    pub error: Option<ViewError>,
    /// What the last action achieved, if it says something (for example "we sent a new code").
    pub notice: Option<Notice>,
}

/// An informational message: the UI's catalogue writes the sentence for `kind`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Notice {
    pub kind: NoticeKind,
    /// The masked address a code went to (`e***@e***.com`), when the pool said.
    pub destination: Option<String>,
}

/// What an action achieved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum NoticeKind {
    /// Sign-up confirmed by the pool itself (auto-confirm): the user can sign in.
    AccountReady,
    AccountConfirmed,
    CodeSent,
    NewCodeSent,
    PasswordReset,
    MfaSaved,
    AuthenticatorOn,
    SignedOutEverywhere,
    /// `RevokeToken` could not reach the pool: signed out here, the session stays valid on the
    /// pool until it expires.
    SignedOutLocally,
    AttributesSaved,
    /// A code to verify an email address or phone number was sent (also after saving a changed one).
    VerificationCodeSent,
    AttributeVerified,
    PasswordChanged,
    AccountDeleted,
    /// `UpdateDeviceStatus` `remembered`: the next sign-in here may skip the second factor.
    DeviceRemembered,
    /// `ForgetDevice`.
    DeviceForgotten,
}

/// The screen the user is on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Screen {
    /// Restoring a session from the keyring at start-up.
    Starting,
    /// The sign-in form; `username` pre-fills it (after sign-up, sign-out or a reset) with what
    /// the user signs in with: in a pool that signs in by email, the email, never the generated
    /// username.
    #[serde(rename_all = "camelCase")]
    SignIn {
        username: Option<String>,
        /// What the `username` input asks for.
        username_field: UsernameField,
    },
    /// The sign-up form: which attributes to ask for, and the password policy shown up front.
    #[serde(rename_all = "camelCase")]
    SignUp { form: SignUpForm },
    /// Waiting for the sign-up confirmation code.
    #[serde(rename_all = "camelCase")]
    ConfirmSignUp {
        username: String,
        delivery: Option<CodeDelivery>,
    },
    /// `SMS_MFA` or `SOFTWARE_TOKEN_MFA`: the code from the text message or the authenticator app.
    #[serde(rename_all = "camelCase")]
    ConfirmSignIn {
        username: String,
        method: MfaMethod,
        /// Where the SMS went (`CODE_DELIVERY_DESTINATION`); `None` for an authenticator app.
        delivery: Option<CodeDelivery>,
    },
    /// `SELECT_MFA_TYPE`: the user has several second factors and no preferred one.
    #[serde(rename_all = "camelCase")]
    SelectMfa {
        username: String,
        options: Vec<MfaMethod>,
    },
    /// Setting up an authenticator app: `MFA_SETUP` during sign-in, or from the signed-in screen.
    #[serde(rename_all = "camelCase")]
    SetUpTotp {
        username: String,
        setup: TotpSetup,
        origin: TotpSetupOrigin,
    },
    /// `NEW_PASSWORD_REQUIRED`: a first sign-in with a temporary password.
    #[serde(rename_all = "camelCase")]
    NewPassword {
        username: String,
        /// The challenge's `requiredAttributes` the user must fill in, with how to ask for each.
        required_attributes: Vec<AttributeField>,
        policy: PasswordPolicy,
    },
    /// Forgot password, first step: whose password to reset.
    #[serde(rename_all = "camelCase")]
    ForgotPassword {
        username: Option<String>,
        username_field: UsernameField,
    },
    /// Forgot password, second step: the code that was sent and the new password.
    #[serde(rename_all = "camelCase")]
    ResetPassword {
        username: String,
        delivery: Option<CodeDelivery>,
        policy: PasswordPolicy,
    },
    /// Signed in: who the user is, their attributes and second factors, and the password policy
    /// for the change-password form.
    #[serde(rename_all = "camelCase")]
    SignedIn {
        user: UserSummary,
        policy: PasswordPolicy,
    },
}

/// A second factor Cognito can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum MfaMethod {
    /// `SMS_MFA`: a code texted to the user's phone number.
    Sms,
    /// `SOFTWARE_TOKEN_MFA`: a TOTP code from an authenticator app.
    Totp,
}

/// What the sign-up form asks for besides the username and password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SignUpForm {
    pub fields: Vec<AttributeField>,
    pub policy: PasswordPolicy,
    /// `username`: the form asks for a username; otherwise it has no username input and the
    /// email (or phone number) attribute among `fields` is the username.
    pub username_field: UsernameField,
}

/// What a user signs in with, from the pool's `UsernameAttributes`: a username (none set), an
/// email address (`["email"]`), a phone number (`["phone_number"]`) or either (both).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum UsernameField {
    Username,
    Email,
    PhoneNumber,
    EmailOrPhone,
}

/// One user attribute a form asks for (`email`, `phone_number`, `custom:team`...).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AttributeField {
    /// Cognito's attribute name, the key the form sends back.
    pub name: String,
    /// What the form labels it ("Phone number", "Team").
    pub label: String,
    pub kind: AttributeKind,
    pub required: bool,
}

/// How a form field asks for and checks an attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum AttributeKind {
    Email,
    /// E.164: `+` then up to 15 digits.
    Phone,
    Text,
    Number,
}

/// The pool's password policy, shown before the user types and checked as they type. The pool
/// still enforces it: this is a courtesy, not the check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PasswordPolicy {
    pub minimum_length: u32,
    pub require_uppercase: bool,
    pub require_lowercase: bool,
    pub require_numbers: bool,
    pub require_symbols: bool,
}

impl Default for PasswordPolicy {
    /// Cognito's default policy.
    fn default() -> Self {
        Self {
            minimum_length: 8,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
        }
    }
}

/// What an authenticator app needs. The secret is deliberately shown: the user must be able to
/// copy it into their app. It is on screen during setup only, and is in no log or file.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TotpSetup {
    /// Base32, as `AssociateSoftwareToken` returned it.
    pub secret: String,
    /// `otpauth://totp/{issuer}:{account}?secret=...&issuer=...`
    pub uri: String,
    /// The URI as a QR code, an SVG document rendered in Rust (`qrcode` crate).
    pub qr_svg: String,
    pub issuer: String,
    pub account: String,
}

impl std::fmt::Debug for TotpSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TotpSetup")
            .field("issuer", &self.issuer)
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

/// Where a TOTP setup started, so the UI knows where "Cancel" leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum TotpSetupOrigin {
    /// `MFA_SETUP` during sign-in: the pool requires a second factor before it issues tokens.
    SignIn,
    /// From the signed-in screen, with the access token.
    Account,
}

/// How one second factor is set for the user (`SetUserMFAPreference`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum MfaChoice {
    Disabled,
    Enabled,
    Preferred,
}

/// Where Cognito says it sent a code, masked as Cognito masks it (`e***@e***.com`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CodeDelivery {
    /// `EMAIL` or `SMS`, as Cognito names the medium.
    pub medium: String,
    pub destination: String,
    /// The attribute the code verifies (`email`, `phone_number`).
    pub attribute: Option<String>,
}

/// Who is signed in, from the ID token's claims and `GetUser`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct UserSummary {
    pub username: String,
    pub sub: String,
    pub email: Option<String>,
    pub email_verified: Option<bool>,
    pub phone_number: Option<String>,
    pub phone_number_verified: Option<bool>,
    /// When the current access token expires, as an RFC 3339 UTC timestamp (client clock).
    pub session_expires_at: String,
    pub mfa: MfaSummary,
    /// Every attribute `GetUser` returned except `sub` and the `*_verified` flags: `email`,
    /// `phone_number`, the other standard ones, then the `custom:` ones (each group by name).
    pub attributes: Vec<UserAttribute>,
    /// The devices the pool remembers for the user (`ListDevices`); empty when the pool tracks
    /// no devices.
    pub devices: Vec<DeviceSummary>,
    /// The pool asks whether to remember this device (`UserConfirmationNecessary`), unanswered yet.
    pub device_prompt: bool,
}

/// One device of the signed-in screen's list. Never a device secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DeviceSummary {
    /// `DeviceKey`, what `forget_device` and `set_device_remembered` take.
    pub key: String,
    pub name: Option<String>,
    /// RFC 3339.
    pub last_signed_in_at: Option<String>,
    pub remembered: bool,
    /// This app on this computer.
    pub current: bool,
}

/// One of the user's attributes on the signed-in screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct UserAttribute {
    /// Cognito's attribute name (`email`, `custom:team`), the key `update_attributes` takes.
    pub name: String,
    pub label: String,
    pub kind: AttributeKind,
    pub value: String,
    /// `email` and `phone_number` only: whether the pool verified it.
    pub verified: Option<bool>,
    /// The pool's schema says it is mutable (assumed when the schema is unknown; never `sub`).
    pub editable: bool,
}

/// The user's second factors and what the pool offers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MfaSummary {
    /// The methods the pool allows (empty when the pool's MFA is off).
    pub available: Vec<MfaMethod>,
    /// The methods the user has enabled (`UserMFASettingList`).
    pub enabled: Vec<MfaMethod>,
    /// `PreferredMfaSetting`.
    pub preferred: Option<MfaMethod>,
    /// The pool's MFA is `ON`: the user cannot turn every factor off.
    pub required: bool,
}

/// An error the UI shows. The UI's catalogue writes the sentence for `kind`; `detail` fills in the
/// one value a sentence needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ViewError {
    pub kind: ErrorKind,
    /// The form field the error concerns, so the UI shows it next to that field.
    pub field: Option<Field>,
    /// Which attribute (`email`, `phone_number`, `custom:team`): with `Field::Attribute`, and with
    /// `Field::Code` for an attribute's verification code.
    pub attribute: Option<String>,
    /// Only: the minimum length (`passwordTooShort`), the trigger's reason (`userLambdaValidation`),
    /// the pool's sentence (`invalidPassword`, `invalidParameter`, `notAuthorized`,
    /// `limitExceeded`, `service`), the challenge's name (`unsupportedChallenge`), the attribute's
    /// name (`unknownAttribute`). Never a secret.
    pub detail: Option<String>,
}

/// Form fields an error can point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum Field {
    Username,
    Password,
    /// The new password on the new-password, reset and change-password forms.
    NewPassword,
    /// The current password on the change-password form.
    CurrentPassword,
    Code,
    /// A user attribute; `ViewError::attribute` names it.
    Attribute,
}

/// User-meaningful error kinds, mapped from Cognito's error codes and local failures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    // Local input, refused before anything is sent.
    /// An empty field.
    Required,
    InvalidUsername,
    InvalidEmail,
    InvalidPhone,
    InvalidNumber,
    /// Not six digits.
    InvalidCode,
    /// `detail` is the minimum length.
    PasswordTooShort,
    PasswordNeedsUppercase,
    PasswordNeedsLowercase,
    PasswordNeedsNumber,
    PasswordNeedsSymbol,
    /// Change password: the new one equals the current one.
    PasswordUnchanged,
    /// An attribute the form does not ask for; `detail` is its name.
    UnknownAttribute,
    /// Saving attributes with no change.
    NothingChanged,
    /// The pool's MFA is `ON`: one factor must stay.
    MfaRequired,
    /// A choice the screen did not offer (a factor the pool does not offer, two preferred
    /// factors, a read-only attribute).
    NotOffered,
    /// Verify or resend for an attribute that is not `email` or `phone_number`.
    AttributeNotVerifiable,
    // The pool's answers.
    /// "Incorrect username or password."
    IncorrectCredentials,
    /// "Password attempts exceeded".
    PasswordAttemptsExceeded,
    /// Any other `NotAuthorizedException`; `detail` is the pool's sentence.
    NotAuthorized,
    UserNotFound,
    UserNotConfirmed,
    PasswordResetRequired,
    UsernameExists,
    AliasExists,
    InvalidPassword,
    InvalidParameter,
    CodeMismatch,
    ExpiredCode,
    LimitExceeded,
    TooManyRequests,
    /// A pre sign-up or pre authentication trigger refused (`UserLambdaValidationException`).
    UserLambdaValidation,
    /// The sign-in challenge's session expired (Cognito gives three minutes): start again.
    ChallengeExpired,
    /// The session was revoked (sign-out everywhere) or its refresh token expired: sign in again.
    SessionEnded,
    /// The pool could not be reached (connection refused, DNS, connection broken).
    Network,
    /// The pool did not answer within the attempt timeout (and retrying, where safe, did not help).
    PoolTimeout,
    /// The pool failed on its side (HTTP 5xx, `InternalErrorException`); `detail` is its error code.
    PoolError,
    /// The OS keyring refused to store or read the session.
    Keyring,
    /// The action does not apply to the current screen (a UI bug or a double click).
    UnexpectedAction,
    /// The pool asked for a challenge this version does not answer; `detail` is its name.
    UnsupportedChallenge,
    /// Anything else the pool answered; `detail` is its sentence.
    Service,
}

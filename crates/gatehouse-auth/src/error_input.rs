//! What is wrong with a value the user typed: the local half of `ErrorKind`.

use crate::view::ErrorKind;

/// What is wrong with a value the user typed (checked before anything is sent).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputProblem {
    #[error("the field is empty")]
    Required,
    #[error("the username is malformed")]
    InvalidUsername,
    #[error("the email address is malformed")]
    InvalidEmail,
    #[error("the phone number is not in E.164 form")]
    InvalidPhone,
    #[error("the value is not a number")]
    InvalidNumber,
    #[error("the code is not six digits")]
    InvalidCode,
    #[error("the password is shorter than {minimum} characters")]
    PasswordTooShort { minimum: u32 },
    #[error("the password needs an uppercase letter")]
    PasswordNeedsUppercase,
    #[error("the password needs a lowercase letter")]
    PasswordNeedsLowercase,
    #[error("the password needs a number")]
    PasswordNeedsNumber,
    #[error("the password needs a symbol")]
    PasswordNeedsSymbol,
    #[error("the new password equals the current one")]
    PasswordUnchanged,
    #[error("the form does not ask for this attribute")]
    UnknownAttribute,
    #[error("nothing was changed")]
    NothingChanged,
    #[error("the pool requires a second factor")]
    MfaRequired,
    #[error("the screen did not offer this choice")]
    NotOffered,
    #[error("only an email address or a phone number can be verified")]
    AttributeNotVerifiable,
}

impl InputProblem {
    pub fn kind(self) -> ErrorKind {
        match self {
            Self::Required => ErrorKind::Required,
            Self::InvalidUsername => ErrorKind::InvalidUsername,
            Self::InvalidEmail => ErrorKind::InvalidEmail,
            Self::InvalidPhone => ErrorKind::InvalidPhone,
            Self::InvalidNumber => ErrorKind::InvalidNumber,
            Self::InvalidCode => ErrorKind::InvalidCode,
            Self::PasswordTooShort { .. } => ErrorKind::PasswordTooShort,
            Self::PasswordNeedsUppercase => ErrorKind::PasswordNeedsUppercase,
            Self::PasswordNeedsLowercase => ErrorKind::PasswordNeedsLowercase,
            Self::PasswordNeedsNumber => ErrorKind::PasswordNeedsNumber,
            Self::PasswordNeedsSymbol => ErrorKind::PasswordNeedsSymbol,
            Self::PasswordUnchanged => ErrorKind::PasswordUnchanged,
            Self::UnknownAttribute => ErrorKind::UnknownAttribute,
            Self::NothingChanged => ErrorKind::NothingChanged,
            Self::MfaRequired => ErrorKind::MfaRequired,
            Self::NotOffered => ErrorKind::NotOffered,
            Self::AttributeNotVerifiable => ErrorKind::AttributeNotVerifiable,
        }
    }
}

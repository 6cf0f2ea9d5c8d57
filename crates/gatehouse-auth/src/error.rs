//! The core's errors: one enum of user-meaningful failures, and its mapping to the UI's `ViewError`.
//!
//! Cognito's error codes (`NotAuthorizedException`, ...) are mapped to named variants in
//! `cognito::errors`; local validation, the keyring and the network add their own. The UI branches on
//! `ErrorKind` and writes its own sentences; `Display` is for logs. The variants with a `message`
//! carry the pool's own sentence, which the view passes on as `detail` where the UI needs it; the
//! driver scrubs the secrets it sent out of those (see `AuthError::scrub`).
//! Cognito error codes: <https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/CommonErrors.html>

use crate::view::{ErrorKind, Field, ViewError};

#[path = "error_input.rs"]
mod input;

pub use input::InputProblem;

/// Why an action failed. `Display` is for logs: it never holds a secret, and the UI does not show it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// A form field failed local validation; nothing was sent. `attribute` names the user
    /// attribute when `field` is `Field::Attribute` (or the attribute a code verifies).
    #[error("invalid input ({field:?} {attribute:?}): {problem}")]
    InvalidInput {
        problem: InputProblem,
        field: Option<Field>,
        attribute: Option<String>,
    },
    /// "Incorrect username or password." (also a wrong current password on change password).
    #[error("Incorrect username or password.")]
    IncorrectCredentials,
    /// "Password attempts exceeded": too many wrong passwords for now.
    #[error("Password attempts exceeded")]
    PasswordAttemptsExceeded,
    /// Any other `NotAuthorizedException` (a token the pool no longer accepts, a secret hash it
    /// refused...): the pool's sentence.
    #[error("{message}")]
    NotAuthorized { message: String },
    /// The pool no longer accepts the stored session (revoked, expired refresh token, user deleted).
    #[error("Your session has ended. Sign in again.")]
    SessionEnded,
    /// A sign-in challenge's `Session` expired (Cognito gives three minutes) or was already used.
    #[error("The sign-in took too long. Sign in again.")]
    ChallengeExpired,
    #[error("{message}")]
    UserNotFound { message: String },
    #[error("This account is not confirmed yet.")]
    UserNotConfirmed,
    #[error("The password of this account must be reset.")]
    PasswordResetRequired,
    /// A wrong confirmation, reset, SMS, authenticator or attribute code.
    #[error("Invalid verification code provided, please try again.")]
    CodeMismatch,
    #[error("This code has expired; request a new one.")]
    ExpiredCode,
    #[error("{message}")]
    LimitExceeded { message: String },
    #[error("Too many requests, please try again later.")]
    TooManyRequests,
    /// The password breaks the pool's policy; the pool's sentence says which rule.
    #[error("{message}")]
    InvalidPassword { message: String },
    #[error("{message}")]
    InvalidParameter { message: String },
    #[error("An account with this username already exists.")]
    UsernameExists,
    /// Another account already uses this email address or phone number.
    #[error("{message}")]
    AliasExists { attribute: String, message: String },
    /// A Lambda trigger refused (`UserLambdaValidationException`); the pool's sentence says why.
    #[error("{message}")]
    UserLambdaValidation { message: String },
    /// The pool could not be reached (refused, DNS, connection broken); `detail` is for logs only.
    #[error("The user pool could not be reached: {detail}")]
    Network { detail: String },
    /// The pool did not answer in time; `detail` is for logs only.
    #[error("The user pool did not answer in time: {detail}")]
    PoolTimeout { detail: String },
    /// The pool failed on its side (HTTP 5xx, `InternalErrorException`); `code` is its error code.
    #[error("The user pool failed ({code})")]
    PoolError { code: String },
    /// The OS keyring failed; `detail` is for logs only.
    #[error("The system keyring could not store or read the session: {detail}")]
    Keyring { detail: String },
    /// Cognito asked for a challenge this version does not answer (`CUSTOM_CHALLENGE`...).
    #[error("The pool asked for {name}, which this version of Gatehouse does not support.")]
    UnsupportedChallenge { name: String },
    /// The action does not apply to the current screen.
    #[error("That action is not available right now.")]
    UnexpectedAction,
    /// Anything else the pool answered (or an answer the client could not read).
    #[error("{code}: {message}")]
    Service { code: String, message: String },
}

impl AuthError {
    /// A local validation failure next to `field`.
    pub fn invalid(field: Field, problem: InputProblem) -> Self {
        Self::InvalidInput {
            problem,
            field: Some(field),
            attribute: None,
        }
    }

    /// A local validation failure of the form as a whole (a choice the screen did not offer).
    pub fn invalid_form(problem: InputProblem) -> Self {
        Self::InvalidInput {
            problem,
            field: None,
            attribute: None,
        }
    }

    /// A local validation failure next to the attribute `name`.
    pub fn invalid_attribute(name: &str, problem: InputProblem) -> Self {
        Self::InvalidInput {
            problem,
            field: Some(Field::Attribute),
            attribute: Some(name.to_owned()),
        }
    }

    /// Removes `secret` from any text the pool sent back, so a hostile or careless pool cannot make
    /// the UI display a password or code.
    pub fn scrub(self, secret: &str) -> Self {
        if secret.is_empty() {
            return self;
        }
        let clean = |text: String| text.replace(secret, "[redacted]");
        match self {
            Self::NotAuthorized { message } => Self::NotAuthorized {
                message: clean(message),
            },
            Self::UserNotFound { message } => Self::UserNotFound {
                message: clean(message),
            },
            Self::LimitExceeded { message } => Self::LimitExceeded {
                message: clean(message),
            },
            Self::InvalidPassword { message } => Self::InvalidPassword {
                message: clean(message),
            },
            Self::InvalidParameter { message } => Self::InvalidParameter {
                message: clean(message),
            },
            Self::AliasExists { attribute, message } => Self::AliasExists {
                attribute,
                message: clean(message),
            },
            Self::UserLambdaValidation { message } => Self::UserLambdaValidation {
                message: clean(message),
            },
            Self::Service { code, message } => Self::Service {
                code: clean(code),
                message: clean(message),
            },
            Self::UnsupportedChallenge { name } => Self::UnsupportedChallenge { name: clean(name) },
            Self::PoolError { code } => Self::PoolError { code: clean(code) },
            other => other,
        }
    }

    /// A failure of the network or of the pool itself, not an answer about the request: the
    /// request may succeed later, and a session must outlive it.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Network { .. }
                | Self::PoolTimeout { .. }
                | Self::PoolError { .. }
                | Self::TooManyRequests
        )
    }

    /// A definitive answer that the stored session is dead (as opposed to a transient failure):
    /// only these clear the stored tokens.
    pub fn ends_session(&self) -> bool {
        match self {
            // A missing or wrong client secret is the profile's fault, not a dead session.
            Self::NotAuthorized { message } => !message.to_ascii_lowercase().contains("secret"),
            Self::UserNotFound { .. } | Self::SessionEnded => true,
            _ => false,
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::InvalidInput { problem, .. } => problem.kind(),
            Self::IncorrectCredentials => ErrorKind::IncorrectCredentials,
            Self::PasswordAttemptsExceeded => ErrorKind::PasswordAttemptsExceeded,
            Self::NotAuthorized { .. } => ErrorKind::NotAuthorized,
            Self::SessionEnded => ErrorKind::SessionEnded,
            Self::ChallengeExpired => ErrorKind::ChallengeExpired,
            Self::UserNotFound { .. } => ErrorKind::UserNotFound,
            Self::UserNotConfirmed => ErrorKind::UserNotConfirmed,
            Self::PasswordResetRequired => ErrorKind::PasswordResetRequired,
            Self::CodeMismatch => ErrorKind::CodeMismatch,
            Self::ExpiredCode => ErrorKind::ExpiredCode,
            Self::LimitExceeded { .. } => ErrorKind::LimitExceeded,
            Self::TooManyRequests => ErrorKind::TooManyRequests,
            Self::InvalidPassword { .. } => ErrorKind::InvalidPassword,
            Self::InvalidParameter { .. } => ErrorKind::InvalidParameter,
            Self::UsernameExists => ErrorKind::UsernameExists,
            Self::AliasExists { .. } => ErrorKind::AliasExists,
            Self::UserLambdaValidation { .. } => ErrorKind::UserLambdaValidation,
            Self::Network { .. } => ErrorKind::Network,
            Self::PoolTimeout { .. } => ErrorKind::PoolTimeout,
            Self::PoolError { .. } => ErrorKind::PoolError,
            Self::Keyring { .. } => ErrorKind::Keyring,
            Self::UnexpectedAction => ErrorKind::UnexpectedAction,
            Self::UnsupportedChallenge { .. } => ErrorKind::UnsupportedChallenge,
            Self::Service { .. } => ErrorKind::Service,
        }
    }

    /// The form field the error belongs next to, if any. On the new-password and reset screens
    /// the view moves `Password` to `NewPassword`.
    pub fn field(&self) -> Option<Field> {
        match self {
            Self::InvalidInput { field, .. } => *field,
            Self::UserNotFound { .. } | Self::UsernameExists => Some(Field::Username),
            Self::InvalidPassword { .. } => Some(Field::Password),
            Self::CodeMismatch | Self::ExpiredCode => Some(Field::Code),
            Self::AliasExists { .. } => Some(Field::Attribute),
            Self::IncorrectCredentials
            | Self::PasswordAttemptsExceeded
            | Self::NotAuthorized { .. }
            | Self::SessionEnded
            | Self::ChallengeExpired
            | Self::UserNotConfirmed
            | Self::PasswordResetRequired
            | Self::LimitExceeded { .. }
            | Self::TooManyRequests
            | Self::InvalidParameter { .. }
            | Self::UserLambdaValidation { .. }
            | Self::Network { .. }
            | Self::PoolTimeout { .. }
            | Self::PoolError { .. }
            | Self::Keyring { .. }
            | Self::UnsupportedChallenge { .. }
            | Self::UnexpectedAction
            | Self::Service { .. } => None,
        }
    }

    /// With `Field::Attribute`: which attribute.
    pub fn attribute(&self) -> Option<&str> {
        match self {
            Self::InvalidInput { attribute, .. } => attribute.as_deref(),
            Self::AliasExists { attribute, .. } => Some(attribute),
            _ => None,
        }
    }

    /// The one value the UI's sentence for this error needs, if any (see `ViewError::detail`).
    pub fn detail(&self) -> Option<String> {
        match self {
            Self::InvalidInput {
                problem: InputProblem::PasswordTooShort { minimum },
                ..
            } => Some(minimum.to_string()),
            Self::InvalidInput {
                problem: InputProblem::UnknownAttribute,
                attribute,
                ..
            } => attribute.clone(),
            Self::UserLambdaValidation { message }
            | Self::InvalidPassword { message }
            | Self::InvalidParameter { message }
            | Self::NotAuthorized { message }
            | Self::LimitExceeded { message }
            | Self::Service { message, .. } => Some(message.clone()),
            Self::UnsupportedChallenge { name } => Some(name.clone()),
            Self::PoolError { code } => Some(code.clone()),
            _ => None,
        }
    }

    pub fn to_view(&self) -> ViewError {
        ViewError {
            kind: self.kind(),
            field: self.field(),
            attribute: self.attribute().map(str::to_owned),
            detail: self.detail(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrub_removes_a_secret_echoed_by_the_pool() {
        let echoed = AuthError::Service {
            code: "WeirdException".into(),
            message: "bad password P@ssw0rd!".into(),
        };
        let shown = echoed.scrub("P@ssw0rd!").to_view().detail.unwrap();
        assert!(!shown.contains("P@ssw0rd!"), "{shown}");
    }

    #[test]
    fn network_and_keyring_details_stay_out_of_the_view() {
        for error in [
            AuthError::Network {
                detail: "dispatch failure: connection refused".into(),
            },
            AuthError::PoolTimeout {
                detail: "timeout: operation attempt timed out".into(),
            },
            AuthError::Keyring {
                detail: "locked collection".into(),
            },
        ] {
            assert_eq!(error.to_view().detail, None);
        }
    }

    #[test]
    fn only_definitive_answers_end_a_session() {
        assert!(AuthError::NotAuthorized {
            message: String::new()
        }
        .ends_session());
        assert!(AuthError::SessionEnded.ends_session());
        for misconfigured in [
            "Unable to verify secret hash for client c-1",
            "Client c-1 is configured with secret but SECRET_HASH was not received",
        ] {
            let error = AuthError::NotAuthorized {
                message: misconfigured.into(),
            };
            assert!(!error.ends_session(), "{misconfigured}");
        }
        assert!(!AuthError::ChallengeExpired.ends_session());
        assert!(!AuthError::Network {
            detail: String::new()
        }
        .ends_session());
        assert!(!AuthError::TooManyRequests.ends_session());
        // A wrong current password on change password is not a dead session.
        assert!(!AuthError::IncorrectCredentials.ends_session());
        assert!(!AuthError::PasswordAttemptsExceeded.ends_session());
    }

    #[test]
    fn detail_carries_only_what_the_sentence_needs() {
        let short = AuthError::invalid(
            Field::NewPassword,
            InputProblem::PasswordTooShort { minimum: 12 },
        );
        assert_eq!(
            (short.kind(), short.to_view().detail.as_deref()),
            (ErrorKind::PasswordTooShort, Some("12"))
        );
        let unknown = AuthError::invalid_attribute("custom:x", InputProblem::UnknownAttribute);
        assert_eq!(unknown.to_view().detail.as_deref(), Some("custom:x"));
        let challenge = AuthError::UnsupportedChallenge {
            name: "CUSTOM_CHALLENGE".into(),
        };
        assert_eq!(
            (challenge.kind(), challenge.to_view().detail.as_deref()),
            (ErrorKind::UnsupportedChallenge, Some("CUSTOM_CHALLENGE"))
        );
        for silent in [
            AuthError::IncorrectCredentials,
            AuthError::UserNotFound {
                message: "User does not exist.".into(),
            },
            AuthError::CodeMismatch,
            AuthError::invalid(Field::Code, InputProblem::InvalidCode),
        ] {
            assert_eq!(silent.to_view().detail, None, "{silent:?}");
        }
    }
}

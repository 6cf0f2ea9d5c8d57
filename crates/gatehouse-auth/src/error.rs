//! The core's errors: one enum of user-meaningful failures, and its mapping to the UI's `ViewError`.
//!
//! Cognito's error codes (`NotAuthorizedException`, ...) are mapped to named variants in
//! `cognito::errors`; local validation, the keyring and the network add their own. The UI branches on
//! `ErrorKind`, never on text. Messages are written here, not copied from secrets: the variants with
//! a `message` carry the pool's own sentence (Cognito's wording is what users search for), and the
//! driver scrubs the secrets it sent out of those (see `AuthError::scrub`).
//! Cognito error codes: <https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/CommonErrors.html>

use crate::view::{ErrorKind, Field, ViewError};

/// Why an action failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// A form field failed local validation; nothing was sent. `attribute` names the user
    /// attribute when `field` is `Field::Attribute`.
    #[error("{message}")]
    InvalidInput {
        field: Option<Field>,
        attribute: Option<String>,
        message: String,
    },
    /// Wrong username or password ("Incorrect username or password."), too many wrong passwords
    /// ("Password attempts exceeded"), or a token the pool no longer accepts: the pool's sentence.
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
    #[error("The password of this account must be reset. We sent you a code to choose a new one.")]
    PasswordResetRequired,
    /// A wrong confirmation, reset, SMS or authenticator code.
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
    /// The pool could not be reached; `detail` is for logs only.
    #[error("The user pool could not be reached. Check your connection and try again.")]
    Network { detail: String },
    /// The OS keyring failed; `detail` is for logs only.
    #[error("The system keyring could not store or read the session.")]
    Keyring { detail: String },
    /// Cognito asked for a challenge this version does not answer (`CUSTOM_CHALLENGE`...).
    #[error("The pool asked for {name}, which this version of Gatehouse does not support.")]
    UnsupportedChallenge { name: String },
    /// The action does not apply to the current screen.
    #[error("That action is not available right now.")]
    UnexpectedAction,
    /// Anything else the pool answered (or an answer the client could not read).
    #[error("{message}")]
    Service { code: String, message: String },
}

impl AuthError {
    /// A local validation failure next to `field`.
    pub fn invalid(field: Field, message: impl Into<String>) -> Self {
        Self::InvalidInput {
            field: Some(field),
            attribute: None,
            message: message.into(),
        }
    }

    /// A local validation failure of the form as a whole (a choice the screen did not offer).
    pub fn invalid_form(message: impl Into<String>) -> Self {
        Self::InvalidInput {
            field: None,
            attribute: None,
            message: message.into(),
        }
    }

    /// A local validation failure next to the attribute `name`.
    pub fn invalid_attribute(name: &str, message: impl Into<String>) -> Self {
        Self::InvalidInput {
            field: Some(Field::Attribute),
            attribute: Some(name.to_owned()),
            message: message.into(),
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
            other => other,
        }
    }

    /// A definitive answer that the stored session is dead (as opposed to a transient failure):
    /// only these clear the stored tokens.
    pub fn ends_session(&self) -> bool {
        matches!(
            self,
            Self::NotAuthorized { .. } | Self::UserNotFound { .. } | Self::SessionEnded
        )
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::InvalidInput { .. } => ErrorKind::InvalidInput,
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
            Self::Keyring { .. } => ErrorKind::Keyring,
            Self::UnexpectedAction => ErrorKind::UnexpectedAction,
            Self::UnsupportedChallenge { .. } | Self::Service { .. } => ErrorKind::Service,
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
            Self::NotAuthorized { .. }
            | Self::SessionEnded
            | Self::ChallengeExpired
            | Self::UserNotConfirmed
            | Self::PasswordResetRequired
            | Self::LimitExceeded { .. }
            | Self::TooManyRequests
            | Self::InvalidParameter { .. }
            | Self::UserLambdaValidation { .. }
            | Self::Network { .. }
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

    pub fn to_view(&self) -> ViewError {
        ViewError {
            kind: self.kind(),
            message: self.to_string(),
            field: self.field(),
            attribute: self.attribute().map(str::to_owned),
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
        let shown = echoed.scrub("P@ssw0rd!").to_view().message;
        assert!(!shown.contains("P@ssw0rd!"), "{shown}");
    }

    #[test]
    fn network_and_keyring_details_stay_out_of_the_message() {
        for error in [
            AuthError::Network {
                detail: "dispatch failure: connection refused".into(),
            },
            AuthError::Keyring {
                detail: "locked collection".into(),
            },
        ] {
            let view = error.to_view();
            assert!(!view.message.contains("refused") && !view.message.contains("locked"));
        }
    }

    #[test]
    fn only_definitive_answers_end_a_session() {
        assert!(AuthError::NotAuthorized {
            message: String::new()
        }
        .ends_session());
        assert!(AuthError::SessionEnded.ends_session());
        assert!(!AuthError::ChallengeExpired.ends_session());
        assert!(!AuthError::Network {
            detail: String::new()
        }
        .ends_session());
        assert!(!AuthError::TooManyRequests.ends_session());
    }
}

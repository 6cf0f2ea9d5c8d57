//! The pool's two error boundaries.
//!
//! `CognitoError` is what a client sees: Cognito's own error code (`__type`) and message, sent as
//! HTTP 400 with `application/x-amz-json-1.1`, the shape every AWS SDK parses
//! (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/CommonErrors.html).
//! `PoolError` is what the embedding program sees when the pool itself cannot run.

use std::fmt;

/// An error answered to a Cognito client. Messages never contain a password, code or token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CognitoError {
    pub code: &'static str,
    pub message: String,
}

impl CognitoError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new("InvalidParameterException", message)
    }

    pub fn not_authorized(message: impl Into<String>) -> Self {
        Self::new("NotAuthorizedException", message)
    }

    pub fn resource_not_found(message: impl Into<String>) -> Self {
        Self::new("ResourceNotFoundException", message)
    }

    pub fn user_not_found() -> Self {
        Self::new("UserNotFoundException", "User does not exist.")
    }

    pub fn incorrect_credentials() -> Self {
        Self::not_authorized("Incorrect username or password.")
    }

    /// A storage failure: the client learns that the service failed, not why.
    pub fn internal() -> Self {
        Self::new("InternalErrorException", "An internal error occurred.")
    }
}

impl fmt::Display for CognitoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for CognitoError {}

impl From<rusqlite::Error> for CognitoError {
    fn from(error: rusqlite::Error) -> Self {
        tracing::error!(%error, "storage failed");
        Self::internal()
    }
}

/// Why the pool could not start or answer the embedding program.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PoolError {
    /// The data directory could not be created or opened.
    #[error("cannot use the data directory {path}: {source}")]
    DataDir {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    /// The address could not be bound (in use, or not allowed).
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    /// SQLite refused an operation.
    #[error("storage failed: {0}")]
    Storage(#[from] rusqlite::Error),
    /// A pool operation failed with a Cognito error.
    #[error("{0}")]
    Cognito(#[from] CognitoError),
}

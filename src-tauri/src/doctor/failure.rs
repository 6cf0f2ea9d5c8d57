//! Why a pool could not be checked, as the web view receives it: a kind the UI's message catalogue
//! turns into a sentence, and for a refusal the pool's error code (never its message, which could
//! echo a request). Kinds mirror `gatehouse_doctor::DoctorError`.

use gatehouse_doctor::DoctorError;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum PoolCheckErrorKind {
    /// No AWS credentials anywhere in the chain (environment, ~/.aws, SSO).
    NoCredentials,
    /// The pool did not recognise the credentials or their signature.
    InvalidCredentials,
    /// The credentials may not call DescribeUserPool / DescribeUserPoolClient.
    AccessDenied,
    PoolNotFound,
    ClientNotFound,
    /// The endpoint could not be reached or did not answer in time.
    Network,
    /// Any other refusal; `code` says which.
    Pool,
    /// The active profile could not be read from the saved profiles.
    Profile,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("the pool could not be checked: {kind:?}")]
pub struct PoolCheckError {
    pub kind: PoolCheckErrorKind,
    /// The pool's error code (`ThrottlingException`...) for `pool`.
    pub code: Option<String>,
}

impl PoolCheckError {
    pub fn profile() -> Self {
        Self {
            kind: PoolCheckErrorKind::Profile,
            code: None,
        }
    }
}

impl From<&DoctorError> for PoolCheckError {
    fn from(error: &DoctorError) -> Self {
        let (kind, code) = match error {
            DoctorError::NoCredentials => (PoolCheckErrorKind::NoCredentials, None),
            DoctorError::InvalidCredentials => (PoolCheckErrorKind::InvalidCredentials, None),
            DoctorError::AccessDenied => (PoolCheckErrorKind::AccessDenied, None),
            DoctorError::PoolNotFound(_) => (PoolCheckErrorKind::PoolNotFound, None),
            DoctorError::ClientNotFound(_) => (PoolCheckErrorKind::ClientNotFound, None),
            DoctorError::Network(_) => (PoolCheckErrorKind::Network, None),
            DoctorError::Pool { code, .. } => (PoolCheckErrorKind::Pool, Some(code.clone())),
        };
        Self { kind, code }
    }
}

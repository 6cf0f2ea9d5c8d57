//! Why the pool could not be read. The UI branches on [`DoctorError::kind`], never on the text.

/// The IAM actions `read_pool` needs, named in the access-denied message.
pub(crate) const IAM_ACTIONS: &str = "cognito-idp:DescribeUserPool and \
     cognito-idp:DescribeUserPoolClient (and cognito-idp:GetUserPoolMfaConfig for the MFA methods)";

#[derive(Debug, thiserror::Error)]
pub enum DoctorError {
    /// The credential chain found nothing usable (no keys in the environment, no profile, an
    /// expired SSO session...).
    #[error(
        "No usable AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, choose a \
         profile (AWS_PROFILE or --aws-profile), or sign in again with `aws sso login`."
    )]
    NoCredentials,
    /// AWS does not know the keys or their signature is wrong
    /// (`UnrecognizedClientException`, `InvalidSignatureException`).
    #[error("AWS refused the credentials: the access key is unknown or the secret key is wrong.")]
    InvalidCredentials,
    /// The credentials are valid but may not describe the pool.
    #[error("The credentials may not read this pool: allow {IAM_ACTIONS}.", IAM_ACTIONS = IAM_ACTIONS)]
    AccessDenied,
    #[error("No user pool {0} in this region.")]
    PoolNotFound(String),
    #[error("No app client {0} in this user pool.")]
    ClientNotFound(String),
    /// The endpoint could not be reached in time.
    #[error("Cognito could not be reached: {0}")]
    Network(String),
    /// Any other error Cognito answered with.
    #[error("Cognito answered {code}: {message}")]
    Pool { code: String, message: String },
}

impl DoctorError {
    /// A stable camelCase name for the UI.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::NoCredentials => "noCredentials",
            Self::InvalidCredentials => "invalidCredentials",
            Self::AccessDenied => "accessDenied",
            Self::PoolNotFound(_) => "poolNotFound",
            Self::ClientNotFound(_) => "clientNotFound",
            Self::Network(_) => "network",
            Self::Pool { .. } => "pool",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_denied_names_the_iam_actions_needed() {
        let message = DoctorError::AccessDenied.to_string();
        assert!(
            message.contains("cognito-idp:DescribeUserPool "),
            "{message}"
        );
        assert!(
            message.contains("cognito-idp:DescribeUserPoolClient"),
            "{message}"
        );
    }

    #[test]
    fn kinds_are_distinct_camel_case_names() {
        let errors = [
            DoctorError::NoCredentials,
            DoctorError::InvalidCredentials,
            DoctorError::AccessDenied,
            DoctorError::PoolNotFound("p".into()),
            DoctorError::ClientNotFound("c".into()),
            DoctorError::Network("n".into()),
            DoctorError::Pool {
                code: "c".into(),
                message: "m".into(),
            },
        ];
        let mut kinds: Vec<&str> = errors.iter().map(DoctorError::kind).collect();
        assert!(kinds
            .iter()
            .all(|kind| kind.chars().all(|c| c.is_ascii_alphabetic())
                && kind.starts_with(|c: char| c.is_ascii_lowercase())));
        kinds.sort();
        kinds.dedup();
        assert_eq!(kinds.len(), errors.len());
    }
}

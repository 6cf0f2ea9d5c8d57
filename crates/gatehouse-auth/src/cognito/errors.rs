//! Cognito's error codes, mapped to `AuthError`.
//!
//! The SDK exposes the code (`NotAuthorizedException`...) through `ProvideErrorMetadata::code()`;
//! mapping on the code rather than on the per-operation error enums keeps one table for every
//! operation. Transport failures (connection refused, DNS, timeout) become `Network`, which never
//! clears a session. <https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html#API_InitiateAuth_Errors>

use aws_sdk_cognitoidentityprovider::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use crate::error::AuthError;

/// Maps any SDK error of any operation.
pub fn from_sdk<E, R>(err: SdkError<E, R>) -> AuthError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match &err {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => AuthError::Network {
            detail: DisplayErrorContext(&err).to_string(),
        },
        SdkError::ConstructionFailure(_) => AuthError::Service {
            code: "ConstructionFailure".into(),
            message: "The request could not be built.".into(),
        },
        SdkError::ResponseError(_) => AuthError::Service {
            code: "ResponseError".into(),
            message: "The pool sent a response the client could not read.".into(),
        },
        SdkError::ServiceError(_) => from_code(err.code(), err.message()),
        _ => AuthError::Service {
            code: "Unknown".into(),
            message: DisplayErrorContext(&err).to_string(),
        },
    }
}

/// Maps a Cognito error code and message. Unknown codes keep both, for the user and the logs.
pub fn from_code(code: Option<&str>, message: Option<&str>) -> AuthError {
    let message = message.unwrap_or_default().to_owned();
    match code.unwrap_or_default() {
        "NotAuthorizedException" => AuthError::NotAuthorized,
        "UserNotFoundException" => AuthError::UserNotFound,
        "UserNotConfirmedException" => AuthError::UserNotConfirmed,
        "PasswordResetRequiredException" => AuthError::PasswordResetRequired,
        "CodeMismatchException" => AuthError::CodeMismatch,
        "ExpiredCodeException" => AuthError::ExpiredCode,
        "LimitExceededException" => AuthError::LimitExceeded,
        "TooManyRequestsException" | "TooManyFailedAttemptsException" => AuthError::TooManyRequests,
        "InvalidPasswordException" => AuthError::InvalidPassword { message },
        "InvalidParameterException" => AuthError::InvalidParameter { message },
        "UsernameExistsException" => AuthError::UsernameExists,
        "AliasExistsException" => AuthError::AliasExists,
        other => AuthError::Service {
            code: if other.is_empty() { "Unknown" } else { other }.to_owned(),
            message: if message.is_empty() {
                "The user pool refused the request.".to_owned()
            } else {
                message
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::ErrorKind;

    #[test]
    fn every_code_of_the_first_slice_has_its_kind() {
        let table = [
            ("NotAuthorizedException", ErrorKind::NotAuthorized),
            ("UserNotFoundException", ErrorKind::UserNotFound),
            ("UserNotConfirmedException", ErrorKind::UserNotConfirmed),
            (
                "PasswordResetRequiredException",
                ErrorKind::PasswordResetRequired,
            ),
            ("CodeMismatchException", ErrorKind::CodeMismatch),
            ("ExpiredCodeException", ErrorKind::ExpiredCode),
            ("LimitExceededException", ErrorKind::LimitExceeded),
            ("TooManyRequestsException", ErrorKind::TooManyRequests),
            ("TooManyFailedAttemptsException", ErrorKind::TooManyRequests),
            ("InvalidPasswordException", ErrorKind::InvalidPassword),
            ("InvalidParameterException", ErrorKind::InvalidParameter),
            ("UsernameExistsException", ErrorKind::UsernameExists),
            ("AliasExistsException", ErrorKind::AliasExists),
            ("InternalErrorException", ErrorKind::Service),
        ];
        for (code, kind) in table {
            assert_eq!(from_code(Some(code), Some("m")).kind(), kind, "{code}");
        }
    }

    #[test]
    fn policy_messages_reach_the_user_and_unknown_codes_keep_their_code() {
        let err = from_code(
            Some("InvalidPasswordException"),
            Some("Password did not conform with policy: Password not long enough"),
        );
        assert!(err.to_string().contains("not long enough"));
        assert_eq!(
            from_code(Some("InternalErrorException"), None),
            AuthError::Service {
                code: "InternalErrorException".into(),
                message: "The user pool refused the request.".into()
            }
        );
    }
}

//! Cognito's error codes, mapped to `AuthError`.
//!
//! The SDK exposes the code (`NotAuthorizedException`...) through `ProvideErrorMetadata::code()`;
//! mapping on the code rather than on the per-operation error enums keeps one table for every
//! operation. Transport failures (connection refused, DNS, timeout) and the pool's own failures
//! (5xx) become `Network`, `PoolTimeout` or `PoolError`, which never clear a session. <https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html#API_InitiateAuth_Errors>

use aws_sdk_cognitoidentityprovider::config::http::HttpResponse;
use aws_sdk_cognitoidentityprovider::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use crate::error::AuthError;

/// Maps any SDK error of any operation. Transport failures are told apart because the user's
/// remedy differs: an unreachable pool (`Network`: check the connection or that the pool runs), a
/// slow one (`PoolTimeout`), one failing on its side (`PoolError`, HTTP 5xx).
pub fn from_sdk<E>(err: SdkError<E, HttpResponse>) -> AuthError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let status = err.raw_response().map(|raw| raw.status().as_u16());
    match &err {
        SdkError::TimeoutError(_) => AuthError::PoolTimeout {
            detail: DisplayErrorContext(&err).to_string(),
        },
        // Refused, DNS, or no connection within the connect timeout: the pool is not there.
        SdkError::DispatchFailure(_) => AuthError::Network {
            detail: DisplayErrorContext(&err).to_string(),
        },
        SdkError::ConstructionFailure(_) => AuthError::Service {
            code: "ConstructionFailure".into(),
            message: "The request could not be built.".into(),
        },
        SdkError::ResponseError(_) if status.is_some_and(is_server_failure) => {
            AuthError::PoolError {
                code: format!("HTTP {}", status.unwrap_or_default()),
            }
        }
        SdkError::ResponseError(_) => AuthError::Service {
            code: "ResponseError".into(),
            message: "The pool sent a response the client could not read.".into(),
        },
        SdkError::ServiceError(_) if status.is_some_and(is_server_failure) => {
            AuthError::PoolError {
                code: err
                    .code()
                    .map(str::to_owned)
                    .unwrap_or_else(|| format!("HTTP {}", status.unwrap_or_default())),
            }
        }
        SdkError::ServiceError(_) => from_code(err.code(), err.message()),
        _ => AuthError::Service {
            code: "Unknown".into(),
            message: DisplayErrorContext(&err).to_string(),
        },
    }
}

fn is_server_failure(status: u16) -> bool {
    (500..600).contains(&status)
}

/// Maps a Cognito error code and message. Unknown codes keep both, for the user and the logs.
pub fn from_code(code: Option<&str>, message: Option<&str>) -> AuthError {
    let said = message.unwrap_or_default().to_owned();
    // The pool's sentence, or ours when it sent none.
    let or = |fallback: &str| {
        if said.is_empty() {
            fallback.to_owned()
        } else {
            said.clone()
        }
    };
    match code.unwrap_or_default() {
        // A challenge answered after its three minutes, or with a used session: Cognito says
        // "Invalid session for the user, session is expired." (or "Invalid session provided").
        "NotAuthorizedException" if is_expired_challenge(&said) => AuthError::ChallengeExpired,
        // The same code covers a wrong password, a locked-out user and a refused token: the
        // sentence tells them apart, and the UI words the first two itself.
        "NotAuthorizedException"
            if said.is_empty() || said == "Incorrect username or password." =>
        {
            AuthError::IncorrectCredentials
        }
        "NotAuthorizedException" if said.starts_with("Password attempts exceeded") => {
            AuthError::PasswordAttemptsExceeded
        }
        "NotAuthorizedException" => AuthError::NotAuthorized { message: said },
        "UserNotFoundException" => AuthError::UserNotFound {
            message: or("User does not exist."),
        },
        "UserNotConfirmedException" => AuthError::UserNotConfirmed,
        "PasswordResetRequiredException" => AuthError::PasswordResetRequired,
        // `EnableSoftwareTokenMFAException`: "Code mismatch and fail enable Software Token MFA".
        "CodeMismatchException" | "EnableSoftwareTokenMFAException" => AuthError::CodeMismatch,
        "ExpiredCodeException" => AuthError::ExpiredCode,
        "LimitExceededException" => AuthError::LimitExceeded {
            message: or("Attempt limit exceeded, please try again later."),
        },
        "TooManyRequestsException" | "TooManyFailedAttemptsException" => AuthError::TooManyRequests,
        // Cognito's 500; also when a proxy in between answers it with another status.
        "InternalErrorException" => AuthError::PoolError {
            code: "InternalErrorException".into(),
        },
        "InvalidPasswordException" => AuthError::InvalidPassword {
            message: or("The password does not meet the pool's policy."),
        },
        "InvalidParameterException" => AuthError::InvalidParameter {
            message: or("The pool refused a value of the request."),
        },
        "UsernameExistsException" => AuthError::UsernameExists,
        "AliasExistsException" => AuthError::AliasExists {
            attribute: if said.contains("phone") {
                "phone_number".to_owned()
            } else {
                "email".to_owned()
            },
            message: or("An account with the given email already exists."),
        },
        "UserLambdaValidationException" => AuthError::UserLambdaValidation {
            message: or("The pool's sign-up or sign-in rules refused the request."),
        },
        other => AuthError::Service {
            code: if other.is_empty() { "Unknown" } else { other }.to_owned(),
            message: or("The user pool refused the request."),
        },
    }
}

fn is_expired_challenge(message: &str) -> bool {
    let message = message.to_ascii_lowercase();
    message.contains("session is expired") || message.contains("invalid session")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::ErrorKind;

    #[test]
    fn every_code_has_its_kind() {
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
            ("EnableSoftwareTokenMFAException", ErrorKind::CodeMismatch),
            (
                "UserLambdaValidationException",
                ErrorKind::UserLambdaValidation,
            ),
            ("InternalErrorException", ErrorKind::PoolError),
            ("SomethingNewException", ErrorKind::Service),
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
            err.to_view().detail.as_deref(),
            Some("Password did not conform with policy: Password not long enough")
        );
        assert_eq!(
            from_code(Some("SomethingNewException"), None),
            AuthError::Service {
                code: "SomethingNewException".into(),
                message: "The user pool refused the request.".into()
            }
        );
    }

    #[test]
    fn an_expired_challenge_session_is_not_a_wrong_password() {
        for message in [
            "Invalid session for the user, session is expired.",
            "Invalid session provided",
        ] {
            assert_eq!(
                from_code(Some("NotAuthorizedException"), Some(message)),
                AuthError::ChallengeExpired
            );
        }
    }

    #[test]
    fn not_authorized_is_told_apart_by_the_pools_sentence() {
        let cases = [
            (
                Some("Incorrect username or password."),
                ErrorKind::IncorrectCredentials,
                None,
            ),
            (None, ErrorKind::IncorrectCredentials, None),
            (
                Some("Password attempts exceeded"),
                ErrorKind::PasswordAttemptsExceeded,
                None,
            ),
            (
                Some("Access Token has been revoked"),
                ErrorKind::NotAuthorized,
                Some("Access Token has been revoked"),
            ),
            (
                Some("Unable to verify secret hash for client abc"),
                ErrorKind::NotAuthorized,
                Some("Unable to verify secret hash for client abc"),
            ),
        ];
        for (message, kind, detail) in cases {
            let error = from_code(Some("NotAuthorizedException"), message);
            assert_eq!(
                (error.kind(), error.to_view().detail.as_deref()),
                (kind, detail),
                "{message:?}"
            );
        }
    }

    #[test]
    fn an_alias_error_points_at_its_attribute() {
        let phone = from_code(
            Some("AliasExistsException"),
            Some("An account with the given phone_number already exists."),
        );
        assert_eq!(phone.attribute(), Some("phone_number"));
        assert_eq!(
            from_code(Some("AliasExistsException"), None).attribute(),
            Some("email")
        );
    }
}

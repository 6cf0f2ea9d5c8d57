//! Cognito's declared constraints on code members (length and pattern in the API model), checked
//! before any lookup and refused with Cognito's validation wording, as its request validation does.
//! Shapes: `ConfirmationCodeType` (`[\S]+`, 1–2048: ConfirmSignUp, ConfirmForgotPassword,
//! VerifyUserAttribute) and `SoftwareTokenMFAUserCodeType` (`[0-9]+`, exactly 6: VerifySoftwareToken);
//! see the API reference of each operation
//! (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmSignUp.html).
//! The value is never echoed back: it is a code.

use serde_json::Value;

use super::{lower_first, required};
use crate::error::CognitoError;

const CONFIRMATION_CODE_MAX: usize = 2048;
const SOFTWARE_TOKEN_CODE_LEN: usize = 6;

/// A required `ConfirmationCodeType` member: 1 to 2048 characters, none of them whitespace.
pub fn confirmation_code<'a>(request: &'a Value, member: &str) -> Result<&'a str, CognitoError> {
    let code = required(request, member)?;
    if code.chars().count() > CONFIRMATION_CODE_MAX {
        return Err(violation(
            member,
            &format!("Member must have length less than or equal to {CONFIRMATION_CODE_MAX}"),
        ));
    }
    if code.chars().any(char::is_whitespace) {
        return Err(violation(
            member,
            r"Member must satisfy regular expression pattern: [\S]+",
        ));
    }
    Ok(code)
}

/// A required `SoftwareTokenMFAUserCodeType` member: exactly six ASCII digits.
pub fn software_token_code<'a>(request: &'a Value, member: &str) -> Result<&'a str, CognitoError> {
    let code = required(request, member)?;
    if code.chars().count() != SOFTWARE_TOKEN_CODE_LEN {
        let bound = if code.chars().count() < SOFTWARE_TOKEN_CODE_LEN {
            "greater"
        } else {
            "less"
        };
        return Err(violation(
            member,
            &format!("Member must have length {bound} than or equal to {SOFTWARE_TOKEN_CODE_LEN}"),
        ));
    }
    if !code.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(violation(
            member,
            "Member must satisfy regular expression pattern: [0-9]+",
        ));
    }
    Ok(code)
}

fn violation(member: &str, constraint: &str) -> CognitoError {
    CognitoError::invalid_parameter(format!(
        "1 validation error detected: Value at '{}' failed to satisfy constraint: {constraint}",
        lower_first(member)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn confirmation(code: &str) -> Result<String, CognitoError> {
        let request = json!({ "ConfirmationCode": code });
        confirmation_code(&request, "ConfirmationCode").map(str::to_owned)
    }

    #[test]
    fn a_confirmation_code_is_one_to_2048_non_blank_characters() {
        assert_eq!(confirmation("123456").unwrap(), "123456");
        assert!(confirmation(&"9".repeat(2048)).is_ok());
        for bad in ["", " ", "123 456", "123456\n", "\t1", &"9".repeat(2049)] {
            let error = confirmation(bad).unwrap_err();
            assert_eq!(error.code, "InvalidParameterException", "{bad:?}");
            assert!(error.message.contains("'confirmationCode'"), "{error}");
        }
    }

    #[test]
    fn a_refused_code_is_not_echoed() {
        let error = confirmation("secret code").unwrap_err();
        assert!(!error.message.contains("secret"), "{error}");
    }

    #[test]
    fn a_software_token_code_is_six_digits() {
        let check = |code: &str| {
            let request = json!({ "UserCode": code });
            software_token_code(&request, "UserCode").map(str::to_owned)
        };
        assert_eq!(check("012345").unwrap(), "012345");
        for bad in ["12345", "1234567", "12345a", "١٢٣٤٥٦", "12 456"] {
            assert_eq!(
                check(bad).unwrap_err().code,
                "InvalidParameterException",
                "{bad:?}"
            );
        }
    }
}

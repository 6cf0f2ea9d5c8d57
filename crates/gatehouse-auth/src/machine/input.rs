//! Local validation of what the user typed, before anything is sent: an empty field or a malformed
//! email or code is answered at once, next to its field, without a round trip to the pool.

use crate::error::AuthError;
use crate::secret::{ConfirmationCode, Password};
use crate::view::Field;

pub fn validate_username(username: &str) -> Result<(), AuthError> {
    if username.is_empty() {
        return Err(invalid(Field::Username, "Enter a username."));
    }
    if username.chars().any(char::is_whitespace) {
        return Err(invalid(
            Field::Username,
            "A username cannot contain spaces.",
        ));
    }
    Ok(())
}

pub fn validate_password(password: &Password) -> Result<(), AuthError> {
    if password.expose().is_empty() {
        return Err(invalid(Field::Password, "Enter a password."));
    }
    Ok(())
}

/// A plausibility check, not RFC 5322: one `@`, a local part, a dotted domain, no spaces.
pub fn validate_email(email: &str) -> Result<(), AuthError> {
    if email.is_empty() {
        return Err(invalid(Field::Email, "Enter an email address."));
    }
    let well_formed = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if !well_formed {
        return Err(invalid(Field::Email, "Enter a valid email address."));
    }
    Ok(())
}

/// Cognito's sign-up codes are six digits.
pub fn validate_code(code: &ConfirmationCode) -> Result<(), AuthError> {
    let code = code.expose();
    if code.is_empty() {
        return Err(invalid(Field::Code, "Enter the code we sent you."));
    }
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(Field::Code, "The code is six digits."));
    }
    Ok(())
}

fn invalid(field: Field, message: &'static str) -> AuthError {
    AuthError::InvalidInput { field, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for good in ["a@b.co", "first.last+tag@sub.example.com"] {
            assert!(validate_email(good).is_ok(), "{good}");
        }
        for bad in [
            "", "plain", "@b.co", "a@", "a@b", "a@.b", "a@b.", "a b@c.d", "a@b@c.d",
        ] {
            assert!(validate_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn codes() {
        let code = |s: &str| ConfirmationCode::new(s.into());
        assert!(validate_code(&code("012345")).is_ok());
        for bad in ["", "12345", "1234567", "12a456", "１２３４５６"] {
            assert!(validate_code(&code(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn usernames_and_passwords() {
        assert!(validate_username("ana").is_ok());
        assert!(validate_username("").is_err());
        assert!(validate_username("an a").is_err());
        assert!(validate_password(&Password::new(" ".into())).is_ok());
        assert!(validate_password(&Password::new(String::new())).is_err());
    }
}

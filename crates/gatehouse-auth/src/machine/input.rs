//! Local validation of what the user typed, before anything is sent: an empty field, a malformed
//! email, phone number or code, or a password the pool's policy would refuse is answered at once,
//! next to its field, without a round trip to the pool. The pool still enforces its own rules.

use std::collections::BTreeMap;

use crate::error::AuthError;
use crate::secret::{ConfirmationCode, Password};
use crate::view::{AttributeField, AttributeKind, Field, PasswordPolicy};

pub fn validate_username(username: &str) -> Result<(), AuthError> {
    if username.is_empty() {
        return Err(AuthError::invalid(Field::Username, "Enter a username."));
    }
    if username.chars().any(char::is_whitespace) {
        return Err(AuthError::invalid(
            Field::Username,
            "A username cannot contain spaces.",
        ));
    }
    Ok(())
}

pub fn validate_password(password: &Password) -> Result<(), AuthError> {
    if password.expose().is_empty() {
        return Err(AuthError::invalid(Field::Password, "Enter a password."));
    }
    Ok(())
}

/// A new password (reset, `NEW_PASSWORD_REQUIRED`) against the pool's policy, rule by rule, as
/// Cognito counts: length in characters, symbols from its list of special characters.
pub fn validate_new_password(
    password: &Password,
    policy: &PasswordPolicy,
) -> Result<(), AuthError> {
    let text = password.expose();
    let broken = |message: String| Err(AuthError::invalid(Field::NewPassword, message));
    if text.is_empty() {
        return broken("Enter a new password.".into());
    }
    if text.chars().count() < policy.minimum_length as usize {
        return broken(format!(
            "The password must be at least {} characters long.",
            policy.minimum_length
        ));
    }
    let rules = [
        (
            policy.require_uppercase,
            text.chars().any(|c| c.is_ascii_uppercase()),
            "an uppercase letter",
        ),
        (
            policy.require_lowercase,
            text.chars().any(|c| c.is_ascii_lowercase()),
            "a lowercase letter",
        ),
        (
            policy.require_numbers,
            text.chars().any(|c| c.is_ascii_digit()),
            "a number",
        ),
        (
            policy.require_symbols,
            text.chars()
                .any(|c| COGNITO_SYMBOLS.contains(c) || c == ' '),
            "a symbol",
        ),
    ];
    match rules.iter().find(|(required, met, _)| *required && !met) {
        Some((_, _, what)) => broken(format!("The password must contain {what}.")),
        None => Ok(()),
    }
}

/// The special characters Cognito's policy counts as symbols.
/// <https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html>
const COGNITO_SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-";

/// Checks the attributes of a form against its fields: required ones present, each value shaped
/// as its kind says, nothing the form does not ask for. Returns the attributes to send, without
/// the optional fields left empty.
pub fn validate_attributes(
    fields: &[AttributeField],
    attributes: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, AuthError> {
    if let Some(unknown) = attributes
        .keys()
        .find(|name| !fields.iter().any(|field| &field.name == *name))
    {
        return Err(AuthError::invalid_attribute(
            unknown,
            format!("This form does not ask for {unknown}."),
        ));
    }
    let mut send = BTreeMap::new();
    for field in fields {
        let value = attributes.get(&field.name).map_or("", String::as_str);
        if value.is_empty() {
            if field.required {
                return Err(AuthError::invalid_attribute(
                    &field.name,
                    format!("Enter your {}.", field.label.to_lowercase()),
                ));
            }
            continue;
        }
        let (well_formed, expected) = match field.kind {
            AttributeKind::Email => (is_email(value), "Enter a valid email address."),
            AttributeKind::Phone => (
                is_phone(value),
                "Enter the phone number with its country code, like +15555550100.",
            ),
            AttributeKind::Number => (is_number(value), "Enter a number."),
            AttributeKind::Text => (true, ""),
        };
        if !well_formed {
            return Err(AuthError::invalid_attribute(&field.name, expected));
        }
        send.insert(field.name.clone(), value.to_owned());
    }
    Ok(send)
}

/// A plausibility check, not RFC 5322: one `@`, a local part, a dotted domain, no spaces.
pub fn is_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// E.164 as Cognito wants it: `+` then 1 to 15 digits, nothing else.
pub fn is_phone(phone: &str) -> bool {
    phone.strip_prefix('+').is_some_and(|digits| {
        (1..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Cognito's `Number` attributes are integers.
fn is_number(value: &str) -> bool {
    let digits = value.strip_prefix('-').unwrap_or(value);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Cognito's codes (sign-up, reset, SMS, authenticator) are six digits.
pub fn validate_code(code: &ConfirmationCode) -> Result<(), AuthError> {
    let code = code.expose();
    if code.is_empty() {
        return Err(AuthError::invalid(Field::Code, "Enter the code."));
    }
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AuthError::invalid(Field::Code, "The code is six digits."));
    }
    Ok(())
}

#[cfg(test)]
#[path = "input_tests.rs"]
mod tests;

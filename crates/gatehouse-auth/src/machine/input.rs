//! Local validation of what the user typed, before anything is sent: an empty field, a malformed
//! email, phone number or code, or a password the pool's policy would refuse is answered at once,
//! next to its field, without a round trip to the pool. The pool still enforces its own rules.

use std::collections::{BTreeMap, HashMap};

use crate::error::{AuthError, InputProblem};
use crate::machine::state::AttributeChanges;
use crate::secret::{ConfirmationCode, Password};
use crate::settings::PoolSettings;
use crate::view::{AttributeField, AttributeKind, Field, PasswordPolicy};

pub fn validate_username(username: &str) -> Result<(), AuthError> {
    if username.is_empty() {
        return Err(AuthError::invalid(Field::Username, InputProblem::Required));
    }
    if username.chars().any(char::is_whitespace) {
        return Err(AuthError::invalid(
            Field::Username,
            InputProblem::InvalidUsername,
        ));
    }
    Ok(())
}

pub fn validate_password(password: &Password) -> Result<(), AuthError> {
    validate_password_in(password, Field::Password)
}

/// A password that only has to be there (sign-in, the current password on change password).
pub fn validate_password_in(password: &Password, field: Field) -> Result<(), AuthError> {
    if password.expose().is_empty() {
        return Err(AuthError::invalid(field, InputProblem::Required));
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
    let broken = |problem| Err(AuthError::invalid(Field::NewPassword, problem));
    if text.is_empty() {
        return broken(InputProblem::Required);
    }
    if text.chars().count() < policy.minimum_length as usize {
        return broken(InputProblem::PasswordTooShort {
            minimum: policy.minimum_length,
        });
    }
    let rules = [
        (
            policy.require_uppercase,
            text.chars().any(|c| c.is_ascii_uppercase()),
            InputProblem::PasswordNeedsUppercase,
        ),
        (
            policy.require_lowercase,
            text.chars().any(|c| c.is_ascii_lowercase()),
            InputProblem::PasswordNeedsLowercase,
        ),
        (
            policy.require_numbers,
            text.chars().any(|c| c.is_ascii_digit()),
            InputProblem::PasswordNeedsNumber,
        ),
        (
            policy.require_symbols,
            text.chars()
                .any(|c| COGNITO_SYMBOLS.contains(c) || c == ' '),
            InputProblem::PasswordNeedsSymbol,
        ),
    ];
    match rules.iter().find(|(required, met, _)| *required && !met) {
        Some((_, _, problem)) => broken(*problem),
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
            InputProblem::UnknownAttribute,
        ));
    }
    let mut send = BTreeMap::new();
    for field in fields {
        let value = attributes.get(&field.name).map_or("", String::as_str);
        if value.is_empty() {
            if field.required {
                return Err(AuthError::invalid_attribute(
                    &field.name,
                    InputProblem::Required,
                ));
            }
            continue;
        }
        check_value(field.kind, value)
            .map_err(|problem| AuthError::invalid_attribute(&field.name, problem))?;
        send.insert(field.name.clone(), value.to_owned());
    }
    Ok(send)
}

/// The sign-up form: the username (or, in a pool that signs in by email or phone number, the
/// attribute that stands in for it), the password, the attributes. Returns Cognito's `Username`
/// and the attributes to send. In such a pool `username` is ignored: the email, or the phone
/// number when only that is given, is the `Username`, checked as an email or E.164 number, and
/// its errors name the attribute.
pub fn validate_sign_up(
    pool: &PoolSettings,
    username: String,
    password: &Password,
    attributes: &BTreeMap<String, String>,
) -> Result<(String, BTreeMap<String, String>), AuthError> {
    let fields = pool.sign_up_form_fields();
    let names = pool.username_attribute_names();
    let username = match names.first() {
        None => {
            validate_username(&username)?;
            username
        }
        Some(first) => {
            let given = names.iter().find_map(|name| {
                let value = attributes.get(*name).filter(|v| !v.is_empty())?;
                Some((*name, value))
            });
            let Some((name, value)) = given else {
                return Err(AuthError::invalid_attribute(first, InputProblem::Required));
            };
            check_value(pool.attribute(name).field.kind, value)
                .map_err(|problem| AuthError::invalid_attribute(name, problem))?;
            value.clone()
        }
    };
    validate_password(password)?;
    let attributes = validate_attributes(&fields, attributes)?;
    Ok((username, attributes))
}

/// A non-empty value shaped as its kind says.
fn check_value(kind: AttributeKind, value: &str) -> Result<(), InputProblem> {
    let (well_formed, problem) = match kind {
        AttributeKind::Email => (is_email(value), InputProblem::InvalidEmail),
        AttributeKind::Phone => (is_phone(value), InputProblem::InvalidPhone),
        AttributeKind::Number => (is_number(value), InputProblem::InvalidNumber),
        AttributeKind::Text => (true, InputProblem::Required),
    };
    if well_formed {
        Ok(())
    } else {
        Err(problem)
    }
}

/// An attribute update from the signed-in screen, against the pool's schema and the user's
/// current values: values equal to the current ones are dropped, `sub`, the `*_verified` flags and
/// read-only attributes refused, an attribute the pool does not declare refused, an emptied
/// required one refused, the rest checked as on the sign-up form. An emptied optional attribute
/// is deleted. Nothing left to change is `NothingChanged`.
pub fn validate_attribute_changes(
    pool: &PoolSettings,
    current: &HashMap<String, String>,
    changes: &BTreeMap<String, String>,
) -> Result<AttributeChanges, AuthError> {
    let mut checked = AttributeChanges::default();
    for (name, value) in changes {
        let refuse = |problem| Err(AuthError::invalid_attribute(name, problem));
        if name == "sub" || name.ends_with("_verified") {
            return refuse(InputProblem::NotOffered);
        }
        if !pool.declares(name) {
            return refuse(InputProblem::UnknownAttribute);
        }
        if current.get(name).map_or("", String::as_str) == value {
            continue;
        }
        let declared = pool.attribute(name);
        if !declared.mutable {
            return refuse(InputProblem::NotOffered);
        }
        if value.is_empty() {
            if declared.field.required {
                return refuse(InputProblem::Required);
            }
            checked.delete.push(name.clone());
            continue;
        }
        if let Err(problem) = check_value(declared.field.kind, value) {
            return refuse(problem);
        }
        checked.update.insert(name.clone(), value.clone());
    }
    if checked.update.is_empty() && checked.delete.is_empty() {
        return Err(AuthError::invalid_form(InputProblem::NothingChanged));
    }
    Ok(checked)
}

/// Only `email` and `phone_number` have a verification code.
pub fn validate_verifiable(attribute: &str) -> Result<(), AuthError> {
    match attribute {
        "email" | "phone_number" => Ok(()),
        other => Err(AuthError::invalid_attribute(
            other,
            InputProblem::AttributeNotVerifiable,
        )),
    }
}

/// Change password: the current one typed, the new one within the policy and different.
pub fn validate_password_change(
    current: &Password,
    new: &Password,
    policy: &PasswordPolicy,
) -> Result<(), AuthError> {
    validate_password_in(current, Field::CurrentPassword)?;
    validate_new_password(new, policy)?;
    if current == new {
        return Err(AuthError::invalid(
            Field::NewPassword,
            InputProblem::PasswordUnchanged,
        ));
    }
    Ok(())
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
        return Err(AuthError::invalid(Field::Code, InputProblem::Required));
    }
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AuthError::invalid(Field::Code, InputProblem::InvalidCode));
    }
    Ok(())
}

#[cfg(test)]
#[path = "input_tests.rs"]
mod tests;

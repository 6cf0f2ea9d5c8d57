//! Input rules Cognito enforces on sign-up: the password policy (the pool's, or Cognito's default
//! of 8 characters with upper and lower case, a number and a symbol) and attribute formats.
//! https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-policies.html

use serde_json::Value;

use crate::error::CognitoError;

/// The symbols Cognito counts as special characters.
const SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

pub fn check_password(pool_config: &Value, password: &str) -> Result<(), CognitoError> {
    let policy = &pool_config["Policies"]["PasswordPolicy"];
    let flag = |name: &str| policy.get(name).and_then(Value::as_bool).unwrap_or(true);
    let minimum = policy
        .get("MinimumLength")
        .and_then(Value::as_u64)
        .unwrap_or(8) as usize;
    let refuse = |why: &str| {
        Err(CognitoError::new(
            "InvalidPasswordException",
            format!("Password did not conform with policy: {why}"),
        ))
    };
    if password.chars().count() < minimum {
        return refuse("Password not long enough");
    }
    if flag("RequireUppercase") && !password.chars().any(|c| c.is_uppercase()) {
        return refuse("Password must have uppercase characters");
    }
    if flag("RequireLowercase") && !password.chars().any(|c| c.is_lowercase()) {
        return refuse("Password must have lowercase characters");
    }
    if flag("RequireNumbers") && !password.chars().any(|c| c.is_ascii_digit()) {
        return refuse("Password must have numeric characters");
    }
    if flag("RequireSymbols") && !password.chars().any(|c| SYMBOLS.contains(c)) {
        return refuse("Password must have symbol characters");
    }
    Ok(())
}

pub fn check_email(email: &str) -> Result<(), CognitoError> {
    let valid = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !email.chars().any(char::is_whitespace)
            && email.matches('@').count() == 1
    });
    if valid {
        Ok(())
    } else {
        Err(CognitoError::invalid_parameter(
            "Invalid email address format.",
        ))
    }
}

/// E.164: a plus and 8 to 15 digits.
pub fn check_phone(phone: &str) -> Result<(), CognitoError> {
    let digits = phone.strip_prefix('+').unwrap_or("");
    if (8..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err(CognitoError::invalid_parameter(
            "Invalid phone number format.",
        ))
    }
}

/// Masks a destination the way Cognito's `CodeDeliveryDetails` does: `j***@e***.com`, `+*******1234`.
pub fn mask_destination(destination: &str) -> String {
    if let Some((local, domain)) = destination.split_once('@') {
        let first = |text: &str| text.chars().next().map(String::from).unwrap_or_default();
        let tld = domain.rfind('.').map_or("", |at| &domain[at..]);
        format!("{}***@{}***{}", first(local), first(domain), tld)
    } else {
        let keep = destination.len().saturating_sub(4);
        format!(
            "+{}{}",
            "*".repeat(keep.saturating_sub(1)),
            &destination[keep..]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn default_policy_names_the_first_rule_broken() {
        let none = json!({});
        let message = |password| check_password(&none, password).unwrap_err().message;
        assert!(message("Ab1!").ends_with("Password not long enough"));
        assert!(message("abcdefg1!").ends_with("uppercase characters"));
        assert!(message("ABCDEFG1!").ends_with("lowercase characters"));
        assert!(message("Abcdefgh!").ends_with("numeric characters"));
        assert!(message("Abcdefgh1").ends_with("symbol characters"));
        assert!(check_password(&none, "Abcdefg1!").is_ok());
    }

    #[test]
    fn a_pool_policy_replaces_the_default() {
        let lenient = json!({"Policies": {"PasswordPolicy": {"MinimumLength": 6, "RequireUppercase": false,
            "RequireLowercase": true, "RequireNumbers": false, "RequireSymbols": false}}});
        assert!(check_password(&lenient, "abcdef").is_ok());
        assert!(check_password(&lenient, "abcde").is_err());
    }

    #[test]
    fn emails_and_phones_are_checked_and_masked_like_cognito() {
        assert!(check_email("jane@example.com").is_ok());
        for bad in [
            "jane",
            "jane@",
            "@example.com",
            "jane@example",
            "ja ne@example.com",
            "a@b@c.com",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
        assert!(check_phone("+447700900123").is_ok());
        assert!(check_phone("07700900123").is_err());
        assert_eq!(mask_destination("jane@example.com"), "j***@e***.com");
        assert_eq!(mask_destination("+447700900123"), "+********0123");
    }
}

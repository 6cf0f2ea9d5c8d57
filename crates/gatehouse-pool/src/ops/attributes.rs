//! User attributes against the pool's schema: the standard attributes every pool has, plus what
//! `CreateUserPool`'s `Schema` declares (`Name`, `AttributeDataType` String|Number, `Mutable`,
//! `Required`, `StringAttributeConstraints`, `NumberAttributeConstraints`). Custom attributes are
//! declared without their `custom:` prefix, as in Cognito, and used with it.
//! https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
//!
//! Messages follow Cognito's "Attributes did not conform to the schema: ..." form. The wording for
//! an undeclared custom attribute, a missing required one, and bad email and phone formats is
//! Cognito's; the length and number messages are our choice in the same form.

use serde_json::Value;

use super::{optional, policy, required};
use crate::error::CognitoError;

/// Standard attributes a pool accepts without declaring them.
const STANDARD_ATTRIBUTES: &[&str] = &[
    "address",
    "birthdate",
    "email",
    "family_name",
    "gender",
    "given_name",
    "locale",
    "middle_name",
    "name",
    "nickname",
    "phone_number",
    "picture",
    "preferred_username",
    "profile",
    "website",
    "zoneinfo",
    "updated_at",
];

/// Cognito's limit on a string attribute when the schema sets none.
const DEFAULT_MAX_LENGTH: u64 = 2048;

/// Who writes the attributes: an administrator may set the `*_verified` flags, a user may not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Writer {
    User,
    Admin,
}

fn non_conforming(detail: impl std::fmt::Display) -> CognitoError {
    CognitoError::invalid_parameter(format!(
        "Attributes did not conform to the schema: {detail}"
    ))
}

/// The schema entry of an attribute (full name, `custom:` included), if the pool declares one.
fn declared<'a>(pool_config: &'a Value, name: &str) -> Option<&'a Value> {
    pool_config["Schema"].as_array()?.iter().find(|entry| {
        entry["Name"].as_str().is_some_and(|declared| {
            declared == name || name.strip_prefix("custom:") == Some(declared)
        })
    })
}

/// A constraint given as a number or, as Cognito's API types it, a numeric string.
fn bound(constraints: &Value, key: &str) -> Option<f64> {
    match &constraints[key] {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.parse().ok(),
        _ => None,
    }
}

/// Refuses a `Schema` (at `CreateUserPool`) whose entries lack a name or have an unknown type.
pub(crate) fn check_schema(pool_config: &Value) -> Result<(), CognitoError> {
    let schema = match pool_config.get("Schema") {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::Array(schema)) => schema,
        Some(_) => {
            return Err(CognitoError::new(
                "SerializationException",
                "Schema must be a list.",
            ))
        }
    };
    for entry in schema {
        let name = required(entry, "Name")?;
        let data_type = optional(entry, "AttributeDataType")?.unwrap_or("String");
        if !["String", "Number", "DateTime", "Boolean"].contains(&data_type) {
            return Err(CognitoError::invalid_parameter(format!(
                "Invalid AttributeDataType {data_type} for attribute {name}."
            )));
        }
    }
    Ok(())
}

/// Reads a `[{Name, Value}]` member (`UserAttributes`, `ValidationData`) as pairs, the last value
/// of a repeated name winning. Only the shape is checked here.
pub(crate) fn attribute_pairs(
    request: &Value,
    member: &str,
) -> Result<Vec<(String, String)>, CognitoError> {
    let Some(list) = request.get(member).filter(|value| !value.is_null()) else {
        return Ok(Vec::new());
    };
    let list = list.as_array().ok_or_else(|| {
        CognitoError::new(
            "SerializationException",
            format!("{member} must be a list."),
        )
    })?;
    let mut pairs: Vec<(String, String)> = Vec::new();
    for entry in list {
        let name = required(entry, "Name")?;
        let value = optional(entry, "Value")?.unwrap_or_default();
        pairs.retain(|(existing, _)| existing != name);
        pairs.push((name.to_owned(), value.to_owned()));
    }
    Ok(pairs)
}

/// Checks each attribute against the schema: known name, type, length or range, and the formats
/// of `email` and `phone_number`. Required attributes are `check_required`'s concern, since
/// `AdminCreateUser` may leave them for the user to give at first sign-in.
pub(crate) fn validate_attributes(
    pool_config: &Value,
    attributes: &[(String, String)],
    writer: Writer,
) -> Result<(), CognitoError> {
    for (name, value) in attributes {
        let name = name.as_str();
        match name {
            "sub" => {
                return Err(CognitoError::invalid_parameter(
                    "Cannot modify the non-mutable attribute sub",
                ))
            }
            "email_verified" | "phone_number_verified" if writer == Writer::Admin => {
                if value != "true" && value != "false" {
                    return Err(non_conforming(format!(
                        "{name}: Value must be true or false"
                    )));
                }
                continue;
            }
            "email_verified" | "phone_number_verified" => {
                return Err(CognitoError::not_authorized(format!(
                    "A client attempted to write unauthorized attribute {name}"
                )))
            }
            _ => {}
        }
        let schema = declared(pool_config, name);
        let custom = name.starts_with("custom:") && schema.is_some();
        if !(STANDARD_ATTRIBUTES.contains(&name) || custom) {
            return Err(non_conforming(format!(
                "Type for attribute {{{name}}} could not be determined"
            )));
        }
        let schema = schema.unwrap_or(&Value::Null);
        if schema["AttributeDataType"] == "Number" {
            let number: f64 = value
                .parse()
                .ok()
                .filter(|number: &f64| number.is_finite())
                .ok_or_else(|| non_conforming(format!("{name}: Number must be a number")))?;
            let constraints = &schema["NumberAttributeConstraints"];
            if bound(constraints, "MinValue").is_some_and(|min| number < min) {
                return Err(non_conforming(format!(
                    "{name}: Number is below the minimum"
                )));
            }
            if bound(constraints, "MaxValue").is_some_and(|max| number > max) {
                return Err(non_conforming(format!(
                    "{name}: Number is above the maximum"
                )));
            }
        } else {
            let constraints = &schema["StringAttributeConstraints"];
            let length = value.chars().count() as f64;
            let max = bound(constraints, "MaxLength").unwrap_or(DEFAULT_MAX_LENGTH as f64);
            if length > max {
                return Err(non_conforming(format!(
                    "{name}: String must be no longer than {max} characters"
                )));
            }
            if let Some(min) = bound(constraints, "MinLength").filter(|min| length < *min) {
                return Err(non_conforming(format!(
                    "{name}: String must be at least {min} characters"
                )));
            }
        }
        match name {
            "email" => policy::check_email(value)?,
            "phone_number" => policy::check_phone(value)?,
            _ => {}
        }
    }
    Ok(())
}

/// Refuses a change to an attribute the schema declares `Mutable: false`: sign-up may set it,
/// `UpdateUserAttributes`, `DeleteUserAttributes` and their admin twins may not.
pub(crate) fn check_mutable(pool_config: &Value, name: &str) -> Result<(), CognitoError> {
    if declared(pool_config, name).is_some_and(|entry| entry["Mutable"] == false) {
        return Err(CognitoError::invalid_parameter(format!(
            "user.{name}: Attribute cannot be updated."
        )));
    }
    Ok(())
}

/// Whether the pool has this attribute: a standard one, or a custom one its schema declares.
pub(crate) fn is_known(pool_config: &Value, name: &str) -> bool {
    STANDARD_ATTRIBUTES.contains(&name)
        || (name.starts_with("custom:") && declared(pool_config, name).is_some())
}

/// The name a schema entry's attribute is used by: custom ones with their `custom:` prefix.
pub(crate) fn full_name(declared: &str) -> String {
    if STANDARD_ATTRIBUTES.contains(&declared) || declared.starts_with("custom:") {
        declared.to_owned()
    } else {
        format!("custom:{declared}")
    }
}

/// The attributes the pool's schema marks `Required`, in schema order, full names.
pub(crate) fn required_attributes(pool_config: &Value) -> Vec<String> {
    pool_config["Schema"]
        .as_array()
        .map(|schema| {
            schema
                .iter()
                .filter(|entry| entry["Required"] == true)
                .filter_map(|entry| entry["Name"].as_str())
                .map(full_name)
                .collect()
        })
        .unwrap_or_default()
}

/// Refuses attributes that leave out (or leave empty) one the schema requires, naming each one
/// missing on its own line as Cognito does.
pub(crate) fn check_required(
    pool_config: &Value,
    attributes: &[(String, String)],
) -> Result<(), CognitoError> {
    let missing: Vec<String> = required_attributes(pool_config)
        .into_iter()
        .filter(|name| {
            !attributes
                .iter()
                .any(|(given, value)| given == name && !value.is_empty())
        })
        .map(|name| format!("{name}: The attribute is required"))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(non_conforming(missing.join("\n")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn schema() -> Value {
        json!({"Schema": [
            {"Name": "email", "AttributeDataType": "String", "Required": true, "Mutable": true},
            {"Name": "team", "AttributeDataType": "String", "Mutable": true,
             "StringAttributeConstraints": {"MinLength": "2", "MaxLength": "8"}},
            {"Name": "age", "AttributeDataType": "Number",
             "NumberAttributeConstraints": {"MinValue": "0", "MaxValue": "150"}},
        ]})
    }

    #[test]
    fn declared_custom_attributes_are_checked_by_type_and_constraints() {
        let check = |list: &[(&str, &str)]| {
            validate_attributes(&schema(), &pairs(list), Writer::User).map_err(|e| e.message)
        };
        assert!(check(&[("custom:team", "red"), ("custom:age", "42")]).is_ok());
        assert!(check(&[("custom:team", "r")])
            .unwrap_err()
            .ends_with("at least 2 characters"));
        assert!(check(&[("custom:team", "ninechars")])
            .unwrap_err()
            .ends_with("no longer than 8 characters"));
        assert!(check(&[("custom:age", "old")]).is_err());
        assert!(check(&[("custom:age", "151")]).is_err());
        assert_eq!(
            check(&[("custom:flavour", "mint")]).unwrap_err(),
            "Attributes did not conform to the schema: Type for attribute {custom:flavour} could not be determined"
        );
        // A standard attribute is never written with the custom prefix.
        assert!(check(&[("team", "red")]).is_err());
    }

    #[test]
    fn only_an_administrator_sets_verification_flags() {
        let flags = pairs(&[("email_verified", "true")]);
        assert_eq!(
            validate_attributes(&schema(), &flags, Writer::User)
                .unwrap_err()
                .code,
            "NotAuthorizedException"
        );
        assert!(validate_attributes(&schema(), &flags, Writer::Admin).is_ok());
    }

    #[test]
    fn required_attributes_are_named_when_missing_or_empty() {
        let message =
            |list: &[(&str, &str)]| check_required(&schema(), &pairs(list)).map_err(|e| e.message);
        assert_eq!(
            message(&[]).unwrap_err(),
            "Attributes did not conform to the schema: email: The attribute is required"
        );
        assert!(message(&[("email", "")]).is_err());
        assert!(message(&[("email", "jane@example.com")]).is_ok());
        assert_eq!(required_attributes(&schema()), vec!["email".to_owned()]);
    }
}

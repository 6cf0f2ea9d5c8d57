//! What the core needs to know about a pool, read from the pool itself: which attributes the
//! sign-up form asks for, the password policy shown before the user types, the second factors it
//! offers. Local mode reads them from the embedded pool's `DescribeUserPool` and
//! `GetUserPoolMfaConfig` answers, in the shapes Cognito gives them
//! (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeUserPool.html).

use gatehouse_auth::view::{AttributeField, AttributeKind, MfaMethod, PasswordPolicy};
use gatehouse_auth::{PoolAttribute, PoolSettings};
use serde_json::Value;

/// Where a pool is and what it describes itself as.
pub struct PoolDescription<'a> {
    pub profile: &'a str,
    pub region: &'a str,
    pub client_id: &'a str,
    pub endpoint: Option<String>,
    /// `DescribeUserPool`'s `UserPool`.
    pub pool: &'a Value,
    /// `GetUserPoolMfaConfig`'s answer.
    pub mfa: &'a Value,
}

impl PoolDescription<'_> {
    pub fn settings(&self) -> PoolSettings {
        let pool_id = self.pool["Id"].as_str().unwrap_or_default();
        let mut settings = PoolSettings::new(
            self.profile,
            self.region,
            pool_id,
            self.client_id,
            self.endpoint.clone(),
        );
        let declared = declared(self.pool);
        settings.sign_up_fields = sign_up_fields(&declared);
        settings.attribute_fields = attribute_fields(&declared);
        // Email or phone number in place of a username (`UsernameAttributes`).
        settings.username_attributes = self.pool["UsernameAttributes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        settings.password_policy = password_policy(&self.pool["Policies"]["PasswordPolicy"]);
        let mfa = self.mfa["MfaConfiguration"].as_str().unwrap_or("OFF");
        if mfa != "OFF" {
            if self
                .mfa
                .get("SmsMfaConfiguration")
                .is_some_and(Value::is_object)
            {
                settings.mfa_methods.push(MfaMethod::Sms);
            }
            if self.mfa["SoftwareTokenMfaConfiguration"]["Enabled"] == true {
                settings.mfa_methods.push(MfaMethod::Totp);
            }
        }
        settings.mfa_required = mfa == "ON";
        settings
    }
}

/// One attribute of the pool's schema, as the forms need it.
struct Declared {
    name: String,
    required: bool,
    number: bool,
    mutable: bool,
}

/// The pool's own attributes (not the ones it sets itself), with `custom:` names.
fn declared(pool: &Value) -> Vec<Declared> {
    // Cognito describes the schema as `SchemaAttributes` with `custom:` names; a pool created
    // with `Schema` and bare custom names (as `CreateUserPool` takes them) is read the same way.
    let schema = pool
        .get("SchemaAttributes")
        .or_else(|| pool.get("Schema"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    schema
        .iter()
        .filter_map(|attribute| {
            let name = attribute["Name"].as_str()?;
            if SYSTEM.contains(&name) {
                return None;
            }
            let custom = attribute["DeveloperOnlyAttribute"] != true
                && (name.starts_with("custom:") || !is_standard(name));
            let name = if custom && !name.starts_with("custom:") {
                format!("custom:{name}")
            } else {
                name.to_owned()
            };
            Some(Declared {
                name,
                required: attribute["Required"] == true,
                number: attribute["AttributeDataType"] == "Number",
                // Cognito's default for a schema attribute is mutable.
                mutable: attribute["Mutable"] != false,
            })
        })
        .collect()
}

/// Every attribute the pool declares, for the account screen's labels, kinds and read-only ones.
fn attribute_fields(declared: &[Declared]) -> Vec<PoolAttribute> {
    declared
        .iter()
        .map(|attribute| PoolAttribute {
            field: attribute_field(&attribute.name, attribute.required, attribute.number),
            mutable: attribute.mutable,
        })
        .collect()
}

/// The attributes the sign-up form asks for, in this order: `email` and `phone_number` (every
/// pool has them; they are how codes reach the user), then every other required attribute, then
/// the pool's custom attributes. Required ones are marked so.
fn sign_up_fields(declared: &[Declared]) -> Vec<AttributeField> {
    let required = |name: &str| declared.iter().any(|d| d.name == name && d.required);
    let mut fields = vec![
        attribute_field("email", required("email"), false),
        attribute_field("phone_number", required("phone_number"), false),
    ];
    for attribute in declared {
        let name = &attribute.name;
        let wanted = (attribute.required && is_standard(name)) || name.starts_with("custom:");
        if wanted && !fields.iter().any(|f| &f.name == name) {
            fields.push(attribute_field(name, attribute.required, attribute.number));
        }
    }
    fields
}

pub(crate) fn attribute_field(name: &str, required: bool, number: bool) -> AttributeField {
    let kind = match name {
        "email" => AttributeKind::Email,
        "phone_number" => AttributeKind::Phone,
        _ if number => AttributeKind::Number,
        _ => AttributeKind::Text,
    };
    AttributeField {
        name: name.to_owned(),
        label: label(name),
        kind,
        required,
    }
}

/// "phone_number" -> "Phone number", "custom:team" -> "Team".
fn label(name: &str) -> String {
    let bare = name
        .strip_prefix("custom:")
        .unwrap_or(name)
        .replace('_', " ");
    let mut chars = bare.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Standard attributes the pool sets itself: never on a form.
const SYSTEM: &[&str] = &[
    "sub",
    "email_verified",
    "phone_number_verified",
    "identities",
    "updated_at",
];

/// Cognito's standard attributes (OpenID Connect's standard claims).
pub(crate) fn is_standard(name: &str) -> bool {
    const STANDARD: &[&str] = &[
        "address",
        "birthdate",
        "email",
        "email_verified",
        "family_name",
        "gender",
        "given_name",
        "locale",
        "middle_name",
        "name",
        "nickname",
        "phone_number",
        "phone_number_verified",
        "picture",
        "preferred_username",
        "profile",
        "sub",
        "updated_at",
        "website",
        "zoneinfo",
        "identities",
    ];
    STANDARD.contains(&name)
}

fn password_policy(policy: &Value) -> PasswordPolicy {
    let default = PasswordPolicy::default();
    let flag = |name: &str, fallback: bool| policy[name].as_bool().unwrap_or(fallback);
    PasswordPolicy {
        minimum_length: policy["MinimumLength"]
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(default.minimum_length),
        require_uppercase: flag("RequireUppercase", default.require_uppercase),
        require_lowercase: flag("RequireLowercase", default.require_lowercase),
        require_numbers: flag("RequireNumbers", default.require_numbers),
        require_symbols: flag("RequireSymbols", default.require_symbols),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn settings(pool: Value, mfa: Value) -> PoolSettings {
        PoolDescription {
            profile: "local",
            region: "us-east-1",
            client_id: "client",
            endpoint: None,
            pool: &pool,
            mfa: &mfa,
        }
        .settings()
    }

    #[test]
    fn schema_gives_the_sign_up_form() {
        let pool = json!({
            "Id": "us-east-1_abc",
            "SchemaAttributes": [
                {"Name": "sub", "Required": true, "AttributeDataType": "String"},
                {"Name": "email", "Required": true, "AttributeDataType": "String"},
                {"Name": "given_name", "Required": true, "AttributeDataType": "String"},
                {"Name": "nickname", "Required": false, "AttributeDataType": "String"},
                {"Name": "custom:team", "AttributeDataType": "String"},
                {"Name": "custom:seats", "AttributeDataType": "Number"},
            ]
        });
        let fields = settings(pool, json!({})).sign_up_fields;
        let shown: Vec<_> = fields
            .iter()
            .map(|f| (f.name.as_str(), f.label.as_str(), f.kind, f.required))
            .collect();
        assert_eq!(
            shown,
            [
                ("email", "Email", AttributeKind::Email, true),
                ("phone_number", "Phone number", AttributeKind::Phone, false),
                ("given_name", "Given name", AttributeKind::Text, true),
                ("custom:team", "Team", AttributeKind::Text, false),
                ("custom:seats", "Seats", AttributeKind::Number, false),
            ],
            "sub is the pool's to set; optional standard attributes are not asked for"
        );
    }

    #[test]
    fn the_schema_says_which_attributes_the_account_screen_may_edit() {
        let pool = json!({"Id": "a_b", "SchemaAttributes": [
            {"Name": "sub", "Mutable": false},
            {"Name": "email", "Required": true, "Mutable": true},
            {"Name": "custom:employee_id", "Mutable": false},
            {"Name": "custom:team"},
        ]});
        let fields: Vec<_> = settings(pool, json!({}))
            .attribute_fields
            .into_iter()
            .map(|a| (a.field.name, a.field.required, a.mutable))
            .collect();
        assert_eq!(
            fields,
            [
                ("email".to_owned(), true, true),
                ("custom:employee_id".to_owned(), false, false),
                ("custom:team".to_owned(), false, true),
            ],
            "sub is the pool's own; a custom attribute is mutable unless it says otherwise"
        );
    }

    #[test]
    fn an_email_for_a_username_is_read_from_the_pool() {
        let pool = json!({"Id": "a_b", "UsernameAttributes": ["email"]});
        assert_eq!(settings(pool, json!({})).username_attributes, ["email"]);
        assert!(settings(json!({"Id": "a_b"}), json!({}))
            .username_attributes
            .is_empty());
    }

    #[test]
    fn bare_custom_names_from_create_user_pool_get_their_prefix() {
        let pool =
            json!({"Id": "x_y", "Schema": [{"Name": "team", "AttributeDataType": "String"}]});
        let names: Vec<_> = settings(pool, json!({}))
            .sign_up_fields
            .into_iter()
            .map(|f| f.name)
            .collect();
        assert_eq!(names, ["email", "phone_number", "custom:team"]);
    }

    #[test]
    fn password_policy_and_mfa() {
        let pool = json!({"Id": "us-east-1_abc", "Policies": {"PasswordPolicy": {
            "MinimumLength": 12, "RequireUppercase": false, "RequireLowercase": true,
            "RequireNumbers": true, "RequireSymbols": false}}});
        let mfa = json!({
            "MfaConfiguration": "ON",
            "SmsMfaConfiguration": {"SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::1:role/sms"}},
            "SoftwareTokenMfaConfiguration": {"Enabled": true}
        });
        let settings = settings(pool, mfa);
        assert_eq!(settings.user_pool_id, "us-east-1_abc");
        assert_eq!(
            settings.password_policy,
            PasswordPolicy {
                minimum_length: 12,
                require_uppercase: false,
                require_lowercase: true,
                require_numbers: true,
                require_symbols: false,
            }
        );
        assert_eq!(settings.mfa_methods, [MfaMethod::Sms, MfaMethod::Totp]);
        assert!(settings.mfa_required);
    }

    #[test]
    fn mfa_off_offers_nothing_and_missing_policy_is_cognitos_default() {
        let mfa =
            json!({"MfaConfiguration": "OFF", "SoftwareTokenMfaConfiguration": {"Enabled": true}});
        let settings = settings(json!({"Id": "a_b"}), mfa);
        assert!(settings.mfa_methods.is_empty());
        assert!(!settings.mfa_required);
        assert_eq!(settings.password_policy, PasswordPolicy::default());
    }
}

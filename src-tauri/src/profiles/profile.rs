//! A Gatehouse profile: one user pool app client the app can sign in to, with what the app must
//! know about the pool to draw its forms (there are no AWS credentials on a user's desktop to
//! describe the pool with). Stored in `profiles.json` in the data directory and accepted as a file
//! (`--profile-file`). The client secret of a confidential client is never part of it: it lives in
//! the keyring (see `store`).
//!
//! ```json
//! {"name": "acme", "region": "eu-west-1", "userPoolId": "eu-west-1_AbC", "clientId": "...",
//!  "endpoint": "http://127.0.0.1:9229", "totpIssuer": "Acme",
//!  "usernameAttributes": ["email"], "requiredAttributes": ["email", "given_name"],
//!  "optionalAttributes": ["custom:team"],
//!  "passwordPolicy": {"minimumLength": 10, "requireUppercase": true, "requireLowercase": true,
//!                     "requireNumbers": true, "requireSymbols": false},
//!  "mfa": {"configuration": "OPTIONAL", "methods": ["SMS", "TOTP"]}}
//! ```

use gatehouse_auth::view::{AttributeField, MfaMethod, PasswordPolicy};
use gatehouse_auth::PoolSettings;
use serde::{Deserialize, Serialize};

use super::error::ProfileError;
use crate::pool_settings::{attribute_field, is_standard};

/// The name of the embedded pool's profile, reserved.
pub const LOCAL: &str = "local";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    pub region: String,
    pub user_pool_id: String,
    pub client_id: String,
    /// Another endpoint than AWS's, e.g. a `gatehouse-pool` on loopback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// The name an authenticator app shows beside the account (the `otpauth://` issuer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totp_issuer: Option<String>,
    /// Attributes users sign in with instead of a username (`email`, `phone_number`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub username_attributes: Vec<String>,
    /// Attributes sign-up must collect (the pool's required schema attributes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_attributes: Vec<String>,
    /// Further attributes the sign-up form offers (`custom:` ones must exist in the pool's schema:
    /// Cognito does not create them on sign-up).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub optional_attributes: Vec<String>,
    /// Shown before the user types; the pool still enforces its own. Cognito's default if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_policy: Option<PasswordPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa: Option<MfaSettings>,
}

/// The pool's MFA, as the profile declares it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MfaSettings {
    pub configuration: MfaConfiguration,
    #[serde(default)]
    pub methods: Vec<MfaKind>,
}

/// Cognito's `MfaConfiguration` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum MfaConfiguration {
    Off,
    Optional,
    On,
}

/// The factor names Amplify's files use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum MfaKind {
    Sms,
    Totp,
}

impl Profile {
    /// The profile's fields are usable: each failure names its field.
    pub fn check(&self) -> Result<(), ProfileError> {
        check_name(&self.name)?;
        let nonempty = [
            ("region", &self.region),
            ("userPoolId", &self.user_pool_id),
            ("clientId", &self.client_id),
        ];
        for (field, value) in nonempty {
            if value.trim().is_empty() {
                return Err(ProfileError::missing(field));
            }
        }
        if !self
            .region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(ProfileError::invalid("region"));
        }
        // Cognito pool ids are `<region>_<id>`.
        match self.user_pool_id.split_once('_') {
            Some((region, id)) if region == self.region && !id.is_empty() => {}
            _ => return Err(ProfileError::invalid("userPoolId")),
        }
        if !self.client_id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(ProfileError::invalid("clientId"));
        }
        if self
            .totp_issuer
            .as_ref()
            .is_some_and(|issuer| issuer.trim().is_empty() || issuer.contains(':'))
        {
            // The issuer prefixes the account in the URI's label, `issuer:account`.
            return Err(ProfileError::invalid("totpIssuer"));
        }
        if let Some(endpoint) = &self.endpoint {
            if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
                return Err(ProfileError::invalid("endpoint"));
            }
        }
        for (field, names) in [
            ("usernameAttributes", &self.username_attributes),
            ("requiredAttributes", &self.required_attributes),
            ("optionalAttributes", &self.optional_attributes),
        ] {
            if !names.iter().all(|name| is_attribute_name(name)) {
                return Err(ProfileError::invalid(field));
            }
        }
        if !self
            .username_attributes
            .iter()
            .all(|name| name == "email" || name == "phone_number")
        {
            return Err(ProfileError::invalid("usernameAttributes"));
        }
        if let Some(policy) = &self.password_policy {
            // Cognito's range for MinimumLength.
            if !(6..=99).contains(&policy.minimum_length) {
                return Err(ProfileError::invalid("passwordPolicy.minimumLength"));
            }
        }
        if let Some(mfa) = &self.mfa {
            if mfa.configuration != MfaConfiguration::Off && mfa.methods.is_empty() {
                return Err(ProfileError::missing("mfa.methods"));
            }
        }
        Ok(())
    }

    /// What the core needs. `sign_up_fields`: email and phone number first (codes reach users
    /// there), required before optional, as the local pool's description orders them.
    pub fn settings(&self) -> PoolSettings {
        let mut settings = PoolSettings::new(
            self.name.clone(),
            self.region.clone(),
            self.user_pool_id.clone(),
            self.client_id.clone(),
            self.endpoint.clone(),
        );
        if let Some(issuer) = &self.totp_issuer {
            settings.totp_issuer = issuer.clone();
        }
        settings.sign_up_fields = self.sign_up_fields();
        settings.username_attributes = self.username_attributes.clone();
        if let Some(policy) = &self.password_policy {
            settings.password_policy = policy.clone();
        }
        if let Some(mfa) = &self.mfa {
            if mfa.configuration != MfaConfiguration::Off {
                settings.mfa_methods = mfa
                    .methods
                    .iter()
                    .map(|kind| match kind {
                        MfaKind::Sms => MfaMethod::Sms,
                        MfaKind::Totp => MfaMethod::Totp,
                    })
                    .collect();
                settings.mfa_methods.dedup();
            }
            settings.mfa_required = mfa.configuration == MfaConfiguration::On;
        }
        settings
    }

    fn sign_up_fields(&self) -> Vec<AttributeField> {
        let required = |name: &str| {
            self.required_attributes.iter().any(|n| n == name)
                || self.username_attributes.iter().any(|n| n == name)
        };
        let mut fields = vec![
            attribute_field("email", required("email"), false),
            attribute_field("phone_number", required("phone_number"), false),
        ];
        let rest = self
            .required_attributes
            .iter()
            .map(|name| (name, true))
            .chain(self.optional_attributes.iter().map(|name| (name, false)));
        for (name, is_required) in rest {
            if !fields.iter().any(|field| &field.name == name) {
                fields.push(attribute_field(name, is_required, false));
            }
        }
        fields
    }
}

/// Names show in a drop-down and key the keyring: short, printable, no `/`.
pub fn check_name(name: &str) -> Result<(), ProfileError> {
    let ok = !name.trim().is_empty()
        && name.trim() == name
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'));
    if name.is_empty() {
        Err(ProfileError::missing("name"))
    } else if ok {
        Ok(())
    } else {
        Err(ProfileError::invalid("name"))
    }
}

/// A standard attribute or a `custom:` one.
fn is_attribute_name(name: &str) -> bool {
    match name.strip_prefix("custom:") {
        Some(custom) => {
            !custom.is_empty()
                && custom.len() <= 20
                && custom
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        }
        None => is_standard(name) && !name.ends_with("_verified") && name != "sub",
    }
}

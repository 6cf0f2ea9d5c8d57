//! Which user pool and app client the core talks to, and what the shell knows about the pool.
//!
//! In local mode the shell reads the pool's description from the embedded pool; for a real pool
//! it comes from the profile (issue 4). Part of the contract with src-tauri.

use crate::secret::ClientSecret;
use crate::view::{AttributeField, AttributeKind, MfaMethod, PasswordPolicy};

/// A user pool app client. `endpoint` overrides the AWS endpoint (the local pool's URL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolSettings {
    /// The profile's name ("local" for the embedded pool). Sessions are kept per profile in the
    /// keyring, so two profiles on one pool (two "devices" in a test) do not share a session.
    pub profile: String,
    pub region: String,
    pub user_pool_id: String,
    pub client_id: String,
    /// A confidential app client's secret (from the keyring): every unauthenticated call then
    /// carries `SECRET_HASH`. `None` for a public client (the local pool's).
    pub client_secret: Option<ClientSecret>,
    pub endpoint: Option<String>,
    /// What the sign-up form asks for besides username and password, in order.
    pub sign_up_fields: Vec<AttributeField>,
    pub password_policy: PasswordPolicy,
    /// The second factors the pool offers (empty when its MFA is off).
    pub mfa_methods: Vec<MfaMethod>,
    /// The pool's MFA is `ON`.
    pub mfa_required: bool,
    /// The `issuer` of the `otpauth://` URI an authenticator app shows next to the account.
    pub totp_issuer: String,
    /// Every attribute the pool declares (its schema): labels, kinds, required and mutable, for
    /// the signed-in screen and the check of an attribute update. Empty when unknown (a remote
    /// pool read without AWS credentials): then every attribute but `sub` counts as editable,
    /// and its label and kind come from its name.
    pub attribute_fields: Vec<PoolAttribute>,
}

/// One attribute of the pool's schema (`SchemaAttributeType`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolAttribute {
    /// Name, label, kind, and `required` (an update may not empty it).
    pub field: AttributeField,
    /// `Mutable`: the user may change it after sign-up.
    pub mutable: bool,
}

impl PoolSettings {
    /// How the pool declares `name`: from `attribute_fields`, else guessed from the name (mutable
    /// unless it is `sub`).
    pub fn attribute(&self, name: &str) -> PoolAttribute {
        if let Some(known) = self.attribute_fields.iter().find(|a| a.field.name == name) {
            return known.clone();
        }
        PoolAttribute {
            field: AttributeField {
                name: name.to_owned(),
                label: label_of(name),
                kind: kind_of(name),
                required: false,
            },
            mutable: name != "sub",
        }
    }

    /// Whether the pool declares `name` (always true when the schema is unknown).
    pub fn declares(&self, name: &str) -> bool {
        self.attribute_fields.is_empty()
            || self.attribute_fields.iter().any(|a| a.field.name == name)
    }
}

/// "custom:favourite_team" -> "Favourite team".
pub fn label_of(name: &str) -> String {
    let words = name
        .strip_prefix("custom:")
        .unwrap_or(name)
        .replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The kind of a standard attribute by its name; custom ones are text unless the schema says.
pub fn kind_of(name: &str) -> AttributeKind {
    match name {
        "email" => AttributeKind::Email,
        "phone_number" => AttributeKind::Phone,
        _ => AttributeKind::Text,
    }
}

impl PoolSettings {
    /// Settings for an app client with Cognito's defaults: an email field, the default password
    /// policy, no MFA, issuer "Gatehouse".
    pub fn new(
        profile: impl Into<String>,
        region: impl Into<String>,
        user_pool_id: impl Into<String>,
        client_id: impl Into<String>,
        endpoint: Option<String>,
    ) -> Self {
        Self {
            profile: profile.into(),
            region: region.into(),
            user_pool_id: user_pool_id.into(),
            client_id: client_id.into(),
            client_secret: None,
            endpoint,
            sign_up_fields: vec![AttributeField {
                name: "email".into(),
                label: "Email".into(),
                kind: crate::view::AttributeKind::Email,
                required: true,
            }],
            password_policy: PasswordPolicy::default(),
            mfa_methods: Vec::new(),
            mfa_required: false,
            totp_issuer: "Gatehouse".into(),
            attribute_fields: Vec::new(),
        }
    }

    /// The token store key of this profile's session on this app client.
    pub fn store_key(&self) -> crate::store::StoreKey {
        crate::store::StoreKey {
            profile: self.profile.clone(),
            user_pool_id: self.user_pool_id.clone(),
            client_id: self.client_id.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_secret_stays_out_of_debug_output() {
        let settings = PoolSettings {
            client_secret: Some(ClientSecret::new("s3cr3t-of-the-client".into())),
            ..PoolSettings::new("work", "eu-west-1", "eu-west-1_P", "c", None)
        };
        let printed = format!("{settings:?}");
        assert!(!printed.contains("s3cr3t"), "{printed}");
    }

    #[test]
    fn an_attribute_the_schema_does_not_list_is_guessed_from_its_name() {
        let pool = PoolSettings::new("work", "eu-west-1", "eu-west-1_P", "c", None);
        let phone = pool.attribute("phone_number");
        assert_eq!(
            (phone.field.label.as_str(), phone.field.kind, phone.mutable),
            ("Phone number", AttributeKind::Phone, true)
        );
        assert_eq!(pool.attribute("custom:team").field.label, "Team");
        assert!(!pool.attribute("sub").mutable);
    }
}

//! Which user pool and app client the core talks to, and what the shell knows about the pool.
//!
//! In local mode the shell reads the pool's description from the embedded pool; for a real pool
//! it comes from the profile (issue 4). Part of the contract with src-tauri.

use crate::secret::ClientSecret;
use crate::session::Session;
use crate::view::{AttributeField, AttributeKind, MfaMethod, PasswordPolicy, UsernameField};

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
    /// What the sign-up form asks for besides username and password, in order. The form shows
    /// `sign_up_form_fields()`: these, with the username attributes added and marked required.
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
    /// The pool's `UsernameAttributes`: `"email"`, `"phone_number"`, or both, when users sign up
    /// and sign in with their email address or phone number (Cognito then generates the
    /// username, a UUID). Empty: users choose a username.
    pub username_attributes: Vec<String>,
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

    /// What users sign in with, from `username_attributes`.
    pub fn username_field(&self) -> UsernameField {
        let email = self.username_attributes.iter().any(|a| a == "email");
        let phone = self.username_attributes.iter().any(|a| a == "phone_number");
        match (email, phone) {
            (true, true) => UsernameField::EmailOrPhone,
            (true, false) => UsernameField::Email,
            (false, true) => UsernameField::PhoneNumber,
            (false, false) => UsernameField::Username,
        }
    }

    /// The attributes that stand in for the username (`email` before `phone_number`); empty in a
    /// pool of usernames.
    pub fn username_attribute_names(&self) -> &'static [&'static str] {
        match self.username_field() {
            UsernameField::Username => &[],
            UsernameField::Email => &["email"],
            UsernameField::PhoneNumber => &["phone_number"],
            UsernameField::EmailOrPhone => &["email", "phone_number"],
        }
    }

    /// The sign-up form's fields: `sign_up_fields`, with the username attributes added in front
    /// when missing. A lone username attribute is required; with both, neither is (the form must
    /// have one of the two, which the sign-up checks).
    pub fn sign_up_form_fields(&self) -> Vec<AttributeField> {
        let names = self.username_attribute_names();
        let mut fields = self.sign_up_fields.clone();
        for (at, name) in names.iter().enumerate() {
            if !fields.iter().any(|f| f.name == *name) {
                fields.insert(at, self.attribute(name).field);
            }
        }
        if let [only] = names {
            for field in fields.iter_mut().filter(|f| f.name == *only) {
                field.required = true;
            }
        }
        fields
    }

    /// What the sign-in form is pre-filled with once `session` is over: in a pool of usernames
    /// the username; otherwise the ID token's email (or phone number) the user signs in with,
    /// never the generated username.
    pub fn sign_in_name(&self, session: &Session) -> Option<String> {
        let names = self.username_attribute_names();
        if names.is_empty() {
            return Some(session.username().to_owned());
        }
        let claims = &session.claims;
        names.iter().find_map(|name| match *name {
            "email" => claims.email.clone(),
            _ => claims.phone_number.clone(),
        })
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
            username_attributes: Vec::new(),
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

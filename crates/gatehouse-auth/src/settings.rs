//! Which user pool and app client the core talks to, and what the shell knows about the pool.
//!
//! In local mode the shell reads the pool's description from the embedded pool; for a real pool
//! it comes from the profile (issue 4). Part of the contract with src-tauri.

use crate::view::{AttributeField, MfaMethod, PasswordPolicy};

/// A user pool app client. `endpoint` overrides the AWS endpoint (the local pool's URL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolSettings {
    /// The profile's name ("local" for the embedded pool). Sessions are kept per profile in the
    /// keyring, so two profiles on one pool (two "devices" in a test) do not share a session.
    pub profile: String,
    pub region: String,
    pub user_pool_id: String,
    pub client_id: String,
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

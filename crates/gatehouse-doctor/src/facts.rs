//! What `read_pool` found, in Cognito's names and already defaulted where Cognito documents a
//! default, so that `diagnose` stays pure and its tests can build any pool by hand. There is no
//! secret here: a client secret is only `has_secret`.

/// The pool and app client as read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub pool: PoolFacts,
    pub client: ClientFacts,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PoolFacts {
    pub id: String,
    pub name: String,
    /// `UsernameAttributes`: what users sign in with instead of a username.
    pub username_attributes: Vec<String>,
    /// `AliasAttributes`: what users may sign in with besides their username.
    pub alias_attributes: Vec<String>,
    /// `LambdaConfig.PreSignUp` is set.
    pub pre_sign_up_trigger: bool,
    /// `SchemaAttributes`, with `custom:` names.
    pub schema: Vec<SchemaAttribute>,
    pub mfa: MfaFacts,
    /// `Policies.PasswordPolicy`; `None` when the answer had none.
    pub password_policy: Option<PasswordPolicyFacts>,
    /// `AdminCreateUserConfig.AllowAdminCreateUserOnly` (false when absent).
    pub admin_create_user_only: bool,
    /// `AutoVerifiedAttributes`.
    pub auto_verified_attributes: Vec<String>,
    /// `DeletionProtection` is `ACTIVE`.
    pub deletion_protection: bool,
    /// `DeviceConfiguration`, when set.
    pub device_configuration: Option<DeviceFacts>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SchemaAttribute {
    pub name: String,
    pub required: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MfaFacts {
    /// `MfaConfiguration`: `OFF` (Cognito's default), `OPTIONAL` or `ON`.
    pub configuration: String,
    /// SMS MFA is enabled (`GetUserPoolMfaConfig`'s `SmsMfaConfiguration` is present); `None`
    /// when that call was refused.
    pub sms_enabled: Option<bool>,
    /// TOTP is enabled (`SoftwareTokenMfaConfiguration.Enabled`); `None` when unknown.
    pub totp_enabled: Option<bool>,
    /// An `SmsConfiguration` (the SNS role Cognito sends text messages with) is set, on the pool
    /// or in the SMS MFA configuration.
    pub sms_configured: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordPolicyFacts {
    pub minimum_length: u32,
    pub require_uppercase: bool,
    pub require_lowercase: bool,
    pub require_numbers: bool,
    pub require_symbols: bool,
}

impl Default for PasswordPolicyFacts {
    /// Cognito's default policy: 8 characters, every class required.
    fn default() -> Self {
        Self {
            minimum_length: 8,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeviceFacts {
    pub challenge_required_on_new_device: bool,
    pub device_only_remembered_on_user_prompt: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientFacts {
    pub id: String,
    pub name: String,
    /// `ExplicitAuthFlows`; `None` when absent (Cognito then allows
    /// `ALLOW_REFRESH_TOKEN_AUTH`, `ALLOW_USER_SRP_AUTH` and `ALLOW_CUSTOM_AUTH`).
    pub explicit_auth_flows: Option<Vec<String>>,
    pub has_secret: bool,
    /// `PreventUserExistenceErrors`: `ENABLED`, `LEGACY`, or `None` when absent.
    pub prevent_user_existence_errors: Option<String>,
    /// `EnableTokenRevocation`; `None` when absent.
    pub enable_token_revocation: Option<bool>,
    /// `WriteAttributes`; `None` when absent (every writable attribute).
    pub write_attributes: Option<Vec<String>>,
    /// Token lifetimes in seconds, Cognito's defaults applied.
    pub access_token_seconds: u64,
    pub id_token_seconds: u64,
    pub refresh_token_seconds: u64,
}

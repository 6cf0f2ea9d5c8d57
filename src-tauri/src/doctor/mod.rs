//! `gatehouse doctor` and the app's "Check pool settings" panel: which pool to read, with which
//! credentials, and what the profile declares, handed to `gatehouse-doctor` (which reads the pool
//! and judges it). The CLI (`cli`) and the command (`commands::pool_check`) share this.

pub mod cli;
mod failure;

pub use failure::PoolCheckError;

use gatehouse_auth::{view::MfaMethod, PoolSettings};
use gatehouse_doctor::{Credentials, Expectations, ExpectedMfa, ExpectedPolicy, Target};

use crate::profiles::Profile;

/// The pool and app client a profile signs in to.
pub fn target(profile: &Profile) -> Target {
    Target {
        region: profile.region.clone(),
        user_pool_id: profile.user_pool_id.clone(),
        client_id: profile.client_id.clone(),
        endpoint: profile.endpoint.clone(),
    }
}

/// What the profile tells the app's forms about the pool, for the doctor to compare with the
/// pool's real settings (a difference makes a form ask for the wrong thing or state wrong rules).
pub fn expectations(profile: &Profile) -> Expectations {
    Expectations {
        // A profile always says how users sign in: no username attributes means usernames.
        username_attributes: Some(profile.username_attributes.clone()),
        required_attributes: profile.required_attributes.clone(),
        optional_attributes: profile.optional_attributes.clone(),
        password_policy: profile
            .password_policy
            .as_ref()
            .map(|policy| ExpectedPolicy {
                minimum_length: policy.minimum_length,
                require_uppercase: policy.require_uppercase,
                require_lowercase: policy.require_lowercase,
                require_numbers: policy.require_numbers,
                require_symbols: policy.require_symbols,
            }),
        mfa: profile.mfa.as_ref().map(|mfa| ExpectedMfa {
            configuration: wire_name(&mfa.configuration),
            methods: mfa.methods.iter().map(wire_name).collect(),
        }),
    }
}

/// What the app's forms use for the embedded pool, read from the pool itself: the check then
/// confirms the forms match and judges the rest.
pub fn expectations_of(settings: &PoolSettings) -> Expectations {
    let (required, optional): (Vec<_>, Vec<_>) = settings
        .sign_up_fields
        .iter()
        .partition(|field| field.required);
    let policy = &settings.password_policy;
    let configuration = if settings.mfa_required {
        "ON"
    } else if settings.mfa_methods.is_empty() {
        "OFF"
    } else {
        "OPTIONAL"
    };
    Expectations {
        username_attributes: Some(settings.username_attributes.clone()),
        required_attributes: required.iter().map(|field| field.name.clone()).collect(),
        optional_attributes: optional.iter().map(|field| field.name.clone()).collect(),
        password_policy: Some(ExpectedPolicy {
            minimum_length: policy.minimum_length,
            require_uppercase: policy.require_uppercase,
            require_lowercase: policy.require_lowercase,
            require_numbers: policy.require_numbers,
            require_symbols: policy.require_symbols,
        }),
        mfa: Some(ExpectedMfa {
            configuration: configuration.to_owned(),
            methods: settings
                .mfa_methods
                .iter()
                .map(|method| match method {
                    MfaMethod::Sms => "SMS".to_owned(),
                    MfaMethod::Totp => "TOTP".to_owned(),
                })
                .collect(),
        }),
    }
}

/// An admin's credentials, from aws-config's chain (environment, shared files, SSO, instance
/// roles); `aws_profile` picks a named profile of `~/.aws/config` like `AWS_PROFILE` does.
pub fn admin_credentials(aws_profile: Option<String>) -> Credentials {
    Credentials::Chain {
        profile: aws_profile,
    }
}

/// The name the profile file spells (`OPTIONAL`, `TOTP`), which is Cognito's.
fn wire_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profiles::parse;

    #[test]
    fn a_profile_declares_its_forms_in_cognitos_words() {
        let source = r#"{"name": "acme", "region": "eu-west-1", "userPoolId": "eu-west-1_AbC",
            "clientId": "abc", "usernameAttributes": ["email"], "requiredAttributes": ["email"],
            "optionalAttributes": ["custom:team"],
            "passwordPolicy": {"minimumLength": 10, "requireUppercase": true,
                "requireLowercase": true, "requireNumbers": false, "requireSymbols": false},
            "mfa": {"configuration": "OPTIONAL", "methods": ["SMS", "TOTP"]}}"#;
        let (_, profile) = parse(source, None).unwrap();
        let expected = expectations(&profile);
        assert_eq!(expected.username_attributes, Some(vec!["email".to_owned()]));
        assert_eq!(expected.optional_attributes, vec!["custom:team".to_owned()]);
        assert_eq!(
            expected.password_policy.as_ref().unwrap().minimum_length,
            10
        );
        let mfa = expected.mfa.unwrap();
        assert_eq!(mfa.configuration, "OPTIONAL");
        assert_eq!(mfa.methods, vec!["SMS".to_owned(), "TOTP".to_owned()]);
        assert_eq!(target(&profile).user_pool_id, "eu-west-1_AbC");
    }

    #[test]
    fn a_profile_without_username_attributes_declares_usernames() {
        let source = r#"{"name": "acme", "region": "eu-west-1", "userPoolId": "eu-west-1_AbC",
            "clientId": "abc"}"#;
        let (_, profile) = parse(source, None).unwrap();
        let expected = expectations(&profile);
        assert_eq!(expected.username_attributes, Some(vec![]));
        assert!(expected.password_policy.is_none() && expected.mfa.is_none());
    }
}

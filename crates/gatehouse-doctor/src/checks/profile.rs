//! The profile's declarations against the pool. The app draws its forms from the profile (a
//! user's desktop has no AWS credentials to describe the pool with), so where they differ the
//! forms say something untrue. Each check appears only when the profile declares the value.

use super::{list, pool::describe_policy};
use crate::{
    expect::Expectations,
    facts::{MfaFacts, PasswordPolicyFacts, PoolFacts},
    report::{Check, Finding, Severity},
};

fn sorted(values: &[String]) -> Vec<String> {
    let mut values = values.to_vec();
    values.sort();
    values
}

/// Error: a form asking for a username where the pool wants an email address (or the reverse)
/// makes sign-in and sign-up fail.
pub(super) fn username_attributes(pool: &PoolFacts, expected: &Expectations) -> Option<Finding> {
    let declared = expected.username_attributes.as_ref()?;
    let found = format!(
        "The profile declares usernameAttributes {}; the pool's UsernameAttributes are {}.",
        list(declared),
        list(&pool.username_attributes)
    );
    Some(if sorted(declared) == sorted(&pool.username_attributes) {
        Finding::ok(
            Check::ProfileUsernameAttributes,
            found,
            "The sign-in form asks for what the pool signs users in with.",
        )
    } else {
        Finding::problem(
            Check::ProfileUsernameAttributes,
            Severity::Error,
            found,
            "The sign-in and sign-up forms ask for the wrong identifier, so Cognito refuses what \
             users type.",
            format!(
                "Set the profile's usernameAttributes to [{}] (a pool's UsernameAttributes cannot \
                 be changed).",
                pool.username_attributes
                    .iter()
                    .map(|name| format!("\"{name}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })
}

/// Warning: the form's password hints and checks disagree with the pool, so it either refuses
/// passwords the pool accepts or lets users submit ones the pool refuses.
pub(super) fn password_policy(pool: &PoolFacts, expected: &Expectations) -> Option<Finding> {
    let declared = expected.password_policy.as_ref()?;
    let actual = pool.password_policy.clone().unwrap_or_default();
    let as_facts = PasswordPolicyFacts {
        minimum_length: declared.minimum_length,
        require_uppercase: declared.require_uppercase,
        require_lowercase: declared.require_lowercase,
        require_numbers: declared.require_numbers,
        require_symbols: declared.require_symbols,
    };
    let found = format!(
        "The profile declares: {}. The pool: {}.",
        describe_policy(&as_facts),
        describe_policy(&actual)
    );
    Some(if as_facts == actual {
        Finding::ok(
            Check::ProfilePasswordPolicy,
            found,
            "The form's password rules are the pool's.",
        )
    } else {
        Finding::problem(
            Check::ProfilePasswordPolicy,
            Severity::Warning,
            found,
            "The sign-up and new-password forms show rules the pool does not apply, so users \
             meet refusals the form did not announce (or rules that are not needed).",
            format!(
                "Set the profile's passwordPolicy to {}.",
                policy_json(&actual)
            ),
        )
    })
}

fn policy_json(policy: &PasswordPolicyFacts) -> String {
    format!(
        "{{\"minimumLength\": {}, \"requireUppercase\": {}, \"requireLowercase\": {}, \
         \"requireNumbers\": {}, \"requireSymbols\": {}}}",
        policy.minimum_length,
        policy.require_uppercase,
        policy.require_lowercase,
        policy.require_numbers,
        policy.require_symbols
    )
}

/// Warning: the app offers MFA set-up (or hides it) by the profile; a mismatch offers methods
/// the pool refuses or hides ones it requires.
pub(super) fn mfa(mfa: &MfaFacts, expected: &Expectations) -> Option<Finding> {
    let declared = expected.mfa.as_ref()?;
    let mut pool_methods = Vec::new();
    if mfa.sms_enabled == Some(true) {
        pool_methods.push("SMS".to_owned());
    }
    if mfa.totp_enabled == Some(true) {
        pool_methods.push("TOTP".to_owned());
    }
    let methods_known = mfa.sms_enabled.is_some() && mfa.totp_enabled.is_some();
    let found = format!(
        "The profile declares MFA {} with {}; the pool: {} with {}.",
        declared.configuration,
        list(&declared.methods),
        mfa.configuration,
        super::pool::methods(mfa)
    );
    let declared_methods: Vec<String> = sorted(&declared.methods)
        .into_iter()
        .map(|method| method.to_uppercase())
        .collect();
    let same_configuration = declared
        .configuration
        .eq_ignore_ascii_case(&mfa.configuration);
    // With MFA off the methods do not matter.
    let same_methods =
        !methods_known || mfa.configuration == "OFF" || declared_methods == pool_methods;
    Some(if same_configuration && same_methods {
        Finding::ok(
            Check::ProfileMfa,
            found,
            "The app offers the second factors the pool uses.",
        )
    } else {
        Finding::problem(
            Check::ProfileMfa,
            Severity::Warning,
            found,
            "The app offers MFA set-up the pool refuses, or hides a second factor the pool \
             requires.",
            format!(
                "Set the profile's mfa to {{\"configuration\": \"{}\", \"methods\": [{}]}}.",
                mfa.configuration,
                pool_methods
                    .iter()
                    .map(|method| format!("\"{method}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })
}

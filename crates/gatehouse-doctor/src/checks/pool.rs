//! Pool-wide settings: MFA, password policy, deletion protection, device tracking.
//! <https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolType.html>

use crate::{
    facts::{MfaFacts, PasswordPolicyFacts, PoolFacts},
    report::{Check, Finding, Severity},
};

/// The MFA methods enabled, for sentences: `SMS and TOTP`, `TOTP`, `none`, `unknown`.
pub(super) fn methods(mfa: &MfaFacts) -> String {
    match (mfa.sms_enabled, mfa.totp_enabled) {
        (Some(sms), Some(totp)) => match (sms, totp) {
            (true, true) => "SMS and TOTP".into(),
            (true, false) => "SMS".into(),
            (false, true) => "TOTP".into(),
            (false, false) => "none".into(),
        },
        _ => "unknown (GetUserPoolMfaConfig was refused)".into(),
    }
}

/// The app supports SMS and TOTP codes. Error when MFA is on or optional but no method can work
/// (none enabled, or SMS the only one without an SmsConfiguration to send with): users with MFA
/// cannot sign in. Error for SMS MFA without SmsConfiguration even beside TOTP: SMS users are
/// stuck. Warning when MFA is required without TOTP: every user needs a phone number. Info when
/// MFA is off: a password alone protects accounts. Info when the methods could not be read.
pub(super) fn mfa(mfa: &MfaFacts) -> Finding {
    let found = format!(
        "MfaConfiguration {}; methods enabled: {}; SmsConfiguration {}.",
        mfa.configuration,
        methods(mfa),
        if mfa.sms_configured { "set" } else { "not set" }
    );
    if mfa.configuration == "OFF" {
        return Finding::problem(
            Check::Mfa,
            Severity::Info,
            found,
            "A stolen password is enough to sign in; the app supports authenticator apps (TOTP) \
             and SMS codes.",
            "SetUserPoolMfaConfig MfaConfiguration: OPTIONAL with SoftwareTokenMfaConfiguration \
             Enabled: true (console: Sign-in > Multi-factor authentication).",
        );
    }
    let (Some(sms), Some(totp)) = (mfa.sms_enabled, mfa.totp_enabled) else {
        return Finding::problem(
            Check::Mfa,
            Severity::Info,
            found,
            "The enabled methods could not be read, so they were not checked.",
            "Allow cognito-idp:GetUserPoolMfaConfig to the credentials used.",
        );
    };
    if sms && !mfa.sms_configured {
        return Finding::problem(
            Check::Mfa,
            Severity::Error,
            found,
            "SMS MFA is enabled but Cognito has no SNS role to send text messages with: users \
             whose second factor is SMS cannot sign in.",
            "SetUserPoolMfaConfig SmsMfaConfiguration.SmsConfiguration (SnsCallerArn, \
             ExternalId) (console: Messaging > SMS), or disable SMS MFA.",
        );
    }
    if !sms && !totp {
        return Finding::problem(
            Check::Mfa,
            Severity::Error,
            found,
            "MFA is on but no method is enabled: users cannot set up or answer a second factor.",
            "SetUserPoolMfaConfig SoftwareTokenMfaConfiguration Enabled: true.",
        );
    }
    if mfa.configuration == "ON" && !totp {
        return Finding::problem(
            Check::Mfa,
            Severity::Warning,
            found,
            "MFA is required and SMS is the only method: users without a phone number cannot \
             complete sign-in, and authenticator apps (which the app supports) are refused.",
            "SetUserPoolMfaConfig SoftwareTokenMfaConfiguration Enabled: true (console: \
             Sign-in > MFA methods, 'Authenticator apps').",
        );
    }
    Finding::ok(
        Check::Mfa,
        found,
        "Every enabled method is one the app supports and can be delivered.",
    )
}

/// Warning under 8 characters (Cognito's own default and floor of common guidance): guessable
/// passwords. Cognito's default applies when the answer has no policy.
pub(super) fn password_policy(pool: &PoolFacts) -> Finding {
    let policy = pool.password_policy.clone().unwrap_or_default();
    let found = format!("{}.", describe_policy(&policy));
    if policy.minimum_length < 8 {
        return Finding::problem(
            Check::PasswordPolicy,
            Severity::Warning,
            found,
            "Passwords under 8 characters are guessed quickly.",
            "UpdateUserPool Policies.PasswordPolicy.MinimumLength: at least 8, better 12 \
             (console: Authentication methods > Password policy).",
        );
    }
    Finding::ok(
        Check::PasswordPolicy,
        found,
        "At least 8 characters; Cognito also limits password attempts.",
    )
}

/// `Minimum length 8, requires uppercase, lowercase, numbers and symbols`.
pub(super) fn describe_policy(policy: &PasswordPolicyFacts) -> String {
    let classes: Vec<&str> = [
        (policy.require_uppercase, "uppercase"),
        (policy.require_lowercase, "lowercase"),
        (policy.require_numbers, "numbers"),
        (policy.require_symbols, "symbols"),
    ]
    .into_iter()
    .filter_map(|(required, name)| required.then_some(name))
    .collect();
    let classes = match classes.as_slice() {
        [] => "no character classes".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    format!(
        "Minimum length {}, requires {classes}",
        policy.minimum_length
    )
}

/// Info: deleting the pool deletes every account irrecoverably, but the app is not affected.
pub(super) fn deletion_protection(pool: &PoolFacts) -> Finding {
    if pool.deletion_protection {
        return Finding::ok(
            Check::DeletionProtection,
            "DeletionProtection is ACTIVE.",
            "The pool, and every account in it, cannot be deleted by mistake.",
        );
    }
    Finding::problem(
        Check::DeletionProtection,
        Severity::Info,
        "DeletionProtection is INACTIVE.",
        "One DeleteUserPool call deletes every user's account, with no way back.",
        "UpdateUserPool DeletionProtection: ACTIVE (console: Settings > 'Deletion protection').",
    )
}

/// Info: without device tracking the app's remembered devices (which can skip MFA on a trusted
/// computer) are unused; nothing fails.
pub(super) fn device_tracking(pool: &PoolFacts) -> Finding {
    match &pool.device_configuration {
        Some(devices) => Finding::ok(
            Check::DeviceTracking,
            format!(
                "Devices are tracked (ChallengeRequiredOnNewDevice: {}, \
                 DeviceOnlyRememberedOnUserPrompt: {}).",
                devices.challenge_required_on_new_device,
                devices.device_only_remembered_on_user_prompt
            ),
            "The app confirms its device after sign-in and can be remembered.",
        ),
        None => Finding::problem(
            Check::DeviceTracking,
            Severity::Info,
            "DeviceConfiguration is not set: devices are not tracked.",
            "The app cannot remember this computer, so users answer MFA at every sign-in and \
             cannot see or forget their devices.",
            "UpdateUserPool DeviceConfiguration: DeviceOnlyRememberedOnUserPrompt true (console: \
             Sign-in > Device tracking, 'User opt-in').",
        ),
    }
}

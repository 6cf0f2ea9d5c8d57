//! Pool-wide settings, and the profile's declarations against them.

use super::*;

#[test]
fn mfa_methods_must_be_deliverable_and_supported() {
    let sms_unconfigured = |f: &mut Facts| f.pool.mfa.sms_configured = false;
    assert_eq!(
        severity_after(sms_unconfigured, Check::Mfa),
        Severity::Error
    );
    let required_sms_only = |f: &mut Facts| {
        f.pool.mfa.configuration = "ON".into();
        f.pool.mfa.totp_enabled = Some(false);
    };
    assert_eq!(
        severity_after(required_sms_only, Check::Mfa),
        Severity::Warning
    );
    let no_method = |f: &mut Facts| {
        f.pool.mfa.sms_enabled = Some(false);
        f.pool.mfa.totp_enabled = Some(false);
    };
    assert_eq!(severity_after(no_method, Check::Mfa), Severity::Error);
    let off = |f: &mut Facts| f.pool.mfa.configuration = "OFF".into();
    assert_eq!(severity_after(off, Check::Mfa), Severity::Info);
    let unknown = |f: &mut Facts| {
        f.pool.mfa.sms_enabled = None;
        f.pool.mfa.totp_enabled = None;
    };
    assert_eq!(severity_after(unknown, Check::Mfa), Severity::Info);
    let totp_only = |f: &mut Facts| {
        f.pool.mfa.configuration = "ON".into();
        f.pool.mfa.sms_enabled = Some(false);
        f.pool.mfa.sms_configured = false;
    };
    assert_eq!(
        severity_with(totp_only, Expectations::default(), Check::Mfa),
        Severity::Ok
    );
}

#[test]
fn pool_settings_password_self_sign_up_deletion_devices() {
    let short = |f: &mut Facts| {
        f.pool.password_policy = Some(PasswordPolicyFacts {
            minimum_length: 6,
            ..Default::default()
        })
    };
    assert_eq!(
        severity_with(short, Expectations::default(), Check::PasswordPolicy),
        Severity::Warning
    );
    // Absent: Cognito's default (8, every class).
    let absent = |f: &mut Facts| f.pool.password_policy = None;
    assert_eq!(severity_after(absent, Check::PasswordPolicy), Severity::Ok);

    let unverifiable = |f: &mut Facts| f.pool.auto_verified_attributes.clear();
    assert_eq!(
        severity_after(unverifiable, Check::SelfSignUpVerification),
        Severity::Error
    );
    let admin_only = |f: &mut Facts| {
        f.pool.admin_create_user_only = true;
        f.pool.auto_verified_attributes.clear();
    };
    assert_eq!(
        severity_after(admin_only, Check::SelfSignUpVerification),
        Severity::Info
    );

    assert_eq!(
        severity_after(
            |f| f.pool.deletion_protection = false,
            Check::DeletionProtection
        ),
        Severity::Info
    );
    assert_eq!(
        severity_after(
            |f| f.pool.device_configuration = None,
            Check::DeviceTracking
        ),
        Severity::Info
    );
}

#[test]
fn profile_declarations_that_differ_from_the_pool_are_reported() {
    let username = Expectations {
        username_attributes: Some(vec![]),
        ..profile()
    };
    assert_eq!(
        severity_with(|_| {}, username, Check::ProfileUsernameAttributes),
        Severity::Error
    );

    let weaker = Expectations {
        password_policy: Some(ExpectedPolicy {
            minimum_length: 12,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: false,
        }),
        ..profile()
    };
    let mut facts = good();
    let report = diagnose(&facts, &weaker);
    let found = finding(&report, Check::ProfilePasswordPolicy);
    assert_eq!(found.severity, Severity::Warning);
    assert!(
        found
            .fix
            .as_deref()
            .unwrap()
            .contains("\"minimumLength\": 8"),
        "{found:?}"
    );

    let totp_only = Expectations {
        mfa: Some(ExpectedMfa {
            configuration: "OPTIONAL".into(),
            methods: strings(&["TOTP"]),
        }),
        ..profile()
    };
    assert_eq!(
        severity_with(|_| {}, totp_only, Check::ProfileMfa),
        Severity::Warning
    );
    facts.pool.mfa.configuration = "ON".into();
    let report = diagnose(&facts, &profile());
    assert_eq!(
        finding(&report, Check::ProfileMfa).severity,
        Severity::Warning
    );
}

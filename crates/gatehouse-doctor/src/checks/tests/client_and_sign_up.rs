//! The client's sign-in settings and who can sign up with what.

use super::*;

#[test]
fn a_good_pool_passes_every_check_and_each_is_reported() {
    let report = diagnose(&good(), &profile());
    assert_eq!(
        report.findings.len(),
        15,
        "every check, profile ones included"
    );
    for finding in &report.findings {
        assert_eq!(finding.severity, Severity::Ok, "{finding:?}");
        assert!(finding.fix.is_none());
        assert!(!finding.found.is_empty() && !finding.why.is_empty());
    }
    assert_eq!(report.exit_code(), 0);
    assert_eq!(
        (report.user_pool_id.as_str(), report.pool_name.as_str()),
        ("eu-west-1_Good", "acme")
    );
    assert_eq!(
        (report.client_id.as_str(), report.client_name.as_str()),
        ("client1", "desktop")
    );
}

#[test]
fn without_a_profile_the_profile_checks_are_left_out() {
    let report = diagnose(&good(), &Expectations::default());
    assert!(report
        .findings
        .iter()
        .all(|f| !f.check.name().starts_with("profile-")));
    // The form is unknown: the pool's required email is named, not judged.
    assert_eq!(
        finding(&report, Check::SchemaAttributes).severity,
        Severity::Info
    );
    assert_eq!(report.exit_code(), 0);
}

#[test]
fn email_as_a_sign_in_alias_lets_sign_up_duplicate_an_email() {
    let alias = |facts: &mut Facts| {
        facts.pool.username_attributes.clear();
        facts.pool.alias_attributes = strings(&["email", "preferred_username"]);
    };
    let with_username = Expectations {
        username_attributes: Some(vec![]),
        ..profile()
    };
    assert_eq!(
        severity_with(alias, with_username.clone(), Check::EmailUniqueness),
        Severity::Warning
    );
    let with_trigger = |facts: &mut Facts| {
        alias(facts);
        facts.pool.pre_sign_up_trigger = true;
    };
    assert_eq!(
        severity_with(with_trigger, with_username.clone(), Check::EmailUniqueness),
        Severity::Info
    );
    let username_only = |facts: &mut Facts| facts.pool.username_attributes.clear();
    assert_eq!(
        severity_with(username_only, with_username, Check::EmailUniqueness),
        Severity::Ok
    );

    let mut facts = good();
    with_trigger(&mut facts);
    let report = diagnose(&facts, &Expectations::default());
    let fix = finding(&report, Check::EmailUniqueness)
        .fix
        .clone()
        .unwrap();
    assert!(
        fix.contains("PreSignUp"),
        "says what the trigger must do: {fix}"
    );
}

#[test]
fn sign_in_needs_srp_and_refresh_and_flags_the_password_flow() {
    let flows = |flows: &[&str]| {
        let flows = strings(flows);
        move |facts: &mut Facts| facts.client.explicit_auth_flows = Some(flows)
    };
    assert_eq!(
        severity_after(flows(&["ALLOW_REFRESH_TOKEN_AUTH"]), Check::AuthFlows),
        Severity::Error
    );
    assert_eq!(
        severity_after(flows(&["ALLOW_USER_SRP_AUTH"]), Check::AuthFlows),
        Severity::Error
    );
    assert_eq!(
        severity_after(
            flows(&[
                "ALLOW_USER_SRP_AUTH",
                "ALLOW_REFRESH_TOKEN_AUTH",
                "ALLOW_USER_PASSWORD_AUTH"
            ]),
            Check::AuthFlows
        ),
        Severity::Warning
    );
    // Legacy names only: SRP and refresh stay on; the legacy password flow is still flagged.
    assert_eq!(
        severity_after(flows(&["USER_PASSWORD_AUTH"]), Check::AuthFlows),
        Severity::Warning
    );
    assert_eq!(
        severity_after(flows(&["ADMIN_NO_SRP_AUTH"]), Check::AuthFlows),
        Severity::Ok
    );
    // Absent: Cognito's default includes SRP and refresh.
    assert_eq!(
        severity_after(
            |facts| facts.client.explicit_auth_flows = None,
            Check::AuthFlows
        ),
        Severity::Ok
    );

    let mut facts = good();
    facts.client.explicit_auth_flows = Some(strings(&["ALLOW_USER_PASSWORD_AUTH"]));
    let report = diagnose(&facts, &profile());
    let fix = finding(&report, Check::AuthFlows).fix.clone().unwrap();
    assert!(
        fix.starts_with("UpdateUserPoolClient ExplicitAuthFlows: add ALLOW_USER_SRP_AUTH"),
        "{fix}"
    );
    assert!(fix.contains("remove ALLOW_USER_PASSWORD_AUTH"), "{fix}");
}

#[test]
fn client_settings_that_expose_users_are_warnings() {
    assert_eq!(
        severity_after(|f| f.client.has_secret = true, Check::ClientSecret),
        Severity::Warning
    );
    for value in [Some("LEGACY".to_owned()), None] {
        assert_eq!(
            severity_after(
                |f| f.client.prevent_user_existence_errors = value,
                Check::UserExistenceErrors
            ),
            Severity::Warning
        );
    }
    assert_eq!(
        severity_after(
            |f| f.client.enable_token_revocation = Some(false),
            Check::TokenRevocation
        ),
        Severity::Warning
    );
    // Absent: Cognito's default for new clients is on.
    assert_eq!(
        severity_after(
            |f| f.client.enable_token_revocation = None,
            Check::TokenRevocation
        ),
        Severity::Ok
    );
}

#[test]
fn token_lifetimes_short_refresh_is_a_warning_long_access_an_info() {
    assert_eq!(
        severity_after(
            |f| f.client.refresh_token_seconds = 12 * HOUR,
            Check::TokenValidity
        ),
        Severity::Warning
    );
    assert_eq!(
        severity_after(
            |f| f.client.access_token_seconds = DAY,
            Check::TokenValidity
        ),
        Severity::Info
    );
    let report = diagnose(&good(), &profile());
    let found = &finding(&report, Check::TokenValidity).found;
    assert!(
        found.contains("1 hour") && found.contains("30 days"),
        "{found}"
    );
}

#[test]
fn the_sign_up_form_must_match_the_schema() {
    let missing_custom = Expectations {
        optional_attributes: strings(&["custom:team", "custom:role"]),
        ..profile()
    };
    let mut facts = good();
    let report = diagnose(&facts, &missing_custom);
    let found = finding(&report, Check::SchemaAttributes);
    assert_eq!(found.severity, Severity::Error);
    assert!(
        found.found.contains("custom:role") && !found.found.contains("lacks: custom:team"),
        "{}",
        found.found
    );
    assert!(found
        .fix
        .as_deref()
        .unwrap()
        .contains("AddCustomAttributes"));

    facts.pool.schema.push(SchemaAttribute {
        name: "given_name".into(),
        required: true,
    });
    let report = diagnose(&facts, &profile());
    let found = finding(&report, Check::SchemaAttributes);
    assert_eq!(found.severity, Severity::Error);
    assert!(
        found.found.contains("required attributes: given_name"),
        "{}",
        found.found
    );

    let read_only = |f: &mut Facts| f.client.write_attributes = Some(strings(&["email"]));
    assert_eq!(
        severity_after(read_only, Check::SchemaAttributes),
        Severity::Error
    );
    // The email a user signs in with is collected even when the profile does not list it.
    let email_as_username = Expectations {
        required_attributes: vec![],
        ..profile()
    };
    assert_eq!(
        severity_with(|_| {}, email_as_username, Check::SchemaAttributes),
        Severity::Ok
    );
}

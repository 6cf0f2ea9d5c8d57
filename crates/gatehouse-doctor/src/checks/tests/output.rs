//! What the report gives its readers: the exit code, the table and the JSON.

use super::*;
use crate::table::WIDTH;

#[test]
fn the_exit_code_follows_the_worst_severity() {
    let code = |change: fn(&mut Facts)| {
        let mut facts = good();
        change(&mut facts);
        let report = diagnose(&facts, &profile());
        (report.worst(), report.exit_code())
    };
    assert_eq!(code(|_| {}), (Severity::Ok, 0));
    assert_eq!(
        code(|f| f.pool.deletion_protection = false),
        (Severity::Info, 0)
    );
    assert_eq!(code(|f| f.client.has_secret = true), (Severity::Warning, 1));
    assert_eq!(
        code(|f| {
            f.client.has_secret = true;
            f.client.explicit_auth_flows = Some(vec![]);
        }),
        (Severity::Error, 2)
    );
}

/// Everything wrong at once, with long values to wrap.
fn bad() -> Facts {
    let mut facts = good();
    facts.pool.name = "a-pool-name-that-goes-on-and-on-".repeat(5);
    facts.pool.username_attributes.clear();
    facts.pool.alias_attributes = strings(&["email"]);
    facts.pool.auto_verified_attributes.clear();
    facts.pool.mfa.sms_configured = false;
    facts.client.has_secret = true;
    facts.client.explicit_auth_flows =
        Some(strings(&["ALLOW_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH"]));
    facts
}

#[test]
fn the_table_fits_100_columns_and_shows_every_finding() {
    let report = diagnose(&bad(), &profile());
    let table = report.to_table();
    for line in table.lines() {
        assert!(
            line.chars().count() <= WIDTH,
            "{} columns: {line}",
            line.chars().count()
        );
    }
    for finding in &report.findings {
        assert!(
            table.contains(finding.check.name()),
            "{}",
            finding.check.name()
        );
    }
    assert!(
        table.contains("Fix: UpdateUserPoolClient ExplicitAuthFlows"),
        "{table}"
    );
    // Wrapped: the long pool name (a word longer than a line) continues on the next line.
    let first = table.lines().next().unwrap();
    assert!(first.starts_with("User pool eu-west-1_Good"), "{first}");
    let second = table.lines().nth(1).unwrap();
    assert!(second.starts_with("(a-pool-name-that-goes-on"), "{second}");
    assert!(table.contains("Worst: error"));
}

#[test]
fn the_json_is_camel_case_with_kebab_check_names() {
    let report = diagnose(&bad(), &profile());
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["userPoolId"], "eu-west-1_Good");
    assert_eq!(json["clientName"], "desktop");
    let auth = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "auth-flows")
        .unwrap();
    assert_eq!(auth["severity"], "error");
    assert!(auth["fix"]
        .as_str()
        .unwrap()
        .contains("ALLOW_USER_SRP_AUTH"));
    let ok = diagnose(&good(), &profile());
    let json: serde_json::Value = serde_json::from_str(&ok.to_json()).unwrap();
    assert_eq!(json["findings"][0]["severity"], "ok");
    assert_eq!(json["findings"][0]["fix"], serde_json::Value::Null);
}

#[test]
fn check_names_are_the_serialised_names() {
    for finding in diagnose(&good(), &profile()).findings {
        assert_eq!(
            serde_json::to_value(finding.check).unwrap(),
            finding.check.name()
        );
        assert_eq!(
            serde_json::to_value(finding.severity).unwrap(),
            finding.severity.name()
        );
    }
}

//! `gatehouse doctor`'s reading (`gatehouse_doctor::read_pool`) against moto's Cognito server, a
//! peer nobody here wrote: the SDK calls and the reading of their answers have Cognito's shape.
//! `cargo xtask test rust` starts `moto_server` and sets `GATEHOUSE_MOTO_ENDPOINT`; without it
//! every test returns at once and says so on stderr.
//!
//! moto checks no signature, so any static key does. Where moto's `DescribeUserPool(Client)`
//! departs from Cognito (moto 5.0.28), the tests assert what moto does:
//! - `DeletionProtection` is in the answer only when it was given (Cognito always says `ACTIVE`
//!   or `INACTIVE`): the doctor reads absent as inactive.
//! - A client created without `ExplicitAuthFlows` or `PreventUserExistenceErrors` is described
//!   without them (Cognito, unconfirmed, may fill its defaults in); `EnableTokenRevocation` is
//!   `true` and `RefreshTokenValidity` 30 with no `TokenValidityUnits`, as Cognito's defaults.
//! - `GetUserPoolMfaConfig` of a pool never configured answers `null` for both methods.
//! - Like Cognito, `SchemaAttributes` lists every standard attribute with `sub` required, and a
//!   new pool has the default password policy and `AllowAdminCreateUserOnly: false`.
//!
//! See <https://docs.getmoto.org/en/latest/docs/services/cognito-idp.html>.

use gatehouse_doctor::{
    diagnose, read_pool, Check, Credentials, DoctorError, Expectations, ExpectedMfa,
    ExpectedPolicy, Report, Secret, Severity, Target,
};
use gatehouse_tests::pool_admin::PoolAdmin;
use serde_json::{json, Value};

/// Any key: moto does not check signatures.
fn credentials() -> Credentials {
    Credentials::Static {
        access_key_id: "AKIDMOTO".into(),
        secret_access_key: Secret::new("moto-accepts-any-secret"),
    }
}

fn target(endpoint: &str, pool_id: &str, client_id: &str) -> Target {
    Target {
        region: "us-east-1".into(),
        user_pool_id: pool_id.into(),
        client_id: client_id.into(),
        endpoint: Some(endpoint.trim_end_matches('/').to_owned()),
    }
}

fn text(value: &Value) -> String {
    value.as_str().expect("a string").to_owned()
}

/// A pool with `pool_settings`, MFA set by `mfa` when given, and a client with
/// `client_settings`; returns `(pool_id, client_id)`.
async fn create(
    admin: &PoolAdmin,
    pool_settings: Value,
    mfa: Option<Value>,
    client_settings: Value,
) -> (String, String) {
    let mut request = json!({"PoolName": "gatehouse-doctor"});
    merge(&mut request, pool_settings);
    let pool_id = text(&admin.expect("CreateUserPool", request).await["UserPool"]["Id"]);
    if let Some(mut mfa) = mfa {
        mfa["UserPoolId"] = json!(pool_id);
        admin.expect("SetUserPoolMfaConfig", mfa).await;
    }
    let mut request = json!({"UserPoolId": pool_id, "ClientName": "gatehouse-desktop"});
    merge(&mut request, client_settings);
    let client = admin.expect("CreateUserPoolClient", request).await;
    (pool_id, text(&client["UserPoolClient"]["ClientId"]))
}

fn merge(request: &mut Value, settings: Value) {
    for (key, value) in settings.as_object().expect("settings are an object") {
        request[key] = value.clone();
    }
}

fn severity(report: &Report, check: Check) -> Severity {
    report
        .findings
        .iter()
        .find(|finding| finding.check == check)
        .unwrap_or_else(|| panic!("no {check:?} finding in {report:#?}"))
        .severity
}

#[tokio::test]
async fn a_pool_set_up_as_the_app_wants_passes_every_check() {
    let Some(endpoint) = gatehouse_tests::moto::endpoint() else {
        return;
    };
    let admin = PoolAdmin::new(endpoint.clone());
    let ids = create(
        &admin,
        json!({
            "UsernameAttributes": ["email"],
            "AutoVerifiedAttributes": ["email"],
            "Schema": [{"Name": "team", "AttributeDataType": "String", "Mutable": true}],
            "DeletionProtection": "ACTIVE",
            "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": true,
                "DeviceOnlyRememberedOnUserPrompt": true},
        }),
        Some(json!({"MfaConfiguration": "OPTIONAL",
            "SoftwareTokenMfaConfiguration": {"Enabled": true}})),
        json!({
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "PreventUserExistenceErrors": "ENABLED",
            "EnableTokenRevocation": true,
        }),
    )
    .await;
    let facts = read_pool(&target(&endpoint, &ids.0, &ids.1), &credentials())
        .await
        .expect("the doctor reads moto's pool");
    assert_eq!(facts.pool.mfa.configuration, "OPTIONAL");
    assert_eq!(facts.pool.mfa.totp_enabled, Some(true));
    assert!(facts.pool.schema.iter().any(|a| a.name == "custom:team"));
    let expected = Expectations {
        username_attributes: Some(vec!["email".into()]),
        required_attributes: vec!["email".into()],
        optional_attributes: vec!["custom:team".into()],
        // moto's default policy, as Cognito's.
        password_policy: Some(ExpectedPolicy {
            minimum_length: 8,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
        }),
        mfa: Some(ExpectedMfa {
            configuration: "OPTIONAL".into(),
            methods: vec!["TOTP".into()],
        }),
    };
    let report = diagnose(&facts, &expected);
    for finding in &report.findings {
        assert_eq!(finding.severity, Severity::Ok, "{finding:#?}");
    }
    assert_eq!(report.findings.len(), 15);
    assert_eq!(report.exit_code(), 0);
}

#[tokio::test]
async fn a_bare_pool_and_client_are_read_with_motos_defaults() {
    let Some(endpoint) = gatehouse_tests::moto::endpoint() else {
        return;
    };
    let admin = PoolAdmin::new(endpoint.clone());
    let ids = create(&admin, json!({}), None, json!({})).await;
    let facts = read_pool(&target(&endpoint, &ids.0, &ids.1), &credentials())
        .await
        .expect("the doctor reads moto's pool");
    assert_eq!(facts.client.explicit_auth_flows, None);
    assert_eq!(facts.client.prevent_user_existence_errors, None);
    assert_eq!(facts.client.enable_token_revocation, Some(true));
    assert_eq!(facts.client.refresh_token_seconds, 30 * 24 * 3600);
    assert_eq!(
        (facts.pool.mfa.sms_enabled, facts.pool.mfa.totp_enabled),
        (Some(false), Some(false))
    );
    assert!(facts
        .pool
        .schema
        .iter()
        .any(|a| a.name == "sub" && a.required));
    let report = diagnose(&facts, &Expectations::default());
    let cases = [
        (Check::EmailUniqueness, Severity::Ok),
        (Check::AuthFlows, Severity::Ok),
        (Check::ClientSecret, Severity::Ok),
        (Check::UserExistenceErrors, Severity::Warning),
        (Check::TokenRevocation, Severity::Ok),
        (Check::SchemaAttributes, Severity::Ok),
        (Check::Mfa, Severity::Info),
        (Check::PasswordPolicy, Severity::Ok),
        (Check::SelfSignUpVerification, Severity::Error),
        (Check::TokenValidity, Severity::Ok),
        (Check::DeletionProtection, Severity::Info),
        (Check::DeviceTracking, Severity::Info),
    ];
    for (check, wanted) in cases {
        assert_eq!(severity(&report, check), wanted, "{check:?}");
    }
    assert_eq!(
        report.findings.len(),
        cases.len(),
        "no profile, no profile checks"
    );
    assert_eq!(report.exit_code(), 2);
}

#[tokio::test]
async fn a_confidential_client_is_flagged_and_its_secret_appears_nowhere() {
    let Some(endpoint) = gatehouse_tests::moto::endpoint() else {
        return;
    };
    let admin = PoolAdmin::new(endpoint.clone());
    let ids = create(
        &admin,
        json!({"AutoVerifiedAttributes": ["email"]}),
        None,
        json!({"GenerateSecret": true,
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH",
                "ALLOW_USER_PASSWORD_AUTH"]}),
    )
    .await;
    let described = admin
        .expect(
            "DescribeUserPoolClient",
            json!({"UserPoolId": ids.0, "ClientId": ids.1}),
        )
        .await;
    let secret = text(&described["UserPoolClient"]["ClientSecret"]);
    let facts = read_pool(&target(&endpoint, &ids.0, &ids.1), &credentials())
        .await
        .unwrap();
    let report = diagnose(&facts, &Expectations::default());
    assert_eq!(severity(&report, Check::ClientSecret), Severity::Warning);
    assert_eq!(severity(&report, Check::AuthFlows), Severity::Warning);
    assert!(!format!("{facts:?}").contains(&secret));
    assert!(!report.to_json().contains(&secret));
    assert!(!report.to_table().contains(&secret));
}

#[tokio::test]
async fn an_unknown_pool_or_client_is_named() {
    let Some(endpoint) = gatehouse_tests::moto::endpoint() else {
        return;
    };
    let admin = PoolAdmin::new(endpoint.clone());
    let (pool_id, client_id) = create(&admin, json!({}), None, json!({})).await;
    let missing_pool = read_pool(
        &target(&endpoint, "us-east-1_nope", &client_id),
        &credentials(),
    )
    .await;
    assert!(
        matches!(&missing_pool, Err(DoctorError::PoolNotFound(id)) if id == "us-east-1_nope"),
        "{missing_pool:?}"
    );
    let missing_client = read_pool(&target(&endpoint, &pool_id, "nope"), &credentials()).await;
    assert!(
        matches!(&missing_client, Err(DoctorError::ClientNotFound(id)) if id == "nope"),
        "{missing_client:?}"
    );
}

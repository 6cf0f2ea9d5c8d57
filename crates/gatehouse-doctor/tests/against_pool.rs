//! `read_pool` + `diagnose` against the local pool, started in-process with an administrator's
//! key so that the doctor's calls are SigV4-signed and checked as at AWS. Pools and clients are
//! set up in-process (`RunningPool::call`), each configured well or in one bad way; the doctor
//! reads them over HTTP like any Cognito endpoint.

use gatehouse_doctor::{
    diagnose, read_pool, Check, Credentials, DoctorError, Expectations, ExpectedMfa,
    ExpectedPolicy, Report, Secret, Severity, Target,
};
use gatehouse_pool::{start, AdminCredentials, PoolServerConfig, RunningPool};
use serde_json::{json, Value};

const KEY_ID: &str = "AKIDDOCTOREXAMPLE";
const SECRET_KEY: &str = "doctor/secret+access/key";

struct Local {
    pool: RunningPool,
    _dir: tempfile::TempDir,
}

impl Local {
    async fn start() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let mut config = PoolServerConfig::new(dir.path());
        config.admin_credentials = Some(AdminCredentials::new(KEY_ID, SECRET_KEY));
        let pool = start(config).await.expect("the pool starts");
        Self { pool, _dir: dir }
    }

    fn call(&self, operation: &str, request: Value) -> Value {
        self.pool
            .call(operation, &request)
            .unwrap_or_else(|err| panic!("{operation} refused: {err:?}"))
    }

    /// A pool with `pool_settings`, MFA set by `mfa` when given, and a client with
    /// `client_settings`; returns `(pool_id, client_id)`.
    fn create(
        &self,
        pool_settings: Value,
        mfa: Option<Value>,
        client_settings: Value,
    ) -> (String, String) {
        let mut request = json!({"PoolName": "doctor"});
        merge(&mut request, pool_settings);
        let pool_id = self.call("CreateUserPool", request)["UserPool"]["Id"]
            .as_str()
            .unwrap()
            .to_owned();
        if let Some(mut mfa) = mfa {
            mfa["UserPoolId"] = json!(pool_id);
            self.call("SetUserPoolMfaConfig", mfa);
        }
        let mut request = json!({"UserPoolId": pool_id, "ClientName": "desktop"});
        merge(&mut request, client_settings);
        let client_id = self.call("CreateUserPoolClient", request)["UserPoolClient"]["ClientId"]
            .as_str()
            .unwrap()
            .to_owned();
        (pool_id, client_id)
    }

    fn target(&self, pool_id: &str, client_id: &str) -> Target {
        Target {
            region: "us-east-1".into(),
            user_pool_id: pool_id.into(),
            client_id: client_id.into(),
            endpoint: Some(self.pool.endpoint()),
        }
    }

    async fn diagnose(&self, ids: &(String, String), expected: &Expectations) -> Report {
        let facts = read_pool(&self.target(&ids.0, &ids.1), &admin())
            .await
            .expect("the doctor reads the pool");
        diagnose(&facts, expected)
    }
}

fn merge(request: &mut Value, settings: Value) {
    for (key, value) in settings.as_object().expect("settings are an object") {
        request[key] = value.clone();
    }
}

fn admin() -> Credentials {
    Credentials::Static {
        access_key_id: KEY_ID.into(),
        secret_access_key: Secret::new(SECRET_KEY),
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

/// The settings the app wants.
fn good_pool() -> Value {
    json!({
        "UsernameAttributes": ["email"],
        "AutoVerifiedAttributes": ["email"],
        "Schema": [
            {"Name": "email", "AttributeDataType": "String", "Required": true, "Mutable": true},
            {"Name": "team", "AttributeDataType": "String", "Mutable": true},
        ],
        "Policies": {"PasswordPolicy": {"MinimumLength": 10, "RequireUppercase": true,
            "RequireLowercase": true, "RequireNumbers": true, "RequireSymbols": false}},
        "DeletionProtection": "ACTIVE",
        "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": true,
            "DeviceOnlyRememberedOnUserPrompt": true},
    })
}

fn totp_optional() -> Option<Value> {
    Some(
        json!({"MfaConfiguration": "OPTIONAL", "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
    )
}

fn good_client() -> Value {
    json!({
        "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        "PreventUserExistenceErrors": "ENABLED",
        "EnableTokenRevocation": true,
    })
}

fn profile() -> Expectations {
    Expectations {
        username_attributes: Some(vec!["email".into()]),
        required_attributes: vec!["email".into()],
        optional_attributes: vec!["custom:team".into()],
        password_policy: Some(ExpectedPolicy {
            minimum_length: 10,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: false,
        }),
        mfa: Some(ExpectedMfa {
            configuration: "OPTIONAL".into(),
            methods: vec!["TOTP".into()],
        }),
    }
}

#[tokio::test]
async fn a_pool_set_up_as_the_app_wants_passes_every_check() {
    let local = Local::start().await;
    let ids = local.create(good_pool(), totp_optional(), good_client());
    let report = local.diagnose(&ids, &profile()).await;
    for finding in &report.findings {
        assert_eq!(finding.severity, Severity::Ok, "{finding:#?}");
    }
    assert_eq!(report.findings.len(), 15);
    assert_eq!(
        (report.user_pool_id.as_str(), report.pool_name.as_str()),
        (ids.0.as_str(), "doctor")
    );
    assert_eq!(
        (report.client_id.as_str(), report.client_name.as_str()),
        (ids.1.as_str(), "desktop")
    );
    assert_eq!(report.exit_code(), 0);
}

#[tokio::test]
async fn a_confidential_client_with_legacy_errors_warns_and_its_secret_appears_nowhere() {
    let local = Local::start().await;
    let mut client = good_client();
    merge(
        &mut client,
        json!({"GenerateSecret": true, "PreventUserExistenceErrors": "LEGACY"}),
    );
    let ids = local.create(good_pool(), totp_optional(), client);
    let described = local.call(
        "DescribeUserPoolClient",
        json!({"UserPoolId": ids.0, "ClientId": ids.1}),
    );
    let secret = described["UserPoolClient"]["ClientSecret"]
        .as_str()
        .expect("a client secret")
        .to_owned();

    let facts = read_pool(&local.target(&ids.0, &ids.1), &admin())
        .await
        .unwrap();
    assert!(facts.client.has_secret);
    assert!(
        !format!("{facts:?}").contains(&secret),
        "the facts keep no secret"
    );
    let report = diagnose(&facts, &profile());
    assert_eq!(severity(&report, Check::ClientSecret), Severity::Warning);
    assert_eq!(
        severity(&report, Check::UserExistenceErrors),
        Severity::Warning
    );
    assert_eq!(report.worst(), Severity::Warning);
    assert_eq!(report.exit_code(), 1);
    assert!(!report.to_json().contains(&secret));
    assert!(!report.to_table().contains(&secret));
}

#[tokio::test]
async fn a_pool_users_cannot_sign_up_to_or_sign_in_is_an_error() {
    let local = Local::start().await;
    let mut pool = good_pool();
    // Username sign-in with email as an alias; nothing auto-verified.
    pool["UsernameAttributes"] = json!([]);
    pool["AliasAttributes"] = json!(["email"]);
    pool["AutoVerifiedAttributes"] = json!([]);
    pool["Policies"]["PasswordPolicy"]["MinimumLength"] = json!(6);
    let mut client = good_client();
    client["ExplicitAuthFlows"] = json!(["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
    client["EnableTokenRevocation"] = json!(false);
    let ids = local.create(pool, None, client);
    let mut expected = profile();
    expected
        .optional_attributes
        .push("custom:department".into());
    let report = local.diagnose(&ids, &expected).await;

    let cases = [
        (Check::EmailUniqueness, Severity::Warning),
        (Check::AuthFlows, Severity::Error),
        (Check::TokenRevocation, Severity::Warning),
        (Check::SchemaAttributes, Severity::Error),
        (Check::Mfa, Severity::Info),
        (Check::PasswordPolicy, Severity::Warning),
        (Check::SelfSignUpVerification, Severity::Error),
        (Check::ProfileUsernameAttributes, Severity::Error),
        (Check::ProfilePasswordPolicy, Severity::Warning),
        (Check::ProfileMfa, Severity::Warning),
    ];
    for (check, expected) in cases {
        assert_eq!(severity(&report, check), expected, "{check:?}");
    }
    assert_eq!(report.exit_code(), 2);
}

#[tokio::test]
async fn sms_mfa_without_an_sms_configuration_and_defaults_are_read_as_cognito_documents_them() {
    let local = Local::start().await;
    let sms_only = json!({"MfaConfiguration": "ON",
        "SmsMfaConfiguration": {"SmsAuthenticationMessage": "Your code is {####}"}});
    // A bare client: no flows, revocation or existence-error setting, no token validities.
    let ids = local.create(good_pool(), Some(sms_only), json!({}));
    let facts = read_pool(&local.target(&ids.0, &ids.1), &admin())
        .await
        .unwrap();
    assert_eq!(facts.pool.mfa.configuration, "ON");
    assert_eq!(
        (facts.pool.mfa.sms_enabled, facts.pool.mfa.totp_enabled),
        (Some(true), Some(false))
    );
    assert!(!facts.pool.mfa.sms_configured);
    assert_eq!(facts.client.explicit_auth_flows, None);
    assert_eq!(facts.client.refresh_token_seconds, 30 * 24 * 3600);
    let report = diagnose(&facts, &Expectations::default());
    assert_eq!(severity(&report, Check::Mfa), Severity::Error);
    assert_eq!(
        severity(&report, Check::AuthFlows),
        Severity::Ok,
        "Cognito's default flows"
    );
    assert_eq!(
        severity(&report, Check::UserExistenceErrors),
        Severity::Warning
    );
    assert_eq!(severity(&report, Check::TokenRevocation), Severity::Ok);
    assert_eq!(report.exit_code(), 2);
}

#[tokio::test]
async fn an_unknown_pool_or_client_is_named() {
    let local = Local::start().await;
    let (pool_id, client_id) = local.create(good_pool(), None, good_client());
    let missing_pool = read_pool(&local.target("us-east-1_Nope", &client_id), &admin()).await;
    assert!(
        matches!(&missing_pool, Err(DoctorError::PoolNotFound(id)) if id == "us-east-1_Nope"),
        "{missing_pool:?}"
    );
    let missing_client = read_pool(&local.target(&pool_id, "nope"), &admin()).await;
    assert!(
        matches!(&missing_client, Err(DoctorError::ClientNotFound(id)) if id == "nope"),
        "{missing_client:?}"
    );
}

#[tokio::test]
async fn wrong_credentials_are_told_apart_from_a_missing_pool() {
    let local = Local::start().await;
    let (pool_id, client_id) = local.create(good_pool(), None, good_client());
    let target = local.target(&pool_id, &client_id);
    let wrong_secret = Credentials::Static {
        access_key_id: KEY_ID.into(),
        secret_access_key: Secret::new("not-the-secret"),
    };
    let unknown_key = Credentials::Static {
        access_key_id: "AKIDUNKNOWN".into(),
        secret_access_key: Secret::new(SECRET_KEY),
    };
    for credentials in [wrong_secret, unknown_key] {
        let answer = read_pool(&target, &credentials).await;
        assert!(
            matches!(answer, Err(DoctorError::InvalidCredentials)),
            "{answer:?}"
        );
    }
}

#[tokio::test]
async fn an_endpoint_nobody_listens_on_is_a_network_error() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let target = Target {
        region: "us-east-1".into(),
        user_pool_id: "us-east-1_Nope".into(),
        client_id: "nope".into(),
        endpoint: Some(format!("http://{closed}")),
    };
    let answer = read_pool(&target, &admin()).await;
    assert!(matches!(answer, Err(DoctorError::Network(_))), "{answer:?}");
}

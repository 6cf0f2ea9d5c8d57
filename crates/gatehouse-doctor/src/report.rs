//! The report: one finding per check, each with a severity, what was found, why it matters for a
//! desktop client and the setting to change. Serialised in camelCase for `--json` and the app.

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Report {
    pub user_pool_id: String,
    pub pool_name: String,
    pub client_id: String,
    pub client_name: String,
    pub findings: Vec<Finding>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Finding {
    pub check: Check,
    pub severity: Severity,
    pub found: String,
    pub why: String,
    /// The exact setting to change; `None` when the severity is `Ok`.
    pub fix: Option<String>,
}

/// Ordered from harmless to blocking, so that `max` is the worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Severity {
    /// Looked at, nothing to change.
    Ok,
    /// Worth knowing; the app works as it should.
    Info,
    /// The app works, but users or their accounts are exposed, or a form says something untrue.
    Warning,
    /// Something users do in the app fails.
    Error,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Check {
    EmailUniqueness,
    AuthFlows,
    ClientSecret,
    UserExistenceErrors,
    TokenRevocation,
    SchemaAttributes,
    Mfa,
    PasswordPolicy,
    SelfSignUpVerification,
    TokenValidity,
    DeletionProtection,
    DeviceTracking,
    ProfileUsernameAttributes,
    ProfilePasswordPolicy,
    ProfileMfa,
}

impl Check {
    /// The name the table and the JSON use.
    pub fn name(self) -> &'static str {
        match self {
            Self::EmailUniqueness => "email-uniqueness",
            Self::AuthFlows => "auth-flows",
            Self::ClientSecret => "client-secret",
            Self::UserExistenceErrors => "user-existence-errors",
            Self::TokenRevocation => "token-revocation",
            Self::SchemaAttributes => "schema-attributes",
            Self::Mfa => "mfa",
            Self::PasswordPolicy => "password-policy",
            Self::SelfSignUpVerification => "self-sign-up-verification",
            Self::TokenValidity => "token-validity",
            Self::DeletionProtection => "deletion-protection",
            Self::DeviceTracking => "device-tracking",
            Self::ProfileUsernameAttributes => "profile-username-attributes",
            Self::ProfilePasswordPolicy => "profile-password-policy",
            Self::ProfileMfa => "profile-mfa",
        }
    }
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl Report {
    /// The worst severity found (`Ok` for an empty report).
    pub fn worst(&self) -> Severity {
        self.findings
            .iter()
            .map(|finding| finding.severity)
            .max()
            .unwrap_or(Severity::Ok)
    }

    /// The process exit code: 0 all good (infos included), 1 warnings, 2 errors.
    pub fn exit_code(&self) -> u8 {
        match self.worst() {
            Severity::Ok | Severity::Info => 0,
            Severity::Warning => 1,
            Severity::Error => 2,
        }
    }

    pub fn to_json(&self) -> String {
        // Plain strings, enums and options: serialising cannot fail.
        serde_json::to_string_pretty(self).expect("a report serialises")
    }
}

impl Finding {
    /// A check that passed: no fix.
    pub(crate) fn ok(check: Check, found: impl Into<String>, why: impl Into<String>) -> Self {
        Self {
            check,
            severity: Severity::Ok,
            found: found.into(),
            why: why.into(),
            fix: None,
        }
    }

    pub(crate) fn problem(
        check: Check,
        severity: Severity,
        found: impl Into<String>,
        why: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Self {
            check,
            severity,
            found: found.into(),
            why: why.into(),
            fix: Some(fix.into()),
        }
    }
}

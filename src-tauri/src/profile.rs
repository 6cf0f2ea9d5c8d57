//! A minimal profile: which pool and app client to sign in to, read from a JSON file
//! `{"name", "region", "userPoolId", "clientId", "endpoint"?, "totpIssuer"?}`. Enough to point the app at a pool
//! other than the embedded one (a second "device" in the end-to-end tests, a real pool); profile
//! management and Amplify imports are issue 4. A bad file is refused with the field it concerns.

use std::path::Path;

use gatehouse_auth::PoolSettings;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    pub region: String,
    pub user_pool_id: String,
    pub client_id: String,
    /// Another endpoint than AWS's, e.g. a `gatehouse-pool` on loopback.
    pub endpoint: Option<String>,
    /// The name an authenticator app shows beside the account (the `otpauth://` issuer), e.g.
    /// the organisation's; "Gatehouse" when absent.
    pub totp_issuer: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("cannot read the profile file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("the profile file {path} is not a valid profile: {source}")]
    Parse {
        path: String,
        source: serde_json::Error,
    },
    #[error("the profile file {path}: `{field}` {problem}")]
    Field {
        path: String,
        field: &'static str,
        problem: &'static str,
    },
}

impl Profile {
    pub fn load(path: &Path) -> Result<Self, ProfileError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ProfileError::Read {
            path: shown.clone(),
            source,
        })?;
        let profile: Self = serde_json::from_str(&text).map_err(|source| ProfileError::Parse {
            path: shown.clone(),
            source,
        })?;
        profile
            .check()
            .map_err(|(field, problem)| ProfileError::Field {
                path: shown,
                field,
                problem,
            })?;
        Ok(profile)
    }

    fn check(&self) -> Result<(), (&'static str, &'static str)> {
        let nonempty = [
            ("name", &self.name),
            ("region", &self.region),
            ("userPoolId", &self.user_pool_id),
            ("clientId", &self.client_id),
        ];
        for (field, value) in nonempty {
            if value.trim().is_empty() {
                return Err((field, "must not be empty"));
            }
        }
        // Cognito pool ids are `<region>_<id>`.
        match self.user_pool_id.split_once('_') {
            Some((region, id)) if region == self.region && !id.is_empty() => {}
            _ => {
                return Err((
                    "userPoolId",
                    "must be `<region>_<id>` in the profile's region",
                ))
            }
        }
        if self
            .totp_issuer
            .as_ref()
            .is_some_and(|issuer| issuer.trim().is_empty() || issuer.contains(':'))
        {
            // The issuer prefixes the account in the URI's label, `issuer:account`.
            return Err(("totpIssuer", "must be non-empty text without `:`"));
        }
        if let Some(endpoint) = &self.endpoint {
            if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
                return Err(("endpoint", "must be an http:// or https:// URL"));
            }
        }
        Ok(())
    }

    pub fn settings(&self) -> PoolSettings {
        let mut settings = PoolSettings::new(
            self.name.clone(),
            self.region.clone(),
            self.user_pool_id.clone(),
            self.client_id.clone(),
            self.endpoint.clone(),
        );
        if let Some(issuer) = &self.totp_issuer {
            settings.totp_issuer = issuer.clone();
        }
        settings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Profile, ProfileError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("profile.json");
        std::fs::write(&path, text).unwrap();
        Profile::load(&path)
    }

    #[test]
    fn a_good_profile_loads() {
        let profile = load(
            r#"{"name":"device-a","region":"us-east-1","userPoolId":"us-east-1_abc",
                "clientId":"c1","endpoint":"http://127.0.0.1:9229"}"#,
        )
        .unwrap();
        let settings = profile.settings();
        assert_eq!(settings.profile, "device-a");
        assert_eq!(settings.endpoint.as_deref(), Some("http://127.0.0.1:9229"));
        assert_eq!(settings.totp_issuer, "Gatehouse");
    }

    #[test]
    fn the_authenticator_issuer_is_the_profiles_own() {
        let profile = load(
            r#"{"name":"acme","region":"us-east-1","userPoolId":"us-east-1_abc",
                "clientId":"c1","totpIssuer":"Acme Corp"}"#,
        )
        .unwrap();
        assert_eq!(profile.settings().totp_issuer, "Acme Corp");
    }

    #[test]
    fn each_bad_field_is_named() {
        let cases = [
            (
                r#"{"name":"","region":"us-east-1","userPoolId":"us-east-1_a","clientId":"c"}"#,
                "`name`",
            ),
            (
                r#"{"name":"a","region":"us-east-1","userPoolId":"eu-west-1_a","clientId":"c"}"#,
                "`userPoolId`",
            ),
            (
                r#"{"name":"a","region":"us-east-1","userPoolId":"us-east-1_a","clientId":" "}"#,
                "`clientId`",
            ),
            (
                r#"{"name":"a","region":"us-east-1","userPoolId":"us-east-1_a","clientId":"c","endpoint":"ftp://x"}"#,
                "`endpoint`",
            ),
            (
                r#"{"name":"a","region":"us-east-1","userPoolId":"us-east-1_a"}"#,
                "clientId",
            ),
            (
                r#"{"name":"a","region":"us-east-1","userPoolId":"us-east-1_a","clientId":"c","secret":"x"}"#,
                "secret",
            ),
            (
                r#"{"name":"a","region":"us-east-1","userPoolId":"us-east-1_a","clientId":"c","totpIssuer":"a:b"}"#,
                "`totpIssuer`",
            ),
        ];
        for (text, field) in cases {
            let error = load(text).unwrap_err().to_string();
            assert!(error.contains(field), "{error} names {field}");
        }
    }
}

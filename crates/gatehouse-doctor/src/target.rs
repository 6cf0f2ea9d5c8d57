//! Which pool and client to read, and with which AWS credentials.

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};

/// The pool and app client to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub region: String,
    pub user_pool_id: String,
    pub client_id: String,
    /// Another endpoint than AWS's, e.g. a local pool's `http://127.0.0.1:9229`.
    pub endpoint: Option<String>,
}

/// The administrator's AWS credentials.
#[derive(Clone, Debug)]
pub enum Credentials {
    /// aws-config's default chain (environment, profiles, SSO...), with a named profile if given.
    Chain { profile: Option<String> },
    /// Keys given directly (tests, or a caller that has them already).
    Static {
        access_key_id: String,
        secret_access_key: Secret,
    },
}

/// A secret string: `Debug` never shows it (and there is no `Display`), zeroized when dropped.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value itself, for the one place that needs it (the SDK's credentials).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_access_key_never_shows_in_debug_output() {
        let credentials = Credentials::Static {
            access_key_id: "AKIAEXAMPLE".into(),
            secret_access_key: Secret::new("wJalrXUtnFEMI-K7MDENG"),
        };
        let shown = format!("{credentials:?}");
        assert!(!shown.contains("wJalrXUtnFEMI"), "{shown}");
        assert!(shown.contains("[redacted]"), "{shown}");
    }
}

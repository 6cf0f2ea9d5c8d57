//! The admin's AWS access key, when the pool is told to check signed (IAM-authorised) requests.
//! The secret is a type of its own: redacted in `Debug`, zeroized when dropped, never serialised.

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};

/// The one access key the pool accepts on IAM-authorised operations.
#[derive(Clone, Debug)]
pub struct AdminCredentials {
    pub access_key_id: String,
    pub secret_access_key: SecretAccessKey,
}

impl AdminCredentials {
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: SecretAccessKey::new(secret_access_key),
        }
    }
}

/// An AWS secret access key.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretAccessKey(String);

impl SecretAccessKey {
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The key itself, for the signature check only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretAccessKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretAccessKey([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_secret() {
        let credentials = AdminCredentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG");
        let printed = format!("{credentials:?} {:#?}", credentials.secret_access_key);
        assert!(!printed.contains("wJalrXUtnFEMI"), "{printed}");
        assert!(printed.contains("AKIDEXAMPLE") && printed.contains("[redacted]"));
    }
}

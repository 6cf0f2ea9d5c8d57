//! The session the app keeps in the keyring, read back with `secret-tool` and taken apart into the
//! secrets it holds, so that the security test knows what to look for everywhere else.
//!
//! Layout (gatehouse-auth's `store/keyring.rs`): one item per value under service `gatehouse` and
//! user `{user_pool_id}/{client_id}/{kind}`; a value over 2000 bytes is split into items
//! `{kind}/0`, `{kind}/1`, ... and the main item holds `chunked:N`.

use gatehouse_tests::{keyring::KeyringItem, leaks::Secret};

/// The tokens of the session in the keyring, each `None` when absent.
pub struct StoredTokens {
    pub id_token: Option<String>,
    pub access_token: Option<String>,
    pub refresh_token: Option<String>,
}

impl StoredTokens {
    pub fn read(items: &[KeyringItem]) -> Self {
        Self {
            id_token: value_of(items, "id_token"),
            access_token: value_of(items, "access_token"),
            refresh_token: value_of(items, "refresh_token"),
        }
    }

    /// Each token, and each JWT's signature on its own.
    pub fn secrets(&self) -> Vec<Secret> {
        [
            ("ID token", &self.id_token),
            ("access token", &self.access_token),
            ("refresh token", &self.refresh_token),
        ]
        .into_iter()
        .filter_map(|(name, token)| token.as_ref().map(|token| Secret::jwt(name, token)))
        .flatten()
        .collect()
    }
}

/// The value of `kind`, joined from its chunks when it was chunked.
fn value_of(items: &[KeyringItem], kind: &str) -> Option<String> {
    let item = |suffix: &str| {
        items.iter().find(|item| {
            item.attributes
                .get("username")
                .is_some_and(|user| user.ends_with(&format!("/{suffix}")))
        })
    };
    let main = item(kind)?;
    let Some(count) = main.secret.strip_prefix("chunked:") else {
        return Some(main.secret.clone());
    };
    let count: usize = count.parse().expect("a chunk count");
    (0..count)
        .map(|index| item(&format!("{kind}/{index}")).map(|chunk| chunk.secret.as_str()))
        .collect()
}

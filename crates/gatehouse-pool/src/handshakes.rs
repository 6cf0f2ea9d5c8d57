//! SRP handshakes waiting for their `PASSWORD_VERIFIER` answer, held in memory only.
//!
//! A handshake holds the server's secret exponent `b`, so it never reaches disk: it lives at most
//! Cognito's 3-minute session, a restart simply ends it (the client starts over), and each secret
//! block is answered once, whether the answer is right or wrong
//! (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow.html).

use std::{collections::HashMap, sync::Mutex};

use zeroize::Zeroizing;

/// One pending handshake, keyed by the secret block the pool issued.
#[derive(Clone)]
pub struct PendingHandshake {
    pub session: String,
    pub pool_id: String,
    pub client_id: String,
    pub username: String,
    pub a_hex: String,
    pub b_hex: Zeroizing<String>,
    pub big_b_hex: String,
    /// Unix seconds after which the answer is refused.
    pub expires_at: i64,
}

impl std::fmt::Debug for PendingHandshake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingHandshake")
            .field("pool_id", &self.pool_id)
            .field("client_id", &self.client_id)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// The pool's pending handshakes.
#[derive(Debug, Default)]
pub struct Handshakes(Mutex<HashMap<String, PendingHandshake>>);

impl Handshakes {
    /// Records a handshake, forgetting those that expired by `now` so the table stays small.
    pub fn insert(&self, secret_block: String, handshake: PendingHandshake, now: i64) {
        let mut pending = self.0.lock().unwrap_or_else(|poison| poison.into_inner());
        pending.retain(|_, waiting| waiting.expires_at > now);
        pending.insert(secret_block, handshake);
    }

    /// A copy of a handshake, left in place: for checking a proof ahead of time
    /// (`ops/prepare.rs`); only [`Handshakes::take`] answers it.
    pub fn peek(&self, secret_block: &str) -> Option<PendingHandshake> {
        self.0
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .get(secret_block)
            .cloned()
    }

    /// Removes and returns a handshake: each secret block answers once.
    pub fn take(&self, secret_block: &str) -> Option<PendingHandshake> {
        self.0
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .remove(secret_block)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(expires_at: i64) -> PendingHandshake {
        PendingHandshake {
            session: "s".into(),
            pool_id: "p".into(),
            client_id: "c".into(),
            username: "u".into(),
            a_hex: "a".into(),
            b_hex: Zeroizing::new("b1234".into()),
            big_b_hex: "B".into(),
            expires_at,
        }
    }

    #[test]
    fn a_secret_block_is_taken_once_and_expired_ones_are_forgotten() {
        let handshakes = Handshakes::default();
        handshakes.insert("old".into(), pending(10), 0);
        handshakes.insert("new".into(), pending(100), 50);
        assert!(
            handshakes.take("old").is_none(),
            "expired by the second insert"
        );
        assert!(handshakes.take("new").is_some());
        assert!(handshakes.take("new").is_none());
    }

    #[test]
    fn debug_does_not_show_the_secret_exponent() {
        assert!(!format!("{:?}", pending(1)).contains("b1234"));
    }
}

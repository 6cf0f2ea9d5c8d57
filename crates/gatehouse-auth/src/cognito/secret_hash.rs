//! `SECRET_HASH` for confidential app clients: `Base64(HMAC_SHA256(key = client secret,
//! message = username + client id))`. Cognito refuses unauthenticated calls of a client that has
//! a secret without it ("Client <id> is configured with secret but SECRET_HASH was not received")
//! or with a wrong one ("Unable to verify secret hash for client <id>").
//! <https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash>

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::secret::ClientSecret;

/// The `SECRET_HASH` of `username` for the app client `client_id`.
pub fn secret_hash(secret: &ClientSecret, username: &str, client_id: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(username.as_bytes());
    mac.update(client_id.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values from Python's `hmac`/`hashlib`/`base64`:
    /// `base64.b64encode(hmac.new(secret, username + client_id, hashlib.sha256).digest())`.
    #[test]
    fn the_hash_matches_a_reference_implementation() {
        let secret = ClientSecret::new("client-secret-1".into());
        assert_eq!(
            secret_hash(&secret, "ana", "client-1"),
            "lsAFJqaFHCjvOw6Qsr8BuTty51d3E5dCSEuBBFndWeE="
        );
        let other = ClientSecret::new("7h1s1s4s3cr3t".into());
        assert_eq!(
            secret_hash(&other, "sub-ana", "client-1"),
            "nWg5LXgoieYA7Co+jyF89/U2HIQSVLypWJY4vePqPV8="
        );
    }
}

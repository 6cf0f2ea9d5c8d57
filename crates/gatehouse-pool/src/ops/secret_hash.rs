//! Confidential app clients: a client created with `GenerateSecret` must prove it knows its secret
//! on every unauthenticated user operation by sending
//! `SECRET_HASH = Base64(HMAC_SHA256(key = client secret, message = username + client id))`
//! (`SecretHash` on `SignUp`, `ConfirmSignUp`, `ResendConfirmationCode`, `ForgotPassword`,
//! `ConfirmForgotPassword`; `AuthParameters.SECRET_HASH` on `InitiateAuth`;
//! `ChallengeResponses.SECRET_HASH` on `RespondToAuthChallenge`).
//! https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash
//!
//! The two refusals are Cognito's own sentences. A client without a secret ignores the member.

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::{error::CognitoError, store::ClientRow};

/// The client's secret, when it has one.
pub fn secret_of(client: &ClientRow) -> Option<&str> {
    client.config["ClientSecret"].as_str()
}

/// `SECRET_HASH` for `username` at this client.
pub fn compute(secret: &str, username: &str, client_id: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key length");
    mac.update(username.as_bytes());
    mac.update(client_id.as_bytes());
    B64.encode(mac.finalize().into_bytes())
}

/// Checks `given` against the hash of any of `usernames` (refresh accepts the username or the
/// `sub`). Passes for a client without a secret.
pub fn check(
    client: &ClientRow,
    given: Option<&str>,
    usernames: &[&str],
) -> Result<(), CognitoError> {
    let Some(secret) = secret_of(client) else {
        return Ok(());
    };
    let Some(given) = given else {
        return Err(CognitoError::not_authorized(format!(
            "Client {} is configured with secret but SECRET_HASH was not received",
            client.id
        )));
    };
    // Every candidate is compared, so the time taken does not tell which one matched.
    let matched = usernames.iter().fold(false, |matched, username| {
        let expected = compute(secret, username, &client.id);
        let equal: bool = expected.as_bytes().ct_eq(given.as_bytes()).into();
        matched | equal
    });
    if matched {
        Ok(())
    } else {
        Err(CognitoError::not_authorized(format!(
            "Unable to verify secret hash for client {}",
            client.id
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn client(config: serde_json::Value) -> ClientRow {
        ClientRow {
            id: "client1".into(),
            pool_id: "us-east-1_pool".into(),
            name: "app".into(),
            config,
            created: 0,
        }
    }

    #[test]
    fn a_client_with_a_secret_needs_the_right_hash_and_one_without_ignores_it() {
        let confidential = client(json!({"ClientSecret": "s3cret"}));
        let right = compute("s3cret", "jane", "client1");
        assert!(check(&confidential, Some(&right), &["jane"]).is_ok());
        assert!(check(&confidential, Some(&right), &["sub-1", "jane"]).is_ok());
        assert_eq!(
            check(&confidential, Some(&right), &["noah"])
                .unwrap_err()
                .message,
            "Unable to verify secret hash for client client1"
        );
        assert_eq!(
            check(&confidential, None, &["jane"]).unwrap_err().message,
            "Client client1 is configured with secret but SECRET_HASH was not received"
        );
        assert!(check(&client(json!({})), Some("anything"), &["jane"]).is_ok());
        assert!(check(&client(json!({})), None, &["jane"]).is_ok());
    }
}

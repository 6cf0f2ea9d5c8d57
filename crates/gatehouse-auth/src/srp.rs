//! The SRP side of `USER_SRP_AUTH`, over `gatehouse-srp` (Cognito's SRP-6a math in constant-time
//! 3072-bit Montgomery arithmetic, proved byte-identical to amazon-cognito-identity-js and to the
//! `aws-cognito-srp` crate by its tests and by `tests/srp_oracle.rs`).
//!
//! A handshake lives from `InitiateAuth` (it sends `SRP_A`) to the `PASSWORD_VERIFIER` answer (it
//! proves the password against `SRP_B`, salt and secret block). The proof uses `USER_ID_FOR_SRP`
//! from the challenge, not what the user typed, and is stamped with the clock in Cognito's format
//! (`Mon Feb 3 07:05:09 UTC 2025`, day not zero-padded). The secret `a` and the password are zeroed
//! when the handshake is dropped, which it is as soon as it answered.
//! `ConfirmDevice`'s verifier still comes from the `aws-cognito-srp` crate: it is made once per
//! device, off the sign-in path.
//! <https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html>

use aws_cognito_srp::{SrpClient, UntrackedDevice};
use gatehouse_srp::{Challenge, ClientEphemeral, Identity};

use crate::cognito::{
    DeviceVerifier, NewDevice, PasswordVerifierAnswer, PasswordVerifierChallenge,
};
use crate::error::AuthError;
use crate::secret::{DevicePassword, Password};
use crate::store::StoredDevice;

/// A fresh ephemeral. The OS random source failing is no input error but a broken machine.
/// Boxed: its fixed-size 3072-bit numbers would otherwise make every `AuthEvent` and `Effect`
/// that carries a handshake about 1 KB.
fn new_ephemeral() -> Box<ClientEphemeral> {
    Box::new(ClientEphemeral::generate().expect("the operating system's random source works"))
}

/// Cognito's SRP timestamp, now: `Mon Feb 3 07:05:09 UTC 2025`.
fn cognito_timestamp() -> String {
    chrono::Utc::now()
        .format("%a %b %-d %H:%M:%S UTC %Y")
        .to_string()
}

fn claim(
    ephemeral: &ClientEphemeral,
    identity: &Identity<'_>,
    challenge: &PasswordVerifierChallenge,
    what: &str,
) -> Result<(String, String), AuthError> {
    let timestamp = cognito_timestamp();
    let signature = ephemeral
        .password_claim(
            identity,
            &Challenge {
                salt_hex: &challenge.salt,
                srp_b_hex: &challenge.srp_b,
                secret_block_base64: &challenge.secret_block,
            },
            &timestamp,
        )
        .map_err(|_| AuthError::Service {
            code: "InvalidSrpChallenge".into(),
            message: format!("The pool's {what} challenge could not be answered."),
        })?;
    Ok((signature, timestamp))
}

/// One SRP exchange in flight. `Debug` is redacted: it holds the password and `a`.
pub struct SrpHandshake {
    ephemeral: Box<ClientEphemeral>,
    user_pool_id: String,
    password: Password,
}

impl std::fmt::Debug for SrpHandshake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SrpHandshake([redacted])")
    }
}

impl SrpHandshake {
    /// Starts a handshake; returns it with `SRP_A` (hex) for `InitiateAuth`.
    pub fn start(
        user_pool_id: &str,
        _client_id: &str,
        _username: &str,
        password: &Password,
    ) -> (Self, String) {
        let ephemeral = new_ephemeral();
        let srp_a = ephemeral.public_hex();
        let handshake = Self {
            ephemeral,
            user_pool_id: user_pool_id.to_owned(),
            password: password.clone(),
        };
        (handshake, srp_a)
    }

    /// The `PASSWORD_VERIFIER` answer; consumes the handshake. The challenge's `Session` is passed on.
    pub fn answer(
        self,
        challenge: PasswordVerifierChallenge,
    ) -> Result<PasswordVerifierAnswer, AuthError> {
        // The pool name is the pool id after the `_` (`us-east-1_AbC` -> `AbC`).
        let Some((_, pool_name)) = self.user_pool_id.split_once('_') else {
            return Err(AuthError::Service {
                code: "InvalidSrpChallenge".into(),
                message: "The pool id has no `_`, so no SRP proof can be made for it.".into(),
            });
        };
        let identity = Identity {
            realm: pool_name,
            user_id: &challenge.user_id_for_srp,
            password: self.password.expose(),
        };
        let (signature, timestamp) = claim(&self.ephemeral, &identity, &challenge, "SRP")?;
        Ok(PasswordVerifierAnswer {
            username: challenge.user_id_for_srp,
            secret_block: challenge.secret_block,
            signature,
            timestamp,
            session: challenge.session,
            device_key: None,
        })
    }
}

/// A new device's random password and the verifier `ConfirmDevice` registers for it.
pub fn new_device_verifier(
    user_pool_id: &str,
    client_id: &str,
    device: &NewDevice,
) -> (DeviceVerifier, DevicePassword) {
    let client = SrpClient::new(
        UntrackedDevice::new(user_pool_id, &device.group_key, &device.key),
        client_id,
        None,
    );
    let parameters = client.get_password_verifier();
    (
        DeviceVerifier {
            password_verifier: parameters.verifier,
            salt: parameters.salt,
        },
        DevicePassword::new(parameters.password),
    )
}

/// The device SRP exchange of a remembered device (`DEVICE_SRP_AUTH`, then
/// `DEVICE_PASSWORD_VERIFIER`): the device group key stands for the pool name and the device key
/// for the username. `Debug` is redacted: it holds the device password and `a`.
pub struct DeviceHandshake {
    ephemeral: Box<ClientEphemeral>,
    device: StoredDevice,
}

impl std::fmt::Debug for DeviceHandshake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceHandshake([redacted])")
    }
}

impl DeviceHandshake {
    /// Starts a handshake; returns it with `SRP_A` (hex) for the `DEVICE_SRP_AUTH` answer.
    pub fn start(_user_pool_id: &str, _client_id: &str, device: &StoredDevice) -> (Self, String) {
        let ephemeral = new_ephemeral();
        let srp_a = ephemeral.public_hex();
        let handshake = Self {
            ephemeral,
            device: device.clone(),
        };
        (handshake, srp_a)
    }

    /// The `DEVICE_PASSWORD_VERIFIER` answer (with `DEVICE_KEY`); consumes the handshake.
    pub fn answer(
        self,
        challenge: PasswordVerifierChallenge,
    ) -> Result<PasswordVerifierAnswer, AuthError> {
        let identity = Identity {
            realm: &self.device.group_key,
            user_id: &self.device.key,
            password: self.device.password.expose(),
        };
        let (signature, timestamp) = claim(&self.ephemeral, &identity, &challenge, "device")?;
        Ok(PasswordVerifierAnswer {
            username: challenge.user_id_for_srp,
            secret_block: challenge.secret_block,
            signature,
            timestamp,
            session: challenge.session,
            device_key: Some(self.device.key),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::ChallengeSession;

    fn challenge() -> PasswordVerifierChallenge {
        PasswordVerifierChallenge {
            user_id_for_srp: "canonical-id".into(),
            srp_b: "36ef01c6dde9fe503da333b1acc758ba".into(),
            salt: "36ef01c6dde9fe503da333b1acc758ba".into(),
            secret_block: "c2VjcmV0LWJsb2Nr".into(),
            session: Some(ChallengeSession::new("session-blob".into())),
        }
    }

    #[test]
    fn the_answer_uses_the_canonical_username_and_carries_the_session() {
        let password = Password::new("Passw0rd!".into());
        let (handshake, srp_a) =
            SrpHandshake::start("us-east-1_abc", "client", "alias@example.com", &password);
        assert!(srp_a.len() >= 512 && srp_a.chars().all(|c| c.is_ascii_hexdigit()));
        let answer = handshake.answer(challenge()).unwrap();
        assert_eq!(answer.username, "canonical-id");
        assert_eq!(answer.secret_block, "c2VjcmV0LWJsb2Nr");
        assert_eq!(answer.session.unwrap().expose(), "session-blob");
        // `Tue Nov 4 09:05:01 UTC 2025`: the day of the month is not zero-padded.
        let parts: Vec<&str> = answer.timestamp.split(' ').collect();
        assert_eq!(parts.len(), 6, "{}", answer.timestamp);
        assert!(!parts[2].starts_with('0'), "{}", answer.timestamp);
    }

    #[test]
    fn a_malformed_challenge_is_an_error_not_a_panic() {
        let (handshake, _) =
            SrpHandshake::start("us-east-1_abc", "client", "u", &Password::new("p".into()));
        let mut bad = challenge();
        bad.srp_b = "not hex".into();
        assert!(handshake.answer(bad).is_err());
    }

    #[test]
    fn a_handshake_prints_nothing_secret() {
        let (handshake, _) = SrpHandshake::start(
            "us-east-1_abc",
            "client",
            "u",
            &Password::new("Passw0rd!".into()),
        );
        assert_eq!(format!("{handshake:?}"), "SrpHandshake([redacted])");
    }
}

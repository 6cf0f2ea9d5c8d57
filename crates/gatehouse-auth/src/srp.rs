//! The SRP side of `USER_SRP_AUTH`, from the `aws-cognito-srp` crate (never hand-rolled).
//!
//! A handshake lives from `InitiateAuth` (it sends `SRP_A`) to the `PASSWORD_VERIFIER` answer (it
//! proves the password against `SRP_B`, salt and secret block). The proof uses `USER_ID_FOR_SRP`
//! from the challenge, not what the user typed, and the crate stamps the answer with its own clock
//! in Cognito's format (`Mon Feb 3 07:05:09 UTC 2025`). The crate's client holds the password and
//! the ephemeral `a` in fields we cannot zeroize; the handshake is dropped as soon as it answered.
//! <https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html>

use aws_cognito_srp::{SrpClient, TrackedDevice, UntrackedDevice, User};

use crate::cognito::{
    DeviceVerifier, NewDevice, PasswordVerifierAnswer, PasswordVerifierChallenge,
};
use crate::error::AuthError;
use crate::secret::{DevicePassword, Password};
use crate::store::StoredDevice;

/// One SRP exchange in flight. `Debug` is redacted: it holds the password and `a`.
pub struct SrpHandshake {
    client: SrpClient<User>,
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
        client_id: &str,
        username: &str,
        password: &Password,
    ) -> (Self, String) {
        let client = SrpClient::new(
            User::new(user_pool_id, username, password.expose()),
            client_id,
            None,
        );
        let srp_a = client.get_auth_parameters().a;
        (Self { client }, srp_a)
    }

    /// The `PASSWORD_VERIFIER` answer; consumes the handshake. The challenge's `Session` is passed on.
    pub fn answer(
        self,
        challenge: PasswordVerifierChallenge,
    ) -> Result<PasswordVerifierAnswer, AuthError> {
        let proof = self
            .client
            .verify(
                &challenge.secret_block,
                &challenge.user_id_for_srp,
                &challenge.salt,
                &challenge.srp_b,
            )
            .map_err(|_| AuthError::Service {
                code: "InvalidSrpChallenge".into(),
                message: "The pool's SRP challenge could not be answered.".into(),
            })?;
        Ok(PasswordVerifierAnswer {
            username: challenge.user_id_for_srp,
            secret_block: proof.password_claim_secret_block,
            signature: proof.password_claim_signature,
            timestamp: proof.timestamp,
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
    client: SrpClient<TrackedDevice>,
    device_key: String,
}

impl std::fmt::Debug for DeviceHandshake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceHandshake([redacted])")
    }
}

impl DeviceHandshake {
    /// Starts a handshake; returns it with `SRP_A` (hex) for the `DEVICE_SRP_AUTH` answer.
    pub fn start(user_pool_id: &str, client_id: &str, device: &StoredDevice) -> (Self, String) {
        let client = SrpClient::new(
            TrackedDevice::new(
                user_pool_id,
                &device.group_key,
                &device.key,
                device.password.expose(),
            ),
            client_id,
            None,
        );
        let srp_a = client.get_auth_parameters().a;
        let handshake = Self {
            client,
            device_key: device.key.clone(),
        };
        (handshake, srp_a)
    }

    /// The `DEVICE_PASSWORD_VERIFIER` answer (with `DEVICE_KEY`); consumes the handshake.
    pub fn answer(
        self,
        challenge: PasswordVerifierChallenge,
    ) -> Result<PasswordVerifierAnswer, AuthError> {
        let proof = self
            .client
            .verify(&challenge.secret_block, &challenge.salt, &challenge.srp_b)
            .map_err(|_| AuthError::Service {
                code: "InvalidSrpChallenge".into(),
                message: "The pool's device challenge could not be answered.".into(),
            })?;
        Ok(PasswordVerifierAnswer {
            username: challenge.user_id_for_srp,
            secret_block: proof.password_claim_secret_block,
            signature: proof.password_claim_signature,
            timestamp: proof.timestamp,
            session: challenge.session,
            device_key: Some(self.device_key),
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

//! The driver's device effects that take more than one step: the device SRP exchange (two
//! `RespondToAuthChallenge` calls around one handshake, which never leaves the driver) and a new
//! device's confirmation (a random password and its verifier, `ConfirmDevice`, then the keyring).

use super::effects::{failed, step_event};
use super::Auth;
use crate::cognito::{DeviceSrpRequest, NewDevice};
use crate::machine::AuthEvent;
use crate::secret::{AccessToken, ChallengeSession};
use crate::srp::{new_device_verifier, DeviceHandshake};
use crate::store::StoredDevice;

impl Auth {
    /// `DEVICE_SRP_AUTH` with `SRP_A`, then `DEVICE_PASSWORD_VERIFIER` with the proof.
    pub(super) async fn prove_device(
        &self,
        user_id: String,
        session: ChallengeSession,
        device: StoredDevice,
    ) -> AuthEvent {
        let (handshake, srp_a) = DeviceHandshake::start(
            &self.settings.user_pool_id,
            &self.settings.client_id,
            &device,
        );
        let request = DeviceSrpRequest {
            user_id,
            device_key: device.key.clone(),
            srp_a,
            session,
        };
        let challenge = match self.port.respond_to_device_srp(request).await {
            Ok(challenge) => challenge,
            Err(error) => return failed(error.scrub(device.password.expose())),
        };
        let answer = match handshake.answer(challenge) {
            Ok(answer) => answer,
            Err(error) => return failed(error),
        };
        match self.port.respond_to_device_password_verifier(answer).await {
            Ok(step) => step_event(step),
            Err(error) => failed(error.scrub(device.password.expose())),
        }
    }

    /// A random device password, `ConfirmDevice` with its verifier, then the device in the store
    /// under `username`.
    pub(super) async fn confirm_device(
        &self,
        access_token: AccessToken,
        username: String,
        device: NewDevice,
    ) -> AuthEvent {
        let (verifier, password) = new_device_verifier(
            &self.settings.user_pool_id,
            &self.settings.client_id,
            &device,
        );
        let prompt = match self
            .port
            .confirm_device(access_token, device.key.clone(), verifier, device_name())
            .await
        {
            Ok(prompt) => prompt,
            Err(error) => return failed(error.scrub(password.expose())),
        };
        let stored = StoredDevice {
            key: device.key,
            group_key: device.group_key,
            password,
        };
        match self
            .blocking_store(move |s, k| s.save_device(k, &username, &stored))
            .await
        {
            Ok(()) => AuthEvent::DeviceConfirmed { prompt },
            Err(error) => AuthEvent::StoreFailed(error),
        }
    }
}

/// `DeviceName`: the app and the operating system, so the user can tell their devices apart.
fn device_name() -> Option<String> {
    Some(format!("Gatehouse on {}", std::env::consts::OS))
}

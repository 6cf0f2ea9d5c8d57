//! Remembered devices over the SDK: the device SRP answers (`DEVICE_SRP_AUTH`,
//! `DEVICE_PASSWORD_VERIFIER`), `ConfirmDevice`, `UpdateDeviceStatus`, `ListDevices` and
//! `ForgetDevice`. The signed-in operations are authorised by the access token alone.
//! <https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html>

use std::collections::HashMap;

use aws_sdk_cognitoidentityprovider::types::{
    ChallengeNameType, DeviceRememberedStatusType, DeviceSecretVerifierConfigType, DeviceType,
};
use chrono::{DateTime, SecondsFormat, Utc};

use super::super::errors::from_sdk;
use super::super::network::sent_once;
use super::super::port::{
    AuthStep, DeviceSrpRequest, DeviceVerifier, PasswordVerifierAnswer, PasswordVerifierChallenge,
    RemoteDevice,
};
use super::super::wire::{challenge_session, service, AuthAnswer};
use super::SdkCognito;
use crate::error::AuthError;
use crate::secret::AccessToken;

impl SdkCognito {
    pub(super) async fn device_srp(
        &self,
        request: DeviceSrpRequest,
    ) -> Result<PasswordVerifierChallenge, AuthError> {
        let mut responses = HashMap::from([
            ("USERNAME".to_owned(), request.user_id.clone()),
            ("DEVICE_KEY".to_owned(), request.device_key),
            ("SRP_A".to_owned(), request.srp_a),
        ]);
        if let Some(hash) = self.hash(&request.user_id) {
            responses.insert("SECRET_HASH".to_owned(), hash);
        }
        let out = self
            .client
            .respond_to_auth_challenge()
            .client_id(&self.client_id)
            .challenge_name(ChallengeNameType::DeviceSrpAuth)
            .session(request.session.expose())
            .set_challenge_responses(Some(responses))
            .customize()
            .config_override(sent_once())
            .send()
            .await
            .map_err(from_sdk)?;
        if out.challenge_name() != Some(&ChallengeNameType::DevicePasswordVerifier) {
            return Err(AuthError::UnsupportedChallenge {
                name: out
                    .challenge_name()
                    .map_or("none", ChallengeNameType::as_str)
                    .to_owned(),
            });
        }
        let params = out.challenge_parameters().cloned().unwrap_or_default();
        let get = |name: &str| {
            params.get(name).cloned().ok_or_else(|| {
                service(
                    "MissingChallengeParameter",
                    "The pool's challenge is incomplete.",
                )
            })
        };
        Ok(PasswordVerifierChallenge {
            user_id_for_srp: get("USERNAME").unwrap_or(request.user_id),
            srp_b: get("SRP_B")?,
            salt: get("SALT")?,
            secret_block: get("SECRET_BLOCK")?,
            session: challenge_session(out.session()),
        })
    }

    pub(super) async fn device_password_verifier(
        &self,
        answer: PasswordVerifierAnswer,
    ) -> Result<AuthStep, AuthError> {
        let mut responses = HashMap::from([
            ("USERNAME".to_owned(), answer.username.clone()),
            (
                "PASSWORD_CLAIM_SECRET_BLOCK".to_owned(),
                answer.secret_block,
            ),
            ("PASSWORD_CLAIM_SIGNATURE".to_owned(), answer.signature),
            ("TIMESTAMP".to_owned(), answer.timestamp),
        ]);
        if let Some(device_key) = answer.device_key {
            responses.insert("DEVICE_KEY".to_owned(), device_key);
        }
        if let Some(hash) = self.hash(&answer.username) {
            responses.insert("SECRET_HASH".to_owned(), hash);
        }
        self.client
            .respond_to_auth_challenge()
            .client_id(&self.client_id)
            .challenge_name(ChallengeNameType::DevicePasswordVerifier)
            .set_session(answer.session.as_ref().map(|s| s.expose().to_owned()))
            .set_challenge_responses(Some(responses))
            .customize()
            .config_override(sent_once())
            .send()
            .await
            .map_err(from_sdk)?
            .step()
    }

    pub(super) async fn confirm(
        &self,
        access_token: AccessToken,
        device_key: String,
        verifier: DeviceVerifier,
        device_name: Option<String>,
    ) -> Result<bool, AuthError> {
        let config = DeviceSecretVerifierConfigType::builder()
            .password_verifier(verifier.password_verifier)
            .salt(verifier.salt)
            .build();
        let out = self
            .client
            .confirm_device()
            .access_token(access_token.expose())
            .device_key(device_key)
            .device_secret_verifier_config(config)
            .set_device_name(device_name)
            .customize()
            .config_override(sent_once())
            .send()
            .await
            .map_err(from_sdk)?;
        Ok(out.user_confirmation_necessary())
    }

    pub(super) async fn device_status(
        &self,
        access_token: AccessToken,
        device_key: String,
        remembered: bool,
    ) -> Result<(), AuthError> {
        let status = if remembered {
            DeviceRememberedStatusType::Remembered
        } else {
            DeviceRememberedStatusType::NotRemembered
        };
        self.client
            .update_device_status()
            .access_token(access_token.expose())
            .device_key(device_key)
            .device_remembered_status(status)
            .send()
            .await
            .map_err(from_sdk)?;
        Ok(())
    }

    pub(super) async fn devices(
        &self,
        access_token: AccessToken,
    ) -> Result<Vec<RemoteDevice>, AuthError> {
        let mut devices = Vec::new();
        let mut page: Option<String> = None;
        loop {
            let out = self
                .client
                .list_devices()
                .access_token(access_token.expose())
                .limit(60)
                .set_pagination_token(page.take())
                .send()
                .await
                .map_err(from_sdk)?;
            devices.extend(out.devices().iter().map(remote_device));
            match out.pagination_token() {
                Some(next) if !next.is_empty() => page = Some(next.to_owned()),
                _ => return Ok(devices),
            }
        }
    }

    pub(super) async fn forget(
        &self,
        access_token: AccessToken,
        device_key: String,
    ) -> Result<(), AuthError> {
        self.client
            .forget_device()
            .access_token(access_token.expose())
            .device_key(device_key)
            .customize()
            .config_override(sent_once())
            .send()
            .await
            .map_err(from_sdk)?;
        Ok(())
    }
}

fn remote_device(device: &DeviceType) -> RemoteDevice {
    let attribute = |name: &str| {
        device
            .device_attributes()
            .iter()
            .find(|a| a.name() == name)
            .and_then(|a| a.value())
            .map(str::to_owned)
    };
    RemoteDevice {
        key: device.device_key().unwrap_or_default().to_owned(),
        name: attribute("device_name"),
        last_signed_in_at: device
            .device_last_authenticated_date()
            .and_then(|date| DateTime::<Utc>::from_timestamp(date.secs(), 0))
            .map(|date| date.to_rfc3339_opts(SecondsFormat::Secs, true)),
        // `device_status` says `valid`; whether it is remembered is Cognito's `dev:` attribute.
        remembered: attribute("dev:device_remembered_status").as_deref() == Some("remembered"),
    }
}

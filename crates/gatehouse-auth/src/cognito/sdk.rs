//! `CognitoPort` over `aws-sdk-cognitoidentityprovider`.
//!
//! The user-pool operations used here are public (authorised by the app client id, not by AWS
//! credentials), so the client is built without a credentials provider and the SDK sends them
//! unsigned. `endpoint_url` points it at the local pool. Timeouts and retries follow a
//! `NetworkPolicy` (see `network` for which operations may be repeated): an unreachable or slow
//! pool is a prompt, specific error instead of a hung screen.
//! <https://docs.rs/aws-sdk-cognitoidentityprovider/latest/aws_sdk_cognitoidentityprovider/>

use std::collections::{BTreeMap, HashMap};

use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Region};
use aws_sdk_cognitoidentityprovider::types::{
    AuthFlowType, ChallengeNameType, SmsMfaSettingsType, SoftwareTokenMfaSettingsType,
    VerifySoftwareTokenResponseType,
};
use aws_sdk_cognitoidentityprovider::Client;

use super::errors::from_sdk;
use super::network::{sent_once, NetworkPolicy};
use super::port::{
    AuthStep, ChallengeResponse, CognitoPort, DeviceSrpRequest, DeviceVerifier,
    PasswordVerifierAnswer, PasswordVerifierChallenge, PortFuture, RemoteDevice, RemoteUser,
    SignUpOutcome, SoftwareTokenAssociation, TokenAuth,
};
use super::secret_hash::secret_hash;
use super::wire::{
    challenge_responses, challenge_session, flags, mfa_method, service, token_auth, tokens,
    AuthAnswer,
};
use crate::error::AuthError;
use crate::secret::{
    AccessToken, ChallengeSession, ClientSecret, ConfirmationCode, Password, RefreshToken,
    TotpSecret,
};
use crate::session::Tokens;
use crate::view::{CodeDelivery, MfaChoice};
use crate::PoolSettings;

pub struct SdkCognito {
    client: Client,
    client_id: String,
    client_secret: Option<ClientSecret>,
}

impl SdkCognito {
    /// A client with the default `NetworkPolicy`.
    pub fn new(settings: &PoolSettings) -> Self {
        Self::with_network(settings, NetworkPolicy::default())
    }

    pub fn with_network(settings: &PoolSettings, network: NetworkPolicy) -> Self {
        let mut config = aws_sdk_cognitoidentityprovider::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(settings.region.clone()))
            .timeout_config(network.timeouts())
            .retry_config(network.retries());
        if let Some(endpoint) = &settings.endpoint {
            config = config.endpoint_url(endpoint);
        }
        Self {
            client: Client::from_conf(config.build()),
            client_id: settings.client_id.clone(),
            client_secret: settings.client_secret.clone(),
        }
    }

    /// `SECRET_HASH` for `username`, when the app client has a secret.
    fn hash(&self, username: &str) -> Option<String> {
        self.client_secret
            .as_ref()
            .map(|secret| secret_hash(secret, username, &self.client_id))
    }
}

impl CognitoPort for SdkCognito {
    fn sign_up(
        &self,
        username: String,
        password: Password,
        attributes: BTreeMap<String, String>,
    ) -> PortFuture<'_, SignUpOutcome> {
        Box::pin(self.sign_up_call(username, password, attributes))
    }

    fn confirm_sign_up(&self, username: String, code: ConfirmationCode) -> PortFuture<'_, ()> {
        Box::pin(self.confirm_sign_up_call(username, code))
    }

    fn resend_confirmation_code(&self, username: String) -> PortFuture<'_, Option<CodeDelivery>> {
        Box::pin(self.resend_confirmation_code_call(username))
    }

    fn initiate_srp_auth(&self, username: String, srp_a: String) -> PortFuture<'_, AuthStep> {
        Box::pin(async move {
            let mut parameters = HashMap::from([
                ("USERNAME".to_owned(), username.clone()),
                ("SRP_A".to_owned(), srp_a),
            ]);
            if let Some(hash) = self.hash(&username) {
                parameters.insert("SECRET_HASH".to_owned(), hash);
            }
            self.client
                .initiate_auth()
                .client_id(&self.client_id)
                .auth_flow(AuthFlowType::UserSrpAuth)
                .set_auth_parameters(Some(parameters))
                .send()
                .await
                .map_err(from_sdk)?
                .step()
        })
    }

    fn respond_to_password_verifier(
        &self,
        answer: PasswordVerifierAnswer,
    ) -> PortFuture<'_, AuthStep> {
        Box::pin(async move {
            let mut responses = HashMap::new();
            if let Some(hash) = self.hash(&answer.username) {
                responses.insert("SECRET_HASH".to_owned(), hash);
            }
            if let Some(device_key) = answer.device_key {
                responses.insert("DEVICE_KEY".to_owned(), device_key);
            }
            self.client
                .respond_to_auth_challenge()
                .client_id(&self.client_id)
                .challenge_name(ChallengeNameType::PasswordVerifier)
                .set_challenge_responses(Some(responses))
                .challenge_responses("USERNAME", answer.username)
                .challenge_responses("PASSWORD_CLAIM_SECRET_BLOCK", answer.secret_block)
                .challenge_responses("PASSWORD_CLAIM_SIGNATURE", answer.signature)
                .challenge_responses("TIMESTAMP", answer.timestamp)
                .set_session(answer.session.as_ref().map(|s| s.expose().to_owned()))
                .customize()
                .config_override(sent_once())
                .send()
                .await
                .map_err(from_sdk)?
                .step()
        })
    }

    fn refresh_tokens(
        &self,
        refresh_token: RefreshToken,
        sub: String,
        device_key: Option<String>,
    ) -> PortFuture<'_, Tokens> {
        Box::pin(async move {
            let mut parameters = HashMap::from([(
                "REFRESH_TOKEN".to_owned(),
                refresh_token.expose().to_owned(),
            )]);
            if let Some(device_key) = device_key {
                parameters.insert("DEVICE_KEY".to_owned(), device_key);
            }
            // Cognito checks this hash against the user the refresh token belongs to. The `sub`
            // is that user's one name that works in every pool (the username may be an email
            // alias the user typed, or change); the session knows it from the ID token.
            if let Some(hash) = self.hash(&sub) {
                parameters.insert("SECRET_HASH".to_owned(), hash);
            }
            let out = self
                .client
                .initiate_auth()
                .client_id(&self.client_id)
                .auth_flow(AuthFlowType::RefreshTokenAuth)
                .set_auth_parameters(Some(parameters))
                .send()
                .await
                .map_err(from_sdk)?;
            out.authentication_result()
                .ok_or_else(|| service("MissingResult", "The pool returned no tokens."))
                .and_then(tokens)
        })
    }

    fn get_user(&self, access_token: AccessToken) -> PortFuture<'_, RemoteUser> {
        Box::pin(async move {
            let out = self
                .client
                .get_user()
                .access_token(access_token.expose())
                .send()
                .await
                .map_err(from_sdk)?;
            Ok(RemoteUser {
                username: out.username().to_owned(),
                mfa_enabled: out
                    .user_mfa_setting_list()
                    .iter()
                    .filter_map(|name| mfa_method(name))
                    .collect(),
                mfa_preferred: out.preferred_mfa_setting().and_then(mfa_method),
                attributes: out
                    .user_attributes()
                    .iter()
                    .map(|a| {
                        (
                            a.name().to_owned(),
                            a.value().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect(),
            })
        })
    }

    fn global_sign_out(&self, access_token: AccessToken) -> PortFuture<'_, ()> {
        Box::pin(async move {
            self.client
                .global_sign_out()
                .access_token(access_token.expose())
                .customize()
                .config_override(sent_once())
                .send()
                .await
                .map_err(from_sdk)?;
            Ok(())
        })
    }

    fn respond_to_challenge(&self, response: ChallengeResponse) -> PortFuture<'_, AuthStep> {
        Box::pin(async move {
            let hash = self.hash(&response.user_id);
            let (name, mut responses) = challenge_responses(response.user_id, response.answer);
            if let Some(hash) = hash {
                responses.insert("SECRET_HASH".to_owned(), hash);
            }
            if let Some(device_key) = response.device_key {
                responses.insert("DEVICE_KEY".to_owned(), device_key);
            }
            self.client
                .respond_to_auth_challenge()
                .client_id(&self.client_id)
                .session(response.session.expose())
                .challenge_name(name)
                .set_challenge_responses(Some(responses))
                .customize()
                .config_override(sent_once())
                .send()
                .await
                .map_err(from_sdk)?
                .step()
        })
    }

    fn associate_software_token(
        &self,
        auth: TokenAuth,
    ) -> PortFuture<'_, SoftwareTokenAssociation> {
        Box::pin(async move {
            let (session, access_token) = token_auth(&auth);
            let out = self
                .client
                .associate_software_token()
                .set_session(session)
                .set_access_token(access_token)
                .customize()
                .config_override(sent_once())
                .send()
                .await
                .map_err(from_sdk)?;
            let secret = out
                .secret_code()
                .ok_or_else(|| service("MissingSecret", "The pool returned no TOTP secret."))?;
            Ok(SoftwareTokenAssociation {
                secret: TotpSecret::new(secret.to_owned()),
                session: challenge_session(out.session()),
            })
        })
    }

    fn verify_software_token(
        &self,
        auth: TokenAuth,
        code: ConfirmationCode,
        device_name: Option<String>,
    ) -> PortFuture<'_, Option<ChallengeSession>> {
        Box::pin(async move {
            let (session, access_token) = token_auth(&auth);
            let out = self
                .client
                .verify_software_token()
                .user_code(code.expose())
                .set_friendly_device_name(device_name)
                .set_session(session)
                .set_access_token(access_token)
                .customize()
                .config_override(sent_once())
                .send()
                .await
                .map_err(from_sdk)?;
            match out.status() {
                Some(VerifySoftwareTokenResponseType::Success) => {
                    Ok(challenge_session(out.session()))
                }
                _ => Err(AuthError::CodeMismatch),
            }
        })
    }

    fn set_mfa_preference(
        &self,
        access_token: AccessToken,
        sms: MfaChoice,
        totp: MfaChoice,
    ) -> PortFuture<'_, ()> {
        Box::pin(async move {
            let (sms_on, sms_preferred) = flags(sms);
            let (totp_on, totp_preferred) = flags(totp);
            self.client
                .set_user_mfa_preference()
                .access_token(access_token.expose())
                .sms_mfa_settings(
                    SmsMfaSettingsType::builder()
                        .enabled(sms_on)
                        .preferred_mfa(sms_preferred)
                        .build(),
                )
                .software_token_mfa_settings(
                    SoftwareTokenMfaSettingsType::builder()
                        .enabled(totp_on)
                        .preferred_mfa(totp_preferred)
                        .build(),
                )
                .send()
                .await
                .map_err(from_sdk)?;
            Ok(())
        })
    }

    fn revoke_token(&self, refresh_token: RefreshToken) -> PortFuture<'_, ()> {
        Box::pin(async move {
            self.client
                .revoke_token()
                .client_id(&self.client_id)
                // `RevokeToken` takes the secret itself, not a hash.
                .set_client_secret(self.client_secret.as_ref().map(|s| s.expose().to_owned()))
                .token(refresh_token.expose())
                .send()
                .await
                .map_err(from_sdk)?;
            Ok(())
        })
    }

    fn forgot_password(&self, username: String) -> PortFuture<'_, Option<CodeDelivery>> {
        Box::pin(self.forgot_password_call(username))
    }

    fn confirm_forgot_password(
        &self,
        username: String,
        code: ConfirmationCode,
        password: Password,
    ) -> PortFuture<'_, ()> {
        Box::pin(self.confirm_forgot_password_call(username, code, password))
    }

    fn update_user_attributes(
        &self,
        access_token: AccessToken,
        attributes: BTreeMap<String, String>,
    ) -> PortFuture<'_, Vec<CodeDelivery>> {
        Box::pin(self.update_attributes(access_token, attributes))
    }

    fn delete_user_attributes(
        &self,
        access_token: AccessToken,
        names: Vec<String>,
    ) -> PortFuture<'_, ()> {
        Box::pin(self.delete_attributes(access_token, names))
    }

    fn get_user_attribute_verification_code(
        &self,
        access_token: AccessToken,
        attribute: String,
    ) -> PortFuture<'_, Option<CodeDelivery>> {
        Box::pin(self.attribute_code(access_token, attribute))
    }

    fn verify_user_attribute(
        &self,
        access_token: AccessToken,
        attribute: String,
        code: ConfirmationCode,
    ) -> PortFuture<'_, ()> {
        Box::pin(self.verify_attribute(access_token, attribute, code))
    }

    fn change_password(
        &self,
        access_token: AccessToken,
        current: Password,
        new: Password,
    ) -> PortFuture<'_, ()> {
        Box::pin(self.change(access_token, current, new))
    }

    fn delete_user(&self, access_token: AccessToken) -> PortFuture<'_, ()> {
        Box::pin(self.delete(access_token))
    }

    fn respond_to_device_srp(
        &self,
        request: DeviceSrpRequest,
    ) -> PortFuture<'_, PasswordVerifierChallenge> {
        Box::pin(self.device_srp(request))
    }

    fn respond_to_device_password_verifier(
        &self,
        answer: PasswordVerifierAnswer,
    ) -> PortFuture<'_, AuthStep> {
        Box::pin(self.device_password_verifier(answer))
    }

    fn confirm_device(
        &self,
        access_token: AccessToken,
        device_key: String,
        verifier: DeviceVerifier,
        device_name: Option<String>,
    ) -> PortFuture<'_, bool> {
        Box::pin(self.confirm(access_token, device_key, verifier, device_name))
    }

    fn update_device_status(
        &self,
        access_token: AccessToken,
        device_key: String,
        remembered: bool,
    ) -> PortFuture<'_, ()> {
        Box::pin(self.device_status(access_token, device_key, remembered))
    }

    fn list_devices(&self, access_token: AccessToken) -> PortFuture<'_, Vec<RemoteDevice>> {
        Box::pin(self.devices(access_token))
    }

    fn forget_device(&self, access_token: AccessToken, device_key: String) -> PortFuture<'_, ()> {
        Box::pin(self.forget(access_token, device_key))
    }
}

#[path = "sdk_account.rs"]
mod account;

#[path = "sdk_devices.rs"]
mod devices;

#[path = "sdk_username.rs"]
mod username;

#[cfg(test)]
#[path = "sdk_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "sdk_flow_tests.rs"]
mod flow_tests;

#[cfg(test)]
#[path = "sdk_device_tests.rs"]
mod device_tests;

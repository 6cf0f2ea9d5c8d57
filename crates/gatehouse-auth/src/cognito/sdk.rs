//! `CognitoPort` over `aws-sdk-cognitoidentityprovider`.
//!
//! The user-pool operations used here are public (authorised by the app client id, not by AWS
//! credentials), so the client is built without a credentials provider and the SDK sends them
//! unsigned. `endpoint_url` points it at the local pool. Short timeouts make an unreachable pool a
//! prompt `Network` error instead of a hung screen.
//! <https://docs.rs/aws-sdk-cognitoidentityprovider/latest/aws_sdk_cognitoidentityprovider/>

use std::collections::BTreeMap;
use std::time::Duration;

use aws_sdk_cognitoidentityprovider::config::timeout::TimeoutConfig;
use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Region};
use aws_sdk_cognitoidentityprovider::types::{
    AuthFlowType, ChallengeNameType, SmsMfaSettingsType, SoftwareTokenMfaSettingsType,
    VerifySoftwareTokenResponseType,
};
use aws_sdk_cognitoidentityprovider::Client;

use super::errors::from_sdk;
use super::port::{
    AuthStep, ChallengeResponse, CognitoPort, PasswordVerifierAnswer, PortFuture, RemoteUser,
    SignUpOutcome, SoftwareTokenAssociation, TokenAuth,
};
use super::wire::{
    attribute_list, challenge_responses, challenge_session, delivery, flags, mfa_method, service,
    token_auth, tokens, AuthAnswer,
};
use crate::error::AuthError;
use crate::secret::{
    AccessToken, ChallengeSession, ConfirmationCode, Password, RefreshToken, TotpSecret,
};
use crate::session::Tokens;
use crate::view::{CodeDelivery, MfaChoice};
use crate::PoolSettings;

pub struct SdkCognito {
    client: Client,
    client_id: String,
}

impl SdkCognito {
    pub fn new(settings: &PoolSettings) -> Self {
        let mut config = aws_sdk_cognitoidentityprovider::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(settings.region.clone()))
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(5))
                    .operation_timeout(Duration::from_secs(30))
                    .build(),
            );
        if let Some(endpoint) = &settings.endpoint {
            config = config.endpoint_url(endpoint);
        }
        Self {
            client: Client::from_conf(config.build()),
            client_id: settings.client_id.clone(),
        }
    }
}

impl CognitoPort for SdkCognito {
    fn sign_up(
        &self,
        username: String,
        password: Password,
        attributes: BTreeMap<String, String>,
    ) -> PortFuture<'_, SignUpOutcome> {
        Box::pin(async move {
            let out = self
                .client
                .sign_up()
                .client_id(&self.client_id)
                .username(username)
                .password(password.expose())
                .set_user_attributes(Some(attribute_list(attributes)?))
                .send()
                .await
                .map_err(from_sdk)?;
            Ok(SignUpOutcome {
                user_confirmed: out.user_confirmed(),
                delivery: out.code_delivery_details().map(delivery),
            })
        })
    }

    fn confirm_sign_up(&self, username: String, code: ConfirmationCode) -> PortFuture<'_, ()> {
        Box::pin(async move {
            self.client
                .confirm_sign_up()
                .client_id(&self.client_id)
                .username(username)
                .confirmation_code(code.expose())
                .send()
                .await
                .map_err(from_sdk)?;
            Ok(())
        })
    }

    fn resend_confirmation_code(&self, username: String) -> PortFuture<'_, Option<CodeDelivery>> {
        Box::pin(async move {
            let out = self
                .client
                .resend_confirmation_code()
                .client_id(&self.client_id)
                .username(username)
                .send()
                .await
                .map_err(from_sdk)?;
            Ok(out.code_delivery_details().map(delivery))
        })
    }

    fn initiate_srp_auth(&self, username: String, srp_a: String) -> PortFuture<'_, AuthStep> {
        Box::pin(async move {
            self.client
                .initiate_auth()
                .client_id(&self.client_id)
                .auth_flow(AuthFlowType::UserSrpAuth)
                .auth_parameters("USERNAME", username)
                .auth_parameters("SRP_A", srp_a)
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
            self.client
                .respond_to_auth_challenge()
                .client_id(&self.client_id)
                .challenge_name(ChallengeNameType::PasswordVerifier)
                .challenge_responses("USERNAME", answer.username)
                .challenge_responses("PASSWORD_CLAIM_SECRET_BLOCK", answer.secret_block)
                .challenge_responses("PASSWORD_CLAIM_SIGNATURE", answer.signature)
                .challenge_responses("TIMESTAMP", answer.timestamp)
                .set_session(answer.session.as_ref().map(|s| s.expose().to_owned()))
                .send()
                .await
                .map_err(from_sdk)?
                .step()
        })
    }

    fn refresh_tokens(&self, refresh_token: RefreshToken) -> PortFuture<'_, Tokens> {
        Box::pin(async move {
            let out = self
                .client
                .initiate_auth()
                .client_id(&self.client_id)
                .auth_flow(AuthFlowType::RefreshTokenAuth)
                .auth_parameters("REFRESH_TOKEN", refresh_token.expose())
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
                .send()
                .await
                .map_err(from_sdk)?;
            Ok(())
        })
    }

    fn respond_to_challenge(&self, response: ChallengeResponse) -> PortFuture<'_, AuthStep> {
        Box::pin(async move {
            let (name, responses) = challenge_responses(response.user_id, response.answer);
            self.client
                .respond_to_auth_challenge()
                .client_id(&self.client_id)
                .session(response.session.expose())
                .challenge_name(name)
                .set_challenge_responses(Some(responses))
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
                .token(refresh_token.expose())
                .send()
                .await
                .map_err(from_sdk)?;
            Ok(())
        })
    }

    fn forgot_password(&self, username: String) -> PortFuture<'_, Option<CodeDelivery>> {
        Box::pin(async move {
            let out = self
                .client
                .forgot_password()
                .client_id(&self.client_id)
                .username(username)
                .send()
                .await
                .map_err(from_sdk)?;
            Ok(out.code_delivery_details().map(delivery))
        })
    }

    fn confirm_forgot_password(
        &self,
        username: String,
        code: ConfirmationCode,
        password: Password,
    ) -> PortFuture<'_, ()> {
        Box::pin(async move {
            self.client
                .confirm_forgot_password()
                .client_id(&self.client_id)
                .username(username)
                .confirmation_code(code.expose())
                .password(password.expose())
                .send()
                .await
                .map_err(from_sdk)?;
            Ok(())
        })
    }
}

#[cfg(test)]
#[path = "sdk_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "sdk_flow_tests.rs"]
mod flow_tests;

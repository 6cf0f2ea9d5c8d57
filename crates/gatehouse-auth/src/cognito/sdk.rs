//! `CognitoPort` over `aws-sdk-cognitoidentityprovider`.
//!
//! The user-pool operations used here are public (authorised by the app client id, not by AWS
//! credentials), so the client is built without a credentials provider and the SDK sends them
//! unsigned. `endpoint_url` points it at the local pool. Short timeouts make an unreachable pool a
//! prompt `Network` error instead of a hung screen.
//! <https://docs.rs/aws-sdk-cognitoidentityprovider/latest/aws_sdk_cognitoidentityprovider/>

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_cognitoidentityprovider::config::timeout::TimeoutConfig;
use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Region};
use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, AuthFlowType, AuthenticationResultType, ChallengeNameType,
    CodeDeliveryDetailsType,
};
use aws_sdk_cognitoidentityprovider::Client;

use super::errors::from_sdk;
use super::port::{
    AuthStep, CognitoPort, PasswordVerifierAnswer, PasswordVerifierChallenge, PortFuture,
    RemoteUser, SignUpOutcome,
};
use crate::error::AuthError;
use crate::secret::{
    AccessToken, ChallengeSession, ConfirmationCode, IdToken, Password, RefreshToken,
};
use crate::session::Tokens;
use crate::view::CodeDelivery;
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
        email: String,
    ) -> PortFuture<'_, SignUpOutcome> {
        Box::pin(async move {
            let email = AttributeType::builder()
                .name("email")
                .value(email)
                .build()
                .map_err(|_| service("BuildError", "Could not build the email attribute."))?;
            let out = self
                .client
                .sign_up()
                .client_id(&self.client_id)
                .username(username)
                .password(password.expose())
                .user_attributes(email)
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
            let out = self
                .client
                .initiate_auth()
                .client_id(&self.client_id)
                .auth_flow(AuthFlowType::UserSrpAuth)
                .auth_parameters("USERNAME", username)
                .auth_parameters("SRP_A", srp_a)
                .send()
                .await
                .map_err(from_sdk)?;
            auth_step(
                out.challenge_name(),
                out.challenge_parameters(),
                out.session(),
                out.authentication_result(),
            )
        })
    }

    fn respond_to_password_verifier(
        &self,
        answer: PasswordVerifierAnswer,
    ) -> PortFuture<'_, AuthStep> {
        Box::pin(async move {
            let out = self
                .client
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
                .map_err(from_sdk)?;
            auth_step(
                out.challenge_name(),
                out.challenge_parameters(),
                out.session(),
                out.authentication_result(),
            )
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
}

fn auth_step(
    challenge: Option<&ChallengeNameType>,
    parameters: Option<&HashMap<String, String>>,
    session: Option<&str>,
    result: Option<&AuthenticationResultType>,
) -> Result<AuthStep, AuthError> {
    match (challenge, result) {
        (_, Some(result)) => tokens(result).map(AuthStep::Authenticated),
        (Some(ChallengeNameType::PasswordVerifier), None) => {
            let empty = HashMap::new();
            let params = parameters.unwrap_or(&empty);
            let get = |name: &str| {
                params.get(name).cloned().ok_or_else(|| {
                    service(
                        "MissingChallengeParameter",
                        "The pool's PASSWORD_VERIFIER challenge is incomplete.",
                    )
                })
            };
            Ok(AuthStep::PasswordVerifier(PasswordVerifierChallenge {
                user_id_for_srp: get("USER_ID_FOR_SRP")?,
                srp_b: get("SRP_B")?,
                salt: get("SALT")?,
                secret_block: get("SECRET_BLOCK")?,
                session: session.map(|s| ChallengeSession::new(s.to_owned())),
            }))
        }
        (Some(other), None) => Ok(AuthStep::OtherChallenge {
            name: other.as_str().to_owned(),
        }),
        (None, None) => Err(service("MissingResult", "The pool returned no tokens.")),
    }
}

fn tokens(result: &AuthenticationResultType) -> Result<Tokens, AuthError> {
    let missing = || service("MissingResult", "The pool returned incomplete tokens.");
    Ok(Tokens {
        id_token: IdToken::new(result.id_token().ok_or_else(missing)?.to_owned()),
        access_token: AccessToken::new(result.access_token().ok_or_else(missing)?.to_owned()),
        refresh_token: result
            .refresh_token()
            .map(|t| RefreshToken::new(t.to_owned())),
    })
}

fn delivery(details: &CodeDeliveryDetailsType) -> CodeDelivery {
    CodeDelivery {
        medium: details
            .delivery_medium()
            .map(|m| m.as_str().to_owned())
            .unwrap_or_default(),
        destination: details.destination().unwrap_or_default().to_owned(),
        attribute: details.attribute_name().map(str::to_owned),
    }
}

fn service(code: &str, message: &str) -> AuthError {
    AuthError::Service {
        code: code.into(),
        message: message.into(),
    }
}

#[cfg(test)]
#[path = "sdk_tests.rs"]
mod tests;

//! Carrying out the machine's effects: each one is one Cognito call through the port or one
//! keyring call on a blocking thread, and its outcome comes back as exactly one event. Errors are
//! scrubbed of the secrets the call sent before they reach the machine (and so the view).

use super::Auth;
use crate::cognito::{AuthStep, ChallengeAnswer, PasswordVerifierAnswer};
use crate::error::AuthError;
use crate::machine::{AuthEvent, Effect};
use crate::srp::SrpHandshake;

impl Auth {
    pub(super) async fn perform(&self, effect: Effect) -> AuthEvent {
        tracing::debug!(effect = effect.name(), "performing");
        match effect {
            Effect::LoadTokens => match self.blocking_store(|s, k| s.load(k)).await {
                Ok(stored) => AuthEvent::StoredSessionLoaded(stored),
                Err(error) => AuthEvent::StoreFailed(error),
            },
            Effect::StoreTokens(stored) => {
                match self.blocking_store(move |s, k| s.save(k, &stored)).await {
                    Ok(()) => AuthEvent::TokensStored,
                    Err(error) => AuthEvent::StoreFailed(error),
                }
            }
            Effect::ClearTokens => match self.blocking_store(|s, k| s.clear(k)).await {
                Ok(()) => AuthEvent::TokensCleared,
                Err(error) => AuthEvent::StoreFailed(error),
            },
            Effect::CallSignUp {
                username,
                password,
                attributes,
            } => {
                let secret = password.clone();
                match self.port.sign_up(username, password, attributes).await {
                    Ok(outcome) => AuthEvent::SignUpAccepted(outcome),
                    Err(error) => failed(error.scrub(secret.expose())),
                }
            }
            Effect::CallConfirmSignUp { username, code } => {
                let secret = code.clone();
                match self.port.confirm_sign_up(username, code).await {
                    Ok(()) => AuthEvent::SignUpConfirmed,
                    Err(error) => failed(error.scrub(secret.expose())),
                }
            }
            Effect::CallResendConfirmationCode { username } => {
                match self.port.resend_confirmation_code(username).await {
                    Ok(delivery) => AuthEvent::CodeResent { delivery },
                    Err(error) => failed(error),
                }
            }
            Effect::InitiateSrpAuth { username, password } => {
                let (handshake, srp_a) = SrpHandshake::start(
                    &self.settings.user_pool_id,
                    &self.settings.client_id,
                    &username,
                    &password,
                );
                match self.port.initiate_srp_auth(username, srp_a).await {
                    Ok(AuthStep::PasswordVerifier(challenge)) => {
                        // The device remembered for this user, named in the answer; a store
                        // that cannot say only means the sign-in goes without it.
                        let user_id = challenge.user_id_for_srp.clone();
                        let device = self
                            .blocking_store(move |s, k| s.load_device(k, &user_id))
                            .await
                            .ok()
                            .flatten();
                        AuthEvent::PasswordVerifierRequested {
                            handshake,
                            challenge,
                            device,
                        }
                    }
                    Ok(step) => step_event(step),
                    Err(error) => failed(error.scrub(password.expose())),
                }
            }
            Effect::RespondToPasswordVerifier {
                handshake,
                challenge,
                device_key,
            } => {
                let answer = match handshake.answer(challenge) {
                    Ok(answer) => PasswordVerifierAnswer {
                        device_key,
                        ..answer
                    },
                    Err(error) => return failed(error),
                };
                let named_device = answer.device_key.is_some();
                match self.port.respond_to_password_verifier(answer.clone()).await {
                    Ok(step) => step_event(step),
                    Err(error) if named_device && is_unknown_device(&error) => {
                        AuthEvent::DeviceUnknown { answer }
                    }
                    Err(error) => failed(error),
                }
            }
            Effect::ResendPasswordVerifier(answer) => {
                match self.port.respond_to_password_verifier(answer).await {
                    Ok(step) => step_event(step),
                    Err(error) => failed(error),
                }
            }
            Effect::ClearDevice { username } => {
                match self
                    .blocking_store(move |s, k| s.clear_device(k, &username))
                    .await
                {
                    Ok(()) => AuthEvent::DeviceCleared,
                    Err(error) => AuthEvent::StoreFailed(error),
                }
            }
            Effect::ProveDevice {
                user_id,
                session,
                device,
            } => self.prove_device(user_id, session, device).await,
            Effect::ConfirmDevice {
                access_token,
                username,
                device,
            } => self.confirm_device(access_token, username, device).await,
            Effect::CallListDevices { access_token } => {
                match self.port.list_devices(access_token).await {
                    Ok(devices) => AuthEvent::DevicesListed(devices),
                    Err(error) => failed(error),
                }
            }
            Effect::CallUpdateDeviceStatus {
                access_token,
                device_key,
                remembered,
            } => match self
                .port
                .update_device_status(access_token, device_key, remembered)
                .await
            {
                Ok(()) => AuthEvent::DeviceStatusUpdated,
                Err(error) => failed(error),
            },
            Effect::CallForgetDevice {
                access_token,
                device_key,
            } => match self.port.forget_device(access_token, device_key).await {
                Ok(()) => AuthEvent::DeviceForgotten,
                Err(error) => failed(error),
            },
            Effect::RespondToChallenge(response) => {
                let secrets: Vec<String> = match &response.answer {
                    ChallengeAnswer::MfaCode { code, .. } => vec![code.expose().to_owned()],
                    ChallengeAnswer::NewPassword { password, .. } => {
                        vec![password.expose().to_owned()]
                    }
                    ChallengeAnswer::SelectMfa(_) | ChallengeAnswer::MfaSetup => Vec::new(),
                };
                let secrets = zeroize::Zeroizing::new(secrets);
                match self.port.respond_to_challenge(response).await {
                    Ok(step) => step_event(step),
                    Err(error) => failed(scrub(error, &secrets)),
                }
            }
            Effect::CallAssociateSoftwareToken(auth) => {
                match self.port.associate_software_token(auth).await {
                    Ok(association) => AuthEvent::SoftwareTokenAssociated(association),
                    Err(error) => failed(error),
                }
            }
            Effect::CallVerifySoftwareToken {
                auth,
                code,
                device_name,
            } => {
                let secret = code.clone();
                match self
                    .port
                    .verify_software_token(auth, code, device_name)
                    .await
                {
                    Ok(session) => AuthEvent::SoftwareTokenVerified { session },
                    Err(error) => failed(error.scrub(secret.expose())),
                }
            }
            Effect::CallSetMfaPreference {
                access_token,
                sms,
                totp,
            } => match self.port.set_mfa_preference(access_token, sms, totp).await {
                Ok(()) => AuthEvent::MfaPreferenceSaved,
                Err(error) => failed(error),
            },
            Effect::RefreshTokens {
                refresh_token,
                sub,
                device_key,
            } => {
                match self
                    .port
                    .refresh_tokens(refresh_token, sub, device_key)
                    .await
                {
                    Ok(tokens) => AuthEvent::TokensRefreshed(tokens),
                    Err(error) => failed(error),
                }
            }
            Effect::CallGetUser { access_token } => match self.port.get_user(access_token).await {
                Ok(user) => AuthEvent::UserLoaded(user),
                Err(error) => failed(error),
            },
            Effect::CallRevokeToken { refresh_token } => {
                match self.port.revoke_token(refresh_token).await {
                    Ok(()) => AuthEvent::TokenRevoked,
                    Err(error) => failed(error),
                }
            }
            Effect::CallGlobalSignOut { access_token } => {
                match self.port.global_sign_out(access_token).await {
                    Ok(()) => AuthEvent::SignedOutEverywhere,
                    Err(error) => failed(error),
                }
            }
            Effect::CallForgotPassword { username } => {
                match self.port.forgot_password(username).await {
                    Ok(delivery) => AuthEvent::ResetCodeSent { delivery },
                    Err(error) => failed(error),
                }
            }
            Effect::CallConfirmForgotPassword {
                username,
                code,
                password,
            } => {
                let secrets = zeroize::Zeroizing::new(vec![
                    code.expose().to_owned(),
                    password.expose().to_owned(),
                ]);
                match self
                    .port
                    .confirm_forgot_password(username, code, password)
                    .await
                {
                    Ok(()) => AuthEvent::PasswordReset,
                    Err(error) => failed(scrub(error, &secrets)),
                }
            }
            Effect::CallUpdateUserAttributes {
                access_token,
                attributes,
            } => match self
                .port
                .update_user_attributes(access_token, attributes)
                .await
            {
                Ok(deliveries) => AuthEvent::AttributesUpdated { deliveries },
                Err(error) => failed(error),
            },
            Effect::CallDeleteUserAttributes {
                access_token,
                names,
            } => match self.port.delete_user_attributes(access_token, names).await {
                Ok(()) => AuthEvent::AttributesDeleted,
                Err(error) => failed(error),
            },
            Effect::CallGetUserAttributeVerificationCode {
                access_token,
                attribute,
            } => match self
                .port
                .get_user_attribute_verification_code(access_token, attribute)
                .await
            {
                Ok(delivery) => AuthEvent::AttributeCodeSent { delivery },
                Err(error) => failed(error),
            },
            Effect::CallVerifyUserAttribute {
                access_token,
                attribute,
                code,
            } => {
                let secret = code.clone();
                match self
                    .port
                    .verify_user_attribute(access_token, attribute, code)
                    .await
                {
                    Ok(()) => AuthEvent::AttributeVerified,
                    Err(error) => failed(error.scrub(secret.expose())),
                }
            }
            Effect::CallChangePassword {
                access_token,
                current,
                new,
            } => {
                let secrets = zeroize::Zeroizing::new(vec![
                    current.expose().to_owned(),
                    new.expose().to_owned(),
                ]);
                match self.port.change_password(access_token, current, new).await {
                    Ok(()) => AuthEvent::PasswordChanged,
                    Err(error) => failed(scrub(error, &secrets)),
                }
            }
            Effect::CallDeleteUser { access_token } => {
                match self.port.delete_user(access_token).await {
                    Ok(()) => AuthEvent::UserDeleted,
                    Err(error) => failed(error),
                }
            }
        }
    }
}

pub(super) fn failed(error: AuthError) -> AuthEvent {
    tracing::info!(kind = ?error.kind(), error = %log_detail(&error), "call failed");
    AuthEvent::CallFailed(error)
}

fn scrub(error: AuthError, secrets: &[String]) -> AuthError {
    secrets
        .iter()
        .fold(error, |error, secret| error.scrub(secret))
}

/// What an authentication answer means for the machine. A second `PASSWORD_VERIFIER` after the
/// proof, or a challenge the core does not answer, is a failure the user sees.
pub(super) fn step_event(step: AuthStep) -> AuthEvent {
    match step {
        AuthStep::Authenticated(tokens) => AuthEvent::Authenticated(tokens),
        AuthStep::Challenge(step) => AuthEvent::ChallengeReceived(step),
        AuthStep::PasswordVerifier(_) => failed(AuthError::UnsupportedChallenge {
            name: "PASSWORD_VERIFIER".into(),
        }),
        AuthStep::OtherChallenge { name } => failed(AuthError::UnsupportedChallenge { name }),
    }
}

/// "Device does not exist.": the pool refused the `DEVICE_KEY` before it used the proof.
fn is_unknown_device(error: &AuthError) -> bool {
    matches!(error, AuthError::Service { code, .. } if code == "ResourceNotFoundException")
}

/// The log line of an error: its user message plus the transport detail that only logs get.
fn log_detail(error: &AuthError) -> String {
    match error {
        AuthError::Network { detail }
        | AuthError::PoolTimeout { detail }
        | AuthError::Keyring { detail } => detail.clone(),
        other => other.to_string(),
    }
}

//! The scripted fake pool: replies in order, records each call (with the values a test checks,
//! never a token), and fails the test on a call the script did not plan.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

use super::{NEW_PASSWORD, PASSWORD};
use crate::cognito::{
    AuthStep, ChallengeAnswer, ChallengeResponse, CognitoPort, DeviceSrpRequest, DeviceVerifier,
    PasswordVerifierAnswer, PasswordVerifierChallenge, PortFuture, RemoteDevice, RemoteUser,
    SignUpOutcome, SoftwareTokenAssociation, TokenAuth,
};
use crate::error::AuthError;
use crate::secret::{AccessToken, ChallengeSession, ConfirmationCode, Password, RefreshToken};
use crate::session::Tokens;
use crate::view::{CodeDelivery, MfaChoice};

pub(in crate::driver) enum Reply {
    SignUp(Result<SignUpOutcome, AuthError>),
    Unit(Result<(), AuthError>),
    Resend(Result<Option<CodeDelivery>, AuthError>),
    Step(Result<AuthStep, AuthError>),
    Tokens(Result<Tokens, AuthError>),
    User(Result<RemoteUser, AuthError>),
    Association(Result<SoftwareTokenAssociation, AuthError>),
    Verified(Result<Option<ChallengeSession>, AuthError>),
    Deliveries(Result<Vec<CodeDelivery>, AuthError>),
    /// `ConfirmDevice`: `UserConfirmationNecessary`.
    Confirmed(Result<bool, AuthError>),
    Devices(Result<Vec<RemoteDevice>, AuthError>),
    /// `DEVICE_SRP_AUTH` answered with `DEVICE_PASSWORD_VERIFIER`.
    DeviceChallenge(Result<PasswordVerifierChallenge, AuthError>),
}

/// ` DEVICE_KEY=<key>` when a device is named, nothing otherwise.
fn device_suffix(device_key: Option<&String>) -> String {
    device_key.map_or(String::new(), |key| format!(" DEVICE_KEY={key}"))
}

/// Replies in order and records each call; a call the script did not plan fails the test.
#[derive(Default)]
pub(in crate::driver) struct FakePool {
    script: Mutex<VecDeque<Reply>>,
    calls: Mutex<Vec<String>>,
}

impl FakePool {
    pub(in crate::driver) fn new(replies: Vec<Reply>) -> Arc<Self> {
        Arc::new(Self {
            script: Mutex::new(replies.into()),
            calls: Mutex::default(),
        })
    }

    fn next(&self, call: String) -> Reply {
        self.calls.lock().unwrap().push(call.clone());
        self.script
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or_else(|| panic!("unplanned call {call}"))
    }

    pub(in crate::driver) fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }
}

macro_rules! reply {
    ($self:ident, $call:expr, $variant:ident) => {{
        let call = $call;
        let reply = match $self.next(call.clone()) {
            Reply::$variant(reply) => reply,
            _ => panic!("{call}: the script planned another operation"),
        };
        Box::pin(async move { reply })
    }};
}

impl CognitoPort for FakePool {
    fn sign_up(
        &self,
        username: String,
        password: Password,
        attributes: BTreeMap<String, String>,
    ) -> PortFuture<'_, SignUpOutcome> {
        assert_eq!(password.expose(), PASSWORD, "the typed password is sent");
        let attributes: Vec<String> = attributes.iter().map(|(k, v)| format!("{k}={v}")).collect();
        reply!(
            self,
            format!("SignUp {username} {}", attributes.join(",")),
            SignUp
        )
    }
    fn confirm_sign_up(&self, username: String, code: ConfirmationCode) -> PortFuture<'_, ()> {
        reply!(
            self,
            format!("ConfirmSignUp {username} {}", code.expose()),
            Unit
        )
    }
    fn resend_confirmation_code(&self, username: String) -> PortFuture<'_, Option<CodeDelivery>> {
        reply!(self, format!("ResendConfirmationCode {username}"), Resend)
    }
    fn initiate_srp_auth(&self, username: String, srp_a: String) -> PortFuture<'_, AuthStep> {
        assert!(srp_a.len() >= 512, "SRP_A is a 3072-bit number in hex");
        reply!(self, format!("InitiateAuth {username}"), Step)
    }
    fn respond_to_password_verifier(
        &self,
        answer: PasswordVerifierAnswer,
    ) -> PortFuture<'_, AuthStep> {
        let session = answer
            .session
            .as_ref()
            .map_or("none", |s| s.expose())
            .to_owned();
        assert!(!answer.signature.is_empty() && !answer.timestamp.is_empty());
        reply!(
            self,
            format!(
                "RespondToAuthChallenge {} {session}{}",
                answer.username,
                device_suffix(answer.device_key.as_ref())
            ),
            Step
        )
    }
    fn refresh_tokens(
        &self,
        refresh_token: RefreshToken,
        sub: String,
        device_key: Option<String>,
    ) -> PortFuture<'_, Tokens> {
        assert_eq!(sub, "sub-ana", "the token's user goes with it");
        reply!(
            self,
            format!(
                "Refresh {}{}",
                refresh_token.expose(),
                device_suffix(device_key.as_ref())
            ),
            Tokens
        )
    }
    fn get_user(&self, _access_token: AccessToken) -> PortFuture<'_, RemoteUser> {
        reply!(self, "GetUser".to_owned(), User)
    }
    fn global_sign_out(&self, _access_token: AccessToken) -> PortFuture<'_, ()> {
        reply!(self, "GlobalSignOut".to_owned(), Unit)
    }
    fn respond_to_challenge(&self, response: ChallengeResponse) -> PortFuture<'_, AuthStep> {
        let answer = match &response.answer {
            ChallengeAnswer::MfaCode { method, code } => {
                format!("{method:?} code={}", code.expose())
            }
            ChallengeAnswer::SelectMfa(method) => format!("SELECT_MFA_TYPE {method:?}"),
            ChallengeAnswer::NewPassword {
                password,
                attributes,
            } => {
                assert_eq!(password.expose(), NEW_PASSWORD, "the new password is sent");
                let attributes: Vec<String> =
                    attributes.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("NEW_PASSWORD_REQUIRED {}", attributes.join(","))
            }
            ChallengeAnswer::MfaSetup => "MFA_SETUP".to_owned(),
        };
        reply!(
            self,
            format!(
                "RespondToAuthChallenge {} {} {answer}{}",
                response.user_id,
                response.session.expose(),
                device_suffix(response.device_key.as_ref())
            ),
            Step
        )
    }
    fn associate_software_token(
        &self,
        auth: TokenAuth,
    ) -> PortFuture<'_, SoftwareTokenAssociation> {
        reply!(
            self,
            format!("AssociateSoftwareToken {}", authorised_by(&auth)),
            Association
        )
    }
    fn verify_software_token(
        &self,
        auth: TokenAuth,
        code: ConfirmationCode,
        device_name: Option<String>,
    ) -> PortFuture<'_, Option<ChallengeSession>> {
        reply!(
            self,
            format!(
                "VerifySoftwareToken {} {} {}",
                authorised_by(&auth),
                code.expose(),
                device_name.as_deref().unwrap_or("-")
            ),
            Verified
        )
    }
    fn set_mfa_preference(
        &self,
        _access_token: AccessToken,
        sms: MfaChoice,
        totp: MfaChoice,
    ) -> PortFuture<'_, ()> {
        reply!(
            self,
            format!("SetUserMFAPreference sms={sms:?} totp={totp:?}"),
            Unit
        )
    }
    fn revoke_token(&self, refresh_token: RefreshToken) -> PortFuture<'_, ()> {
        reply!(
            self,
            format!("RevokeToken {}", refresh_token.expose()),
            Unit
        )
    }
    fn forgot_password(&self, username: String) -> PortFuture<'_, Option<CodeDelivery>> {
        reply!(self, format!("ForgotPassword {username}"), Resend)
    }
    fn confirm_forgot_password(
        &self,
        username: String,
        code: ConfirmationCode,
        password: Password,
    ) -> PortFuture<'_, ()> {
        assert_eq!(password.expose(), NEW_PASSWORD, "the new password is sent");
        reply!(
            self,
            format!("ConfirmForgotPassword {username} {}", code.expose()),
            Unit
        )
    }
    fn update_user_attributes(
        &self,
        _access_token: AccessToken,
        attributes: BTreeMap<String, String>,
    ) -> PortFuture<'_, Vec<CodeDelivery>> {
        let attributes: Vec<String> = attributes.iter().map(|(k, v)| format!("{k}={v}")).collect();
        reply!(
            self,
            format!("UpdateUserAttributes {}", attributes.join(",")),
            Deliveries
        )
    }
    fn delete_user_attributes(
        &self,
        _access_token: AccessToken,
        names: Vec<String>,
    ) -> PortFuture<'_, ()> {
        reply!(
            self,
            format!("DeleteUserAttributes {}", names.join(",")),
            Unit
        )
    }
    fn get_user_attribute_verification_code(
        &self,
        _access_token: AccessToken,
        attribute: String,
    ) -> PortFuture<'_, Option<CodeDelivery>> {
        reply!(
            self,
            format!("GetUserAttributeVerificationCode {attribute}"),
            Resend
        )
    }
    fn verify_user_attribute(
        &self,
        _access_token: AccessToken,
        attribute: String,
        code: ConfirmationCode,
    ) -> PortFuture<'_, ()> {
        reply!(
            self,
            format!("VerifyUserAttribute {attribute} {}", code.expose()),
            Unit
        )
    }
    fn change_password(
        &self,
        _access_token: AccessToken,
        current: Password,
        new: Password,
    ) -> PortFuture<'_, ()> {
        assert_eq!(current.expose(), PASSWORD, "the current password is sent");
        assert_eq!(new.expose(), NEW_PASSWORD, "the new password is sent");
        reply!(self, "ChangePassword".to_owned(), Unit)
    }
    fn delete_user(&self, _access_token: AccessToken) -> PortFuture<'_, ()> {
        reply!(self, "DeleteUser".to_owned(), Unit)
    }
    fn respond_to_device_srp(
        &self,
        request: DeviceSrpRequest,
    ) -> PortFuture<'_, PasswordVerifierChallenge> {
        assert!(
            request.srp_a.len() >= 512,
            "SRP_A is a 3072-bit number in hex"
        );
        reply!(
            self,
            format!(
                "DEVICE_SRP_AUTH {} {} {}",
                request.user_id,
                request.session.expose(),
                request.device_key
            ),
            DeviceChallenge
        )
    }
    fn respond_to_device_password_verifier(
        &self,
        answer: PasswordVerifierAnswer,
    ) -> PortFuture<'_, AuthStep> {
        assert!(!answer.signature.is_empty() && !answer.timestamp.is_empty());
        reply!(
            self,
            format!(
                "DEVICE_PASSWORD_VERIFIER {}{}",
                answer.username,
                device_suffix(answer.device_key.as_ref())
            ),
            Step
        )
    }
    fn confirm_device(
        &self,
        _access_token: AccessToken,
        device_key: String,
        verifier: DeviceVerifier,
        device_name: Option<String>,
    ) -> PortFuture<'_, bool> {
        assert!(!verifier.password_verifier.is_empty() && !verifier.salt.is_empty());
        assert!(device_name.is_some(), "the device is named");
        reply!(self, format!("ConfirmDevice {device_key}"), Confirmed)
    }
    fn update_device_status(
        &self,
        _access_token: AccessToken,
        device_key: String,
        remembered: bool,
    ) -> PortFuture<'_, ()> {
        let status = if remembered {
            "remembered"
        } else {
            "not_remembered"
        };
        reply!(
            self,
            format!("UpdateDeviceStatus {device_key} {status}"),
            Unit
        )
    }
    fn list_devices(&self, _access_token: AccessToken) -> PortFuture<'_, Vec<RemoteDevice>> {
        reply!(self, "ListDevices".to_owned(), Devices)
    }
    fn forget_device(&self, _access_token: AccessToken, device_key: String) -> PortFuture<'_, ()> {
        reply!(self, format!("ForgetDevice {device_key}"), Unit)
    }
}

fn authorised_by(auth: &TokenAuth) -> String {
    match auth {
        TokenAuth::Session(session) => format!("session={}", session.expose()),
        TokenAuth::Access(_) => "access-token".to_owned(),
    }
}

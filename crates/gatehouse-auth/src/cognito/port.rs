//! The operations the core uses, as a trait, with Cognito's answers as plain types.
//!
//! Methods return boxed futures so that the driver can hold an `Arc<dyn CognitoPort>` (a fake in
//! unit tests, the SDK in the app). Requests own their values: secrets travel as secret types.
//! API reference: <https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/Welcome.html>

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use crate::error::AuthError;
use crate::secret::{AccessToken, ChallengeSession, ConfirmationCode, Password, RefreshToken};
use crate::session::Tokens;
use crate::view::CodeDelivery;

pub type PortFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, AuthError>> + Send + 'a>>;

/// `SignUp`'s answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignUpOutcome {
    pub user_confirmed: bool,
    pub delivery: Option<CodeDelivery>,
}

/// The `PASSWORD_VERIFIER` challenge parameters from `InitiateAuth` `USER_SRP_AUTH`.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordVerifierChallenge {
    /// The canonical username, to be used in the proof and the answer (the user may have typed an alias).
    pub user_id_for_srp: String,
    pub srp_b: String,
    pub salt: String,
    pub secret_block: String,
    pub session: Option<ChallengeSession>,
}

impl std::fmt::Debug for PasswordVerifierChallenge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordVerifierChallenge")
            .field("user_id_for_srp", &self.user_id_for_srp)
            .finish_non_exhaustive()
    }
}

/// The answer to `PASSWORD_VERIFIER` for `RespondToAuthChallenge`.
#[derive(Clone)]
pub struct PasswordVerifierAnswer {
    pub username: String,
    pub secret_block: String,
    pub signature: String,
    pub timestamp: String,
    pub session: Option<ChallengeSession>,
}

impl std::fmt::Debug for PasswordVerifierAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordVerifierAnswer")
            .field("username", &self.username)
            .field("timestamp", &self.timestamp)
            .finish_non_exhaustive()
    }
}

/// Where an authentication call left us.
#[derive(Clone, Debug)]
pub enum AuthStep {
    /// Signed in.
    Authenticated(Tokens),
    /// The pool wants the SRP proof.
    PasswordVerifier(PasswordVerifierChallenge),
    /// A challenge this slice does not answer (MFA, NEW_PASSWORD_REQUIRED...).
    OtherChallenge { name: String },
}

/// `GetUser`'s answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteUser {
    pub username: String,
    pub attributes: HashMap<String, String>,
}

/// One method per Cognito operation the core calls.
pub trait CognitoPort: Send + Sync {
    fn sign_up(
        &self,
        username: String,
        password: Password,
        email: String,
    ) -> PortFuture<'_, SignUpOutcome>;
    fn confirm_sign_up(&self, username: String, code: ConfirmationCode) -> PortFuture<'_, ()>;
    fn resend_confirmation_code(&self, username: String) -> PortFuture<'_, Option<CodeDelivery>>;
    /// `InitiateAuth` with `USER_SRP_AUTH`: sends `SRP_A`.
    fn initiate_srp_auth(&self, username: String, srp_a: String) -> PortFuture<'_, AuthStep>;
    /// `RespondToAuthChallenge` with `PASSWORD_VERIFIER`.
    fn respond_to_password_verifier(
        &self,
        answer: PasswordVerifierAnswer,
    ) -> PortFuture<'_, AuthStep>;
    /// `InitiateAuth` with `REFRESH_TOKEN_AUTH`.
    fn refresh_tokens(&self, refresh_token: RefreshToken) -> PortFuture<'_, Tokens>;
    fn get_user(&self, access_token: AccessToken) -> PortFuture<'_, RemoteUser>;
    fn global_sign_out(&self, access_token: AccessToken) -> PortFuture<'_, ()>;
}

//! Orders the machine gives the driver. Each one, carried out, produces exactly one event.

use crate::cognito::PasswordVerifierChallenge;
use crate::secret::{AccessToken, ConfirmationCode, Password, RefreshToken};
use crate::srp::SrpHandshake;
use crate::store::StoredSession;

#[derive(Debug)]
pub enum Effect {
    LoadTokens,
    StoreTokens(StoredSession),
    ClearTokens,
    CallSignUp {
        username: String,
        password: Password,
        email: String,
    },
    CallConfirmSignUp {
        username: String,
        code: ConfirmationCode,
    },
    CallResendConfirmationCode {
        username: String,
    },
    /// Start an SRP handshake and send `InitiateAuth` `USER_SRP_AUTH`.
    InitiateSrpAuth {
        username: String,
        password: Password,
    },
    RespondToPasswordVerifier {
        handshake: SrpHandshake,
        challenge: PasswordVerifierChallenge,
    },
    RefreshTokens {
        refresh_token: RefreshToken,
    },
    CallGetUser {
        access_token: AccessToken,
    },
}

impl Effect {
    /// For logs and tests: the effect's name, never its data.
    pub fn name(&self) -> &'static str {
        match self {
            Self::LoadTokens => "LoadTokens",
            Self::StoreTokens(_) => "StoreTokens",
            Self::ClearTokens => "ClearTokens",
            Self::CallSignUp { .. } => "CallSignUp",
            Self::CallConfirmSignUp { .. } => "CallConfirmSignUp",
            Self::CallResendConfirmationCode { .. } => "CallResendConfirmationCode",
            Self::InitiateSrpAuth { .. } => "InitiateSrpAuth",
            Self::RespondToPasswordVerifier { .. } => "RespondToPasswordVerifier",
            Self::RefreshTokens { .. } => "RefreshTokens",
            Self::CallGetUser { .. } => "CallGetUser",
        }
    }
}

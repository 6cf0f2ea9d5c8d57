//! Facts the machine reacts to: what the user asked for, and what the pool or the store answered.

use crate::cognito::{PasswordVerifierChallenge, SignUpOutcome};
use crate::error::AuthError;
use crate::secret::{ConfirmationCode, Password};
use crate::session::Tokens;
use crate::srp::SrpHandshake;
use crate::store::StoredSession;
use crate::view::CodeDelivery;

#[derive(Debug)]
pub enum AuthEvent {
    // What the user asked for.
    StartRequested,
    SignUpFormRequested,
    SignInFormRequested,
    SignUpSubmitted {
        username: String,
        password: Password,
        email: String,
    },
    CodeSubmitted {
        code: ConfirmationCode,
    },
    CodeResendRequested,
    SignInSubmitted {
        username: String,
        password: Password,
    },
    SignOutRequested,
    /// The caller wants a session that is good for at least `REFRESH_MARGIN`.
    FreshSessionRequested,

    // What the store answered.
    StoredSessionLoaded(Option<StoredSession>),
    TokensStored,
    TokensCleared,
    StoreFailed(AuthError),

    // What the pool answered.
    SignUpAccepted(SignUpOutcome),
    SignUpConfirmed,
    CodeResent {
        delivery: Option<CodeDelivery>,
    },
    /// `InitiateAuth` answered with `PASSWORD_VERIFIER`; the handshake travels on to the answer.
    PasswordVerifierRequested {
        handshake: SrpHandshake,
        challenge: PasswordVerifierChallenge,
    },
    Authenticated(Tokens),
    TokensRefreshed(Tokens),
    SessionVerified,
    CallFailed(AuthError),
}

impl AuthEvent {
    /// For logs and errors: the event's name, never its data.
    pub fn name(&self) -> &'static str {
        match self {
            Self::StartRequested => "StartRequested",
            Self::SignUpFormRequested => "SignUpFormRequested",
            Self::SignInFormRequested => "SignInFormRequested",
            Self::SignUpSubmitted { .. } => "SignUpSubmitted",
            Self::CodeSubmitted { .. } => "CodeSubmitted",
            Self::CodeResendRequested => "CodeResendRequested",
            Self::SignInSubmitted { .. } => "SignInSubmitted",
            Self::SignOutRequested => "SignOutRequested",
            Self::FreshSessionRequested => "FreshSessionRequested",
            Self::StoredSessionLoaded(_) => "StoredSessionLoaded",
            Self::TokensStored => "TokensStored",
            Self::TokensCleared => "TokensCleared",
            Self::StoreFailed(_) => "StoreFailed",
            Self::SignUpAccepted(_) => "SignUpAccepted",
            Self::SignUpConfirmed => "SignUpConfirmed",
            Self::CodeResent { .. } => "CodeResent",
            Self::PasswordVerifierRequested { .. } => "PasswordVerifierRequested",
            Self::Authenticated(_) => "Authenticated",
            Self::TokensRefreshed(_) => "TokensRefreshed",
            Self::SessionVerified => "SessionVerified",
            Self::CallFailed(_) => "CallFailed",
        }
    }
}

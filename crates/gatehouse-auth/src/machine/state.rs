//! Where the user is in the journey. Each state holds only what is valid in it: the busy states
//! (`SigningUp`, `SigningIn`, ...) hold what the pending answer needs, the resting ones what their
//! screen shows plus the `Feedback` of the last action. No state holds a password or a code: those
//! travel in events and effects and are dropped once sent.

use crate::error::AuthError;
use crate::session::Session;
use crate::view::CodeDelivery;

/// The outcome of the last action, shown on a resting screen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Feedback {
    pub error: Option<AuthError>,
    pub notice: Option<String>,
}

impl Feedback {
    pub fn error(error: AuthError) -> Self {
        Self {
            error: Some(error),
            notice: None,
        }
    }

    pub fn notice(notice: impl Into<String>) -> Self {
        Self {
            error: None,
            notice: Some(notice.into()),
        }
    }
}

#[derive(Debug)]
pub enum AuthState {
    /// Nothing done yet: `start` has not been called.
    Starting,
    /// Reading the stored session from the token store.
    RestoringSession,
    /// A restored session whose access token is still valid, being checked with `GetUser`
    /// (a `GlobalSignOut` elsewhere revokes it).
    VerifyingSession { session: Session },
    /// Exchanging the refresh token for new tokens (`REFRESH_TOKEN_AUTH`); `shown` when the user
    /// already sees the signed-in screen (a refresh on demand rather than at start).
    RefreshingSession { session: Session, shown: bool },
    /// The store is writing a new session.
    StoringSession { session: Session },
    /// The pool said the stored session is dead; the store is clearing it.
    DiscardingSession { username: String, error: AuthError },
    /// The sign-in form.
    SignedOut {
        username: Option<String>,
        feedback: Feedback,
    },
    /// The sign-up form.
    SignUpForm { feedback: Feedback },
    /// `SignUp` in flight.
    SigningUp { username: String },
    /// The confirm-sign-up form.
    AwaitingSignUpCode {
        username: String,
        delivery: Option<CodeDelivery>,
        feedback: Feedback,
    },
    /// `ConfirmSignUp` in flight.
    ConfirmingSignUp {
        username: String,
        delivery: Option<CodeDelivery>,
    },
    /// `ResendConfirmationCode` in flight; `unconfirmed` when a sign-in found the account unconfirmed.
    ResendingCode {
        username: String,
        delivery: Option<CodeDelivery>,
        unconfirmed: bool,
    },
    /// SRP step 1: `InitiateAuth` `USER_SRP_AUTH` in flight.
    SigningIn { username: String },
    /// SRP step 2: the `PASSWORD_VERIFIER` answer in flight.
    VerifyingPassword { username: String },
    SignedIn {
        session: Session,
        feedback: Feedback,
    },
    /// The store is clearing the session the user signed out of.
    SigningOut { session: Session },
}

impl AuthState {
    /// For logs and errors: the state's name, never its data.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Starting => "Starting",
            Self::RestoringSession => "RestoringSession",
            Self::VerifyingSession { .. } => "VerifyingSession",
            Self::RefreshingSession { .. } => "RefreshingSession",
            Self::StoringSession { .. } => "StoringSession",
            Self::DiscardingSession { .. } => "DiscardingSession",
            Self::SignedOut { .. } => "SignedOut",
            Self::SignUpForm { .. } => "SignUpForm",
            Self::SigningUp { .. } => "SigningUp",
            Self::AwaitingSignUpCode { .. } => "AwaitingSignUpCode",
            Self::ConfirmingSignUp { .. } => "ConfirmingSignUp",
            Self::ResendingCode { .. } => "ResendingCode",
            Self::SigningIn { .. } => "SigningIn",
            Self::VerifyingPassword { .. } => "VerifyingPassword",
            Self::SignedIn { .. } => "SignedIn",
            Self::SigningOut { .. } => "SigningOut",
        }
    }
}

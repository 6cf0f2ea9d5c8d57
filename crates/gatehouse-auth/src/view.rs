//! What the UI may know: the screen to show and the data it needs, never a secret.
//!
//! `AuthView` is the only thing the core hands to the desktop shell for display. It is built from
//! the state machine's state by `AuthView::of` and pushed to the web view after every transition.
//! It must never hold a password, a code, a token or an SRP value (tests check this).
//!
//! THIS FILE IS THE CONTRACT between gatehouse-auth and src-tauri/ui. Change it only together
//! with the app and the generated bindings.

use serde::Serialize;

/// Everything a screen needs, and nothing secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AuthView {
    /// Which screen to show, with its data.
    pub screen: Screen,
    /// A network action is in flight: the UI disables the form and shows a spinner.
    pub busy: bool,
    /// The error from the last action, if it failed.
    pub error: Option<ViewError>,
    /// An informational message (for example "We sent a new code to e***@e***.com").
    pub notice: Option<String>,
}

/// The screen the user is on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Screen {
    /// Restoring a session from the keyring at start-up.
    Starting,
    /// The sign-in form; `username` pre-fills it (after sign-up or sign-out).
    #[serde(rename_all = "camelCase")]
    SignIn { username: Option<String> },
    /// The sign-up form.
    SignUp,
    /// Waiting for the sign-up confirmation code.
    #[serde(rename_all = "camelCase")]
    ConfirmSignUp {
        username: String,
        delivery: Option<CodeDelivery>,
    },
    /// Signed in.
    #[serde(rename_all = "camelCase")]
    SignedIn { user: UserSummary },
}

/// Where Cognito says it sent a code, masked as Cognito masks it (`e***@e***.com`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CodeDelivery {
    /// `EMAIL` or `SMS`, as Cognito names the medium.
    pub medium: String,
    pub destination: String,
    /// The attribute the code verifies (`email`, `phone_number`).
    pub attribute: Option<String>,
}

/// Who is signed in, from the ID token's claims.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct UserSummary {
    pub username: String,
    pub sub: String,
    pub email: Option<String>,
    pub email_verified: Option<bool>,
    /// When the current access token expires, as an RFC 3339 UTC timestamp (client clock).
    pub session_expires_at: String,
}

/// An error the UI shows. The UI branches on `kind`, never on `message`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ViewError {
    pub kind: ErrorKind,
    /// A sentence for the user. Never contains a secret.
    pub message: String,
    /// The form field the error concerns, so the UI shows it next to that field.
    pub field: Option<Field>,
}

/// Form fields an error can point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum Field {
    Username,
    Password,
    Email,
    Code,
}

/// User-meaningful error kinds, mapped from Cognito's error codes and local failures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    /// A form field failed local validation before anything was sent.
    InvalidInput,
    NotAuthorized,
    UserNotFound,
    UserNotConfirmed,
    PasswordResetRequired,
    UsernameExists,
    AliasExists,
    InvalidPassword,
    InvalidParameter,
    CodeMismatch,
    ExpiredCode,
    LimitExceeded,
    TooManyRequests,
    /// The pool could not be reached (connection refused, timeout, DNS).
    Network,
    /// The OS keyring refused to store or read the session.
    Keyring,
    /// The action does not apply to the current screen (a UI bug or a double click).
    UnexpectedAction,
    /// Anything else the pool answered; `message` says what.
    Service,
}

impl AuthView {
    /// The view of a state: which screen, whether an action is in flight, and the last outcome.
    /// Busy states show the screen the action started from, so the form stays put under its spinner.
    pub fn of(state: &crate::machine::AuthState) -> Self {
        use crate::machine::{AuthState as S, Feedback};
        let busy = |screen| Self {
            screen,
            busy: true,
            error: None,
            notice: None,
        };
        let resting = |screen, feedback: &Feedback| Self {
            screen,
            busy: false,
            error: feedback
                .error
                .as_ref()
                .map(crate::error::AuthError::to_view),
            notice: feedback.notice.clone(),
        };
        match state {
            S::Starting => resting(Screen::Starting, &Feedback::default()),
            S::RestoringSession
            | S::VerifyingSession { .. }
            | S::RefreshingSession { shown: false, .. }
            | S::DiscardingSession { .. } => busy(Screen::Starting),
            S::StoringSession { session }
            | S::RefreshingSession {
                session,
                shown: true,
            } => busy(Screen::SignedIn {
                user: session.summary(),
            }),
            S::SignedOut { username, feedback } => resting(
                Screen::SignIn {
                    username: username.clone(),
                },
                feedback,
            ),
            S::SignUpForm { feedback } => resting(Screen::SignUp, feedback),
            S::SigningUp { .. } => busy(Screen::SignUp),
            S::AwaitingSignUpCode {
                username,
                delivery,
                feedback,
            } => resting(confirm_screen(username, delivery), feedback),
            S::ConfirmingSignUp { username, delivery }
            | S::ResendingCode {
                username, delivery, ..
            } => busy(confirm_screen(username, delivery)),
            S::SigningIn { username } | S::VerifyingPassword { username } => busy(Screen::SignIn {
                username: Some(username.clone()),
            }),
            S::SignedIn { session, feedback } => resting(
                Screen::SignedIn {
                    user: session.summary(),
                },
                feedback,
            ),
            S::SigningOut { session } => busy(Screen::SignedIn {
                user: session.summary(),
            }),
        }
    }
}

fn confirm_screen(username: &str, delivery: &Option<CodeDelivery>) -> Screen {
    Screen::ConfirmSignUp {
        username: username.to_owned(),
        delivery: delivery.clone(),
    }
}

//! Authenticator-app setup, during sign-in (`MFA_SETUP`: the session authorises it) or from the
//! signed-in screen (the access token does): `AssociateSoftwareToken` gives the secret,
//! `VerifySoftwareToken` checks the first code; during sign-in the session it returns answers
//! `MFA_SETUP`. <https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa-totp.html>

use super::account::{save_preference, with_totp_on};
use super::session::{authenticated, refresh};
use super::sign_in::{answer, challenged};
use super::{go, rest, sign_in_again, signed_out, unexpected, Context, Outcome};
use crate::cognito::{ChallengeAnswer, TokenAuth};
use crate::error::AuthError;
use crate::machine::input::validate_code;
use crate::machine::state::{Account, Resume, TotpContext};
use crate::machine::{AuthEvent, AuthState, Effect, Feedback};
use crate::view::NoticeKind;

pub(super) fn transition(state: AuthState, event: AuthEvent, cx: Context<'_>) -> Outcome {
    use AuthEvent as E;
    use AuthState as S;
    match state {
        S::AssociatingTotp { context } => match event {
            E::SoftwareTokenAssociated(association) => {
                let (context, account_name) = match context {
                    TotpContext::SignIn(mut challenge) => {
                        if let Some(session) = association.session {
                            challenge.session = session;
                        }
                        let name = challenge.username.clone();
                        (TotpContext::SignIn(challenge), name)
                    }
                    TotpContext::Account(account) => {
                        let name = (cx.pool.sign_in_name(&account.session))
                            .unwrap_or_else(|| account.session.username().to_owned());
                        (TotpContext::Account(account), name)
                    }
                };
                let setup =
                    crate::totp::setup(&association.secret, &cx.pool.totp_issuer, &account_name);
                rest(S::SettingUpTotp {
                    context,
                    setup,
                    feedback: Feedback::default(),
                })
            }
            E::CallFailed(error) => failed(context, error, cx),
            other => unexpected(S::AssociatingTotp { context }, &other),
        },
        S::SettingUpTotp {
            context,
            setup,
            feedback,
        } => match event {
            E::TotpCodeSubmitted { code, device_name } => match validate_code(&code) {
                Ok(()) => {
                    let auth = match &context {
                        TotpContext::SignIn(challenge) => {
                            TokenAuth::Session(challenge.session.clone())
                        }
                        TotpContext::Account(account) => {
                            TokenAuth::Access(account.session.access_token.clone())
                        }
                    };
                    go(
                        S::VerifyingTotp { context, setup },
                        Effect::CallVerifySoftwareToken {
                            auth,
                            code,
                            device_name: device_name.filter(|name| !name.trim().is_empty()),
                        },
                    )
                }
                Err(error) => rest(S::SettingUpTotp {
                    context,
                    setup,
                    feedback: Feedback::error(error),
                }),
            },
            E::TotpSetupCancelled => match context {
                TotpContext::SignIn(challenge) => {
                    rest(signed_out(Some(challenge.username), Feedback::default()))
                }
                TotpContext::Account(account) => rest(S::SignedIn {
                    account: *account,
                    feedback: Feedback::default(),
                }),
            },
            // Leaving for the sign-in form is a sign-in setup's way out only.
            E::SignInFormRequested => match context {
                TotpContext::SignIn(challenge) => {
                    rest(signed_out(Some(challenge.username), Feedback::default()))
                }
                context => unexpected(
                    S::SettingUpTotp {
                        context,
                        setup,
                        feedback,
                    },
                    &E::SignInFormRequested,
                ),
            },
            other => unexpected(
                S::SettingUpTotp {
                    context,
                    setup,
                    feedback,
                },
                &other,
            ),
        },
        S::VerifyingTotp { context, setup } => match event {
            E::SoftwareTokenVerified { session } => match context {
                TotpContext::SignIn(mut challenge) => {
                    if let Some(session) = session {
                        challenge.session = session;
                    }
                    let effect = answer(&challenge, ChallengeAnswer::MfaSetup);
                    go(S::CompletingMfaSetup { challenge, setup }, effect)
                }
                // Verified is only registered: turn it on (then the user is reloaded).
                TotpContext::Account(account) => {
                    let (sms, totp) = with_totp_on(account.user.as_ref());
                    save_preference(*account, sms, totp, NoticeKind::AuthenticatorOn)
                }
            },
            // The session or the access token is gone: the setup cannot go on.
            E::CallFailed(error)
                if matches!(error, AuthError::ChallengeExpired) || error.ends_session() =>
            {
                failed(context, error, cx)
            }
            // A wrong code, or the network: the screen stays, the user tries again.
            E::CallFailed(error) => rest(S::SettingUpTotp {
                context,
                setup,
                feedback: Feedback::error(error),
            }),
            other => unexpected(S::VerifyingTotp { context, setup }, &other),
        },
        S::CompletingMfaSetup { challenge, setup } => match event {
            E::Authenticated(tokens) => {
                authenticated(challenge.username, tokens, challenge.device_key, cx)
            }
            E::ChallengeReceived(step) => challenged(
                challenge.username,
                &challenge.user_id,
                challenge.device_key,
                step,
                cx,
            ),
            E::CallFailed(error) => sign_in_again(challenge.username, error),
            other => unexpected(S::CompletingMfaSetup { challenge, setup }, &other),
        },
        other => unexpected(other, &event),
    }
}

/// A setup call failed: during sign-in, back to the sign-in form (the session is spent); signed
/// in, a refused access token is refreshed (or the session ends), anything else is shown.
fn failed(context: TotpContext, error: AuthError, cx: Context<'_>) -> Outcome {
    match context {
        TotpContext::SignIn(challenge) => sign_in_again(challenge.username, error),
        TotpContext::Account(account) => account_failed(*account, error, cx),
    }
}

/// A call with the access token failed while signed in.
pub(super) fn account_failed(account: Account, error: AuthError, cx: Context<'_>) -> Outcome {
    account_failed_about(account, error, None, cx)
}

/// A call with the access token failed while signed in; `attribute` is the one it concerned.
pub(super) fn account_failed_about(
    account: Account,
    error: AuthError,
    attribute: Option<String>,
    cx: Context<'_>,
) -> Outcome {
    let feedback = Feedback {
        attribute,
        ..Feedback::error(error.clone())
    };
    match error {
        // Maybe only stale: refresh; if the refresh token is refused too, the session ends.
        AuthError::NotAuthorized { .. } => refresh(account, Resume::Show(feedback)),
        error if error.ends_session() => super::session::discard(&account, cx),
        _ => rest(AuthState::SignedIn { account, feedback }),
    }
}

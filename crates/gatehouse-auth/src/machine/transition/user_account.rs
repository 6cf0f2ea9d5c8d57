//! The user's own account on the signed-in screen: attributes (`UpdateUserAttributes`,
//! `DeleteUserAttributes`), their verification (`GetUserAttributeVerificationCode`,
//! `VerifyUserAttribute`), `ChangePassword` and `DeleteUser`. Each is checked before any call,
//! runs with a fresh access token (refreshed first when due, as the other account actions), and
//! a change is followed by `GetUser` so the screen shows the new values and verified flags.
//! <https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html>

use super::account::fresh;
use super::session::{clear, verify};
use super::totp::account_failed_about;
use super::{go, rest, unexpected, Context, Outcome};
use crate::machine::input::{
    validate_attribute_changes, validate_code, validate_password_change, validate_verifiable,
};
use crate::machine::state::{Account, AccountAction, AttributeChanges, SavePhase};
use crate::machine::{AuthEvent, AuthState, Effect, Feedback};
use crate::view::{CodeDelivery, NoticeKind};

/// An account request on the signed-in screen: refused with the reason, or carried out.
pub(super) fn requested(
    account: Account,
    feedback: Feedback,
    event: AuthEvent,
    cx: Context<'_>,
) -> Outcome {
    use AuthEvent as E;
    let refused = |account, feedback| rest(AuthState::SignedIn { account, feedback });
    match event {
        E::AttributesSubmitted { attributes } => {
            let current = account.session.attribute_values(account.user.as_ref());
            match validate_attribute_changes(cx.pool, &current, &attributes) {
                Ok(changes) => fresh(account, AccountAction::UpdateAttributes(changes), cx),
                Err(error) => refused(account, Feedback::error(error)),
            }
        }
        E::AttributeCodeSubmitted { attribute, code } => {
            match validate_verifiable(&attribute).and_then(|()| validate_code(&code)) {
                Ok(()) => fresh(
                    account,
                    AccountAction::VerifyAttribute { attribute, code },
                    cx,
                ),
                Err(error) => refused(account, Feedback::error(error).about(attribute)),
            }
        }
        E::AttributeCodeResendRequested { attribute } => match validate_verifiable(&attribute) {
            Ok(()) => fresh(
                account,
                AccountAction::ResendAttributeCode { attribute },
                cx,
            ),
            Err(error) => refused(account, Feedback::error(error)),
        },
        E::PasswordChangeSubmitted { current, new } => {
            match validate_password_change(&current, &new, &cx.pool.password_policy) {
                Ok(()) => fresh(account, AccountAction::ChangePassword { current, new }, cx),
                Err(error) => refused(account, Feedback::error(error)),
            }
        }
        E::AccountDeletionRequested => fresh(account, AccountAction::DeleteAccount, cx),
        other => unexpected(AuthState::SignedIn { account, feedback }, &other),
    }
}

/// The call of an account action, with a fresh access token.
pub(super) fn start(account: Account, action: AccountAction) -> Outcome {
    let access_token = account.session.access_token.clone();
    match action {
        AccountAction::UpdateAttributes(changes) => save(account, changes, Vec::new(), false),
        AccountAction::VerifyAttribute { attribute, code } => go(
            AuthState::VerifyingAttribute {
                account,
                attribute: attribute.clone(),
            },
            Effect::CallVerifyUserAttribute {
                access_token,
                attribute,
                code,
            },
        ),
        AccountAction::ResendAttributeCode { attribute } => go(
            AuthState::SendingAttributeCode {
                account,
                attribute: attribute.clone(),
            },
            Effect::CallGetUserAttributeVerificationCode {
                access_token,
                attribute,
            },
        ),
        AccountAction::ChangePassword { current, new } => go(
            AuthState::ChangingPassword { account },
            Effect::CallChangePassword {
                access_token,
                current,
                new,
            },
        ),
        AccountAction::DeleteAccount => go(
            AuthState::DeletingAccount { account },
            Effect::CallDeleteUser { access_token },
        ),
        AccountAction::SignOutEverywhere
        | AccountAction::SetUpTotp
        | AccountAction::SetMfaPreference { .. }
        | AccountAction::SetDeviceStatus { .. }
        | AccountAction::ForgetDevice { .. } => {
            unreachable!("account::start carries out the MFA, sign-out and device actions")
        }
    }
}

/// Updates first (they may send codes), then deletions; with neither left, reload the user.
/// `after_update`: an update went through already.
fn save(
    account: Account,
    changes: AttributeChanges,
    deliveries: Vec<CodeDelivery>,
    after_update: bool,
) -> Outcome {
    let access_token = account.session.access_token.clone();
    let AttributeChanges { update, delete } = changes;
    let (phase, effect) = if !update.is_empty() {
        (
            SavePhase::Updating {
                then_delete: delete,
            },
            Effect::CallUpdateUserAttributes {
                access_token,
                attributes: update,
            },
        )
    } else if !delete.is_empty() {
        (
            SavePhase::Deleting { after_update },
            Effect::CallDeleteUserAttributes {
                access_token,
                names: delete,
            },
        )
    } else {
        let saved = match deliveries.first() {
            Some(sent) => Feedback::sent(NoticeKind::VerificationCodeSent, Some(sent)),
            None => Feedback::notice(NoticeKind::AttributesSaved),
        };
        return verify(account, true, true, saved);
    };
    go(
        AuthState::SavingAttributes {
            account,
            phase,
            deliveries,
        },
        effect,
    )
}

pub(super) fn transition(state: AuthState, event: AuthEvent, cx: Context<'_>) -> Outcome {
    use AuthEvent as E;
    use AuthState as S;
    match state {
        S::SavingAttributes {
            account,
            phase,
            deliveries,
        } => match (phase, event) {
            (SavePhase::Updating { then_delete }, E::AttributesUpdated { deliveries: sent }) => {
                let rest_of = AttributeChanges {
                    update: Default::default(),
                    delete: then_delete,
                };
                save(account, rest_of, [deliveries, sent].concat(), true)
            }
            (SavePhase::Deleting { after_update }, E::AttributesDeleted) => save(
                account,
                AttributeChanges::default(),
                deliveries,
                after_update,
            ),
            // The update went through, the deletion did not: reload the user so the screen shows
            // what the pool has, with the error.
            (SavePhase::Deleting { after_update: true }, E::CallFailed(error))
                if !error.ends_session() =>
            {
                verify(account, true, true, Feedback::error(error))
            }
            (_, E::CallFailed(error)) => account_failed_about(account, error, None, cx),
            (phase, other) => unexpected(
                S::SavingAttributes {
                    account,
                    phase,
                    deliveries,
                },
                &other,
            ),
        },
        S::VerifyingAttribute { account, attribute } => match event {
            E::AttributeVerified => verify(
                account,
                true,
                true,
                Feedback::notice(NoticeKind::AttributeVerified).about(attribute),
            ),
            E::CallFailed(error) => account_failed_about(account, error, Some(attribute), cx),
            other => unexpected(S::VerifyingAttribute { account, attribute }, &other),
        },
        S::SendingAttributeCode { account, attribute } => match event {
            E::AttributeCodeSent { delivery } => rest(S::SignedIn {
                account,
                feedback: Feedback::sent(NoticeKind::VerificationCodeSent, delivery.as_ref())
                    .about(attribute),
            }),
            E::CallFailed(error) => account_failed_about(account, error, Some(attribute), cx),
            other => unexpected(S::SendingAttributeCode { account, attribute }, &other),
        },
        S::ChangingPassword { account } => match event {
            E::PasswordChanged => rest(S::SignedIn {
                account,
                feedback: Feedback::notice(NoticeKind::PasswordChanged),
            }),
            E::CallFailed(error) => account_failed_about(account, error, None, cx),
            other => unexpected(S::ChangingPassword { account }, &other),
        },
        S::DeletingAccount { account } => match event {
            // The username is gone with the account: the sign-in form starts empty.
            E::UserDeleted => clear(None, Feedback::notice(NoticeKind::AccountDeleted)),
            E::CallFailed(error) => account_failed_about(account, error, None, cx),
            other => unexpected(S::DeletingAccount { account }, &other),
        },
        other => unexpected(other, &event),
    }
}

//! Which screen each state shows: `AuthView::of`. Busy states show the screen the action started
//! from, so the form stays put under its spinner; resting states add their `Feedback`. What the
//! pool defines (form fields, password policy, MFA on offer, its attribute schema) comes from
//! `PoolSettings`.

use std::collections::HashMap;

use crate::error::AuthError;
use crate::machine::{Account, AuthState, Feedback, ResetReason, Resume, TotpContext};
use crate::view::{
    AuthView, CodeDelivery, DeviceSummary, Field, Screen, SignUpForm, TotpSetupOrigin,
    UserAttribute, UserSummary, ViewError,
};
use crate::PoolSettings;

impl AuthView {
    /// The view of a state: which screen, whether an action is in flight, and the last outcome.
    pub fn of(state: &AuthState, pool: &PoolSettings) -> Self {
        use AuthState as S;
        let signed_in = |account: &Account| Screen::SignedIn {
            user: user_summary(account, pool),
            policy: pool.password_policy.clone(),
        };
        let username_field = pool.username_field();
        let sign_in_form = |username: Option<String>| Screen::SignIn {
            username,
            username_field,
        };
        let sign_in = |username: &str| sign_in_form(Some(username.to_owned()));
        let forgot = |username: Option<String>| Screen::ForgotPassword {
            username,
            username_field,
        };
        let new_password =
            |username: &str, required: &[crate::view::AttributeField]| Screen::NewPassword {
                username: username.to_owned(),
                required_attributes: required.to_vec(),
                policy: pool.password_policy.clone(),
            };
        let reset = |username: &str, delivery: &Option<CodeDelivery>| Screen::ResetPassword {
            username: username.to_owned(),
            delivery: delivery.clone(),
            policy: pool.password_policy.clone(),
        };
        let sign_up = || Screen::SignUp {
            form: SignUpForm {
                fields: pool.sign_up_form_fields(),
                policy: pool.password_policy.clone(),
                username_field,
            },
        };
        match state {
            S::Starting => resting(Screen::Starting, &Feedback::default()),
            S::RestoringSession => busy(Screen::Starting),
            S::VerifyingSession { account, shown, .. } => busy(if *shown {
                signed_in(account)
            } else {
                Screen::Starting
            }),
            S::RefreshingSession { account, resume } | S::StoringSession { account, resume } => {
                busy(if *resume == Resume::Restore {
                    Screen::Starting
                } else {
                    signed_in(account)
                })
            }
            S::ClearingSession { username, .. } => busy(sign_in_form(username.clone())),
            S::SignedOut { username, feedback } => {
                resting(sign_in_form(username.clone()), feedback)
            }
            S::SignUpForm { feedback } => resting(sign_up(), feedback),
            S::SigningUp { .. } => busy(sign_up()),
            S::AwaitingSignUpCode {
                username,
                delivery,
                feedback,
            } => resting(confirm_sign_up(username, delivery), feedback),
            S::ConfirmingSignUp { username, delivery }
            | S::ResendingCode {
                username, delivery, ..
            } => busy(confirm_sign_up(username, delivery)),
            S::SigningIn { username }
            | S::VerifyingPassword { username, .. }
            | S::VerifyingDevice { username, .. } => busy(sign_in(username)),
            S::AwaitingMfaCode {
                challenge,
                method,
                delivery,
                feedback,
            } => resting(
                Screen::ConfirmSignIn {
                    username: challenge.username.clone(),
                    method: *method,
                    delivery: delivery.clone(),
                },
                feedback,
            ),
            S::ConfirmingMfaCode {
                challenge,
                method,
                delivery,
            } => busy(Screen::ConfirmSignIn {
                username: challenge.username.clone(),
                method: *method,
                delivery: delivery.clone(),
            }),
            S::AwaitingMfaChoice {
                challenge,
                options,
                feedback,
            } => resting(
                Screen::SelectMfa {
                    username: challenge.username.clone(),
                    options: options.clone(),
                },
                feedback,
            ),
            S::SubmittingMfaChoice { challenge, options } => busy(Screen::SelectMfa {
                username: challenge.username.clone(),
                options: options.clone(),
            }),
            S::AssociatingTotp { context } => busy(match context {
                TotpContext::SignIn(challenge) => sign_in(&challenge.username),
                TotpContext::Account(account) => signed_in(account),
            }),
            S::SettingUpTotp {
                context,
                setup,
                feedback,
            } => resting(totp_screen(context, setup), feedback),
            S::VerifyingTotp { context, setup } => busy(totp_screen(context, setup)),
            S::CompletingMfaSetup { challenge, setup } => busy(Screen::SetUpTotp {
                username: challenge.username.clone(),
                setup: setup.clone(),
                origin: TotpSetupOrigin::SignIn,
            }),
            S::AwaitingNewPassword {
                challenge,
                required,
                feedback,
            } => on_new_password(resting(
                new_password(&challenge.username, required),
                feedback,
            )),
            S::SettingNewPassword {
                challenge,
                required,
            } => busy(new_password(&challenge.username, required)),
            S::ForgotPasswordForm { username, feedback } => {
                resting(forgot(username.clone()), feedback)
            }
            S::RequestingPasswordReset { username, reason } => busy(match reason {
                ResetReason::Asked => forgot(Some(username.clone())),
                ResetReason::Required => sign_in(username),
                ResetReason::Resend { delivery } => reset(username, delivery),
            }),
            S::AwaitingResetCode {
                username,
                delivery,
                feedback,
            } => on_new_password(resting(reset(username, delivery), feedback)),
            S::ConfirmingPasswordReset { username, delivery } => busy(reset(username, delivery)),
            S::SignedIn { account, feedback } => {
                on_account(resting(signed_in(account), feedback), feedback)
            }
            S::SettingMfaPreference { account, .. }
            | S::SigningOut { account }
            | S::SigningOutEverywhere { account }
            | S::SavingAttributes { account, .. }
            | S::VerifyingAttribute { account, .. }
            | S::SendingAttributeCode { account, .. }
            | S::ChangingPassword { account }
            | S::DeletingAccount { account }
            | S::ConfirmingDevice { account, .. }
            | S::ListingDevices { account, .. }
            | S::UpdatingDevice { account, .. }
            | S::ForgettingDevice { account, .. } => busy(signed_in(account)),
        }
    }
}

/// Who is signed in, with the user's devices (`current`: the device this session's tokens were
/// issued to). Never a device secret.
fn user_summary(account: &Account, pool: &PoolSettings) -> UserSummary {
    let current = account.session.device_key.as_deref();
    UserSummary {
        devices: account
            .devices
            .iter()
            .map(|d| DeviceSummary {
                key: d.key.clone(),
                name: d.name.clone(),
                last_signed_in_at: d.last_signed_in_at.clone(),
                remembered: d.remembered,
                current: Some(d.key.as_str()) == current,
            })
            .collect(),
        device_prompt: account.device_prompt,
        ..account.session.summary(account.user.as_ref(), pool)
    }
}

fn busy(screen: Screen) -> AuthView {
    AuthView {
        screen,
        busy: true,
        error: None,
        notice: None,
    }
}

fn resting(screen: Screen, feedback: &Feedback) -> AuthView {
    AuthView {
        screen,
        busy: false,
        error: feedback.error.as_ref().map(AuthError::to_view),
        notice: feedback.notice.clone(),
    }
}

/// On the signed-in screen the only password the pool judges is the change-password form's: a
/// refused password is the new one, wrong credentials the current one. An error about a code
/// names the attribute it verifies.
fn on_account(mut view: AuthView, feedback: &Feedback) -> AuthView {
    if let Some(error) = &mut view.error {
        if feedback.error == Some(AuthError::IncorrectCredentials) {
            error.field = Some(Field::CurrentPassword);
        } else if error.field == Some(Field::Password) {
            error.field = Some(Field::NewPassword);
        }
        if error.attribute.is_none() {
            error.attribute.clone_from(&feedback.attribute);
        }
    }
    view
}

/// The signed-in screen's attribute list: every value but `sub` and the `*_verified` flags, and
/// every attribute the user could set but has not (the pool's mutable ones, or the sign-up form's
/// when the schema is unknown), empty, so a phone number can be added later; in the order
/// `email`, `phone_number`, the other standard attributes, the `custom:` ones; labels, kinds and
/// mutability from the pool's schema.
pub(crate) fn user_attributes(
    values: &HashMap<String, String>,
    pool: &PoolSettings,
) -> Vec<UserAttribute> {
    let rank = |name: &str| match name {
        "email" => 0,
        "phone_number" => 1,
        _ if name.starts_with("custom:") => 3,
        _ => 2,
    };
    let settable: Vec<&String> = if pool.attribute_fields.is_empty() {
        pool.sign_up_fields
            .iter()
            .map(|field| &field.name)
            .collect()
    } else {
        let mutable = pool.attribute_fields.iter().filter(|a| a.mutable);
        mutable.map(|a| &a.field.name).collect()
    };
    let mut names: Vec<&String> = values
        .keys()
        .chain(
            settable
                .into_iter()
                .filter(|name| !values.contains_key(*name)),
        )
        .filter(|name| *name != "sub" && !name.ends_with("_verified"))
        .collect();
    names.sort_by(|a, b| (rank(a), a).cmp(&(rank(b), b)));
    names
        .into_iter()
        .map(|name| {
            let declared = pool.attribute(name);
            let value = values.get(name);
            // An address not given yet is neither verified nor awaiting verification.
            let verifiable = matches!(name.as_str(), "email" | "phone_number") && value.is_some();
            let verified = verifiable.then(|| {
                values
                    .get(&format!("{name}_verified"))
                    .is_some_and(|flag| flag == "true")
            });
            UserAttribute {
                name: name.clone(),
                label: declared.field.label,
                kind: declared.field.kind,
                value: value.cloned().unwrap_or_default(),
                verified,
                editable: declared.mutable && name != "sub",
            }
        })
        .collect()
}

/// On the new-password and reset screens the password the pool judges is the new one.
fn on_new_password(mut view: AuthView) -> AuthView {
    if let Some(ViewError {
        field: field @ Some(Field::Password),
        ..
    }) = &mut view.error
    {
        *field = Some(Field::NewPassword);
    }
    view
}

fn confirm_sign_up(username: &str, delivery: &Option<CodeDelivery>) -> Screen {
    Screen::ConfirmSignUp {
        username: username.to_owned(),
        delivery: delivery.clone(),
    }
}

fn totp_screen(context: &TotpContext, setup: &crate::view::TotpSetup) -> Screen {
    let (username, origin) = match context {
        TotpContext::SignIn(challenge) => (challenge.username.clone(), TotpSetupOrigin::SignIn),
        TotpContext::Account(account) => (
            account.session.username().to_owned(),
            TotpSetupOrigin::Account,
        ),
    };
    Screen::SetUpTotp {
        username,
        setup: setup.clone(),
        origin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::{AttributeField, AttributeKind};
    use crate::PoolAttribute;

    fn declared(name: &str, mutable: bool) -> PoolAttribute {
        PoolAttribute {
            field: AttributeField {
                name: name.into(),
                label: name.into(),
                kind: AttributeKind::Text,
                required: false,
            },
            mutable,
        }
    }

    fn shown(
        values: &[(&str, &str)],
        pool: &PoolSettings,
    ) -> Vec<(String, String, Option<bool>, bool)> {
        let values = values
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        user_attributes(&values, pool)
            .into_iter()
            .map(|a| (a.name, a.value, a.verified, a.editable))
            .collect()
    }

    #[test]
    fn attributes_the_user_has_not_set_are_offered_empty_when_the_pool_lets_them_be_set() {
        let mut pool = PoolSettings::new("local", "us-east-1", "us-east-1_a", "c", None);
        pool.attribute_fields = vec![
            declared("email", true),
            declared("phone_number", true),
            declared("custom:team", true),
            declared("custom:employee_id", false),
        ];
        let values = [
            ("sub", "5f0c"),
            ("email", "ada@example.com"),
            ("email_verified", "true"),
        ];
        assert_eq!(
            shown(&values, &pool),
            [
                ("email".into(), "ada@example.com".into(), Some(true), true),
                ("phone_number".into(), String::new(), None, true),
                ("custom:team".into(), String::new(), None, true),
            ],
            "no sub, no flags; a read-only attribute without a value is not offered"
        );
    }

    #[test]
    fn an_unknown_schema_offers_the_sign_up_forms_attributes() {
        let pool = PoolSettings::new("acme", "us-east-1", "us-east-1_a", "c", None);
        let values = [("email", "ada@example.com"), ("email_verified", "false")];
        let names: Vec<_> = shown(&values, &pool)
            .into_iter()
            .map(|(name, _, verified, _)| (name, verified))
            .collect();
        assert_eq!(names, [("email".to_owned(), Some(false))]);
    }
}

//! The app as the core suites drive it: `Auth` on its real SDK adapter, one method per intent the
//! UI sends, and the checks every suite makes on a view. Shared by `core_against_pool`,
//! `core_flows` and `core_against_moto` (each includes it with `#[path]`), so not every suite
//! uses every part.
#![allow(dead_code)]

pub mod local_pool;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use gatehouse_auth::{
    view::{AuthView, ErrorKind, Field, MfaChoice, NoticeKind, Screen, UserSummary, ViewError},
    Auth, Clock, ConfirmationCode, Intent, MemoryStore, Password, PoolSettings, TokenStore,
};
use gatehouse_tests::leaks::{self, Secret};

pub const PASSWORD: &str = "Correct-Horse-9-battery";

/// A started `Auth`, recording every view its observer is shown.
pub struct App {
    pub auth: Auth,
    pub seen: Arc<Mutex<Vec<AuthView>>>,
}

impl App {
    /// `Auth` on `settings` with the real clock, started (its session restored from `store`).
    pub async fn start(settings: PoolSettings, store: &Arc<MemoryStore>) -> Self {
        Self::start_with(settings, store, None).await
    }

    /// The same, with `clock` (the pool's manual clock) for its expiry and refresh decisions.
    pub async fn start_with(
        settings: PoolSettings,
        store: &Arc<MemoryStore>,
        clock: Option<Clock>,
    ) -> Self {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let recorder = seen.clone();
        let store: Arc<dyn TokenStore> = store.clone();
        let mut auth = Auth::new(
            settings,
            store,
            Box::new(move |view: &AuthView| recorder.lock().unwrap().push(view.clone())),
        );
        if let Some(clock) = clock {
            auth = auth.with_clock(clock);
        }
        auth.start().await;
        Self { auth, seen }
    }

    pub async fn sign_up(&self, username: &str, attributes: &[(&str, &str)]) -> AuthView {
        self.auth.dispatch(Intent::ShowSignUp).await;
        self.auth
            .dispatch(Intent::SignUp {
                username: username.to_owned(),
                password: password(PASSWORD),
                attributes: attributes_of(attributes),
            })
            .await
    }

    pub async fn confirm_sign_up(&self, code: &str) -> AuthView {
        self.auth
            .dispatch(Intent::ConfirmSignUp {
                code: code_of(code),
            })
            .await
    }

    pub async fn sign_in(&self, username: &str, password_text: &str) -> AuthView {
        self.auth.dispatch(Intent::ShowSignIn).await;
        self.auth
            .dispatch(Intent::SignIn {
                username: username.to_owned(),
                password: password(password_text),
            })
            .await
    }

    /// The text message or authenticator code of `SMS_MFA` / `SOFTWARE_TOKEN_MFA`.
    pub async fn enter_code(&self, code: &str) -> AuthView {
        self.auth
            .dispatch(Intent::ConfirmSignIn {
                code: code_of(code),
            })
            .await
    }

    pub async fn verify_authenticator(&self, code: &str, device_name: Option<&str>) -> AuthView {
        self.auth
            .dispatch(Intent::VerifyTotp {
                code: code_of(code),
                device_name: device_name.map(str::to_owned),
            })
            .await
    }

    pub async fn set_mfa(&self, sms: MfaChoice, totp: MfaChoice) -> AuthView {
        self.auth
            .dispatch(Intent::SetMfaPreference { sms, totp })
            .await
    }

    pub async fn reset_password(&self, code: &str, new_password: &str) -> AuthView {
        self.auth
            .dispatch(Intent::ConfirmPasswordReset {
                code: code_of(code),
                password: password(new_password),
            })
            .await
    }

    pub async fn update_attributes(&self, attributes: &[(&str, &str)]) -> AuthView {
        self.auth
            .dispatch(Intent::UpdateAttributes {
                attributes: attributes_of(attributes),
            })
            .await
    }

    pub async fn verify_attribute(&self, attribute: &str, code: &str) -> AuthView {
        self.auth
            .dispatch(Intent::VerifyAttribute {
                attribute: attribute.to_owned(),
                code: code_of(code),
            })
            .await
    }

    pub async fn resend_attribute_code(&self, attribute: &str) -> AuthView {
        self.auth
            .dispatch(Intent::ResendAttributeCode {
                attribute: attribute.to_owned(),
            })
            .await
    }

    pub async fn change_password(&self, current: &str, new: &str) -> AuthView {
        self.auth
            .dispatch(Intent::ChangePassword {
                current: password(current),
                new: password(new),
            })
            .await
    }

    pub async fn delete_account(&self) -> AuthView {
        self.auth.dispatch(Intent::DeleteAccount).await
    }

    /// Checks that none of `secrets` is in any view the UI was shown, as JSON (what the IPC
    /// carries) or as Debug output (what a log line would hold); panics naming the leaks only.
    pub fn assert_views_hold_none_of(&self, secrets: &[Secret]) {
        let seen = self.seen.lock().unwrap();
        assert!(!seen.is_empty(), "the observer was shown views");
        let leaks: Vec<String> = seen
            .iter()
            .enumerate()
            .flat_map(|(index, view)| {
                let json = serde_json::to_string(view).expect("a view serializes");
                let place = format!("view {index}");
                let mut found = leaks::in_text(secrets, &json, &format!("{place} (JSON)"));
                found.extend(leaks::in_text(
                    secrets,
                    &format!("{view:?}"),
                    &format!("{place} (Debug)"),
                ));
                found
            })
            .map(|leak| leak.to_string())
            .collect();
        assert!(leaks.is_empty(), "{leaks:?}");
    }

    /// Signs out and checks it worked (the sign-in screen, no error).
    pub async fn sign_out(&self) -> AuthView {
        let view = self.auth.dispatch(Intent::SignOut).await;
        assert!(
            matches!(view.screen, Screen::SignIn { .. }) && view.error.is_none(),
            "signed out: {view:?}"
        );
        view
    }
}

pub fn password(text: &str) -> Password {
    Password::new(text.to_owned())
}

pub fn code_of(code: &str) -> ConfirmationCode {
    ConfirmationCode::new(code.to_owned())
}

pub fn attributes_of(attributes: &[(&str, &str)]) -> BTreeMap<String, String> {
    attributes
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

/// The signed-in user, or a panic naming the screen and error shown instead.
pub fn signed_in_user(view: &AuthView) -> &UserSummary {
    match &view.screen {
        Screen::SignedIn { user, .. } => user,
        other => panic!(
            "expected to be signed in, got {other:?} with error {:?}",
            view.error
        ),
    }
}

pub fn error_of(view: &AuthView) -> &ViewError {
    view.error
        .as_ref()
        .unwrap_or_else(|| panic!("expected an error on {view:?}"))
}

/// The error's kind and the field it is shown next to.
pub fn refusal(view: &AuthView) -> (ErrorKind, Option<Field>) {
    let error = error_of(view);
    (error.kind, error.field)
}

pub fn notice_kind(view: &AuthView) -> Option<NoticeKind> {
    view.notice.as_ref().map(|notice| notice.kind)
}

/// One attribute's value and verified flag as the signed-in screen shows it.
pub fn shown_attribute<'u>(user: &'u UserSummary, name: &str) -> Option<(&'u str, Option<bool>)> {
    user.attributes
        .iter()
        .find(|attribute| attribute.name == name)
        .map(|attribute| (attribute.value.as_str(), attribute.verified))
}

//! Remembered devices against the local pool, in-process over real HTTP: the device password's
//! verifier (`ConfirmDevice`) and the device SRP proof (`DEVICE_SRP_AUTH`,
//! `DEVICE_PASSWORD_VERIFIER`) are checked by the pool's own SRP, through the SDK adapter and the
//! driver. A pool requiring SMS MFA that remembers devices on the user's answer: the first sign-in
//! takes a text-message code and asks; the second, from the remembered device, takes none.

use std::sync::Arc;

use gatehouse_auth::view::{AuthView, NoticeKind, Screen, UserSummary};
use gatehouse_auth::{
    Auth, ConfirmationCode, Intent, MemoryStore, Password, PoolSettings, TokenStore,
};
use gatehouse_pool::{PoolServerConfig, RunningPool};
use serde_json::{json, Value};

const PASSWORD: &str = "Correct-Horse-9-battery";

struct DevicePool {
    pool: RunningPool,
    settings: PoolSettings,
    _data: tempfile::TempDir,
}

impl DevicePool {
    /// SMS MFA on, `DeviceConfiguration` remembering a device when the user says so, and jane.
    async fn start() -> Self {
        let data = tempfile::tempdir().expect("a temporary directory");
        let pool = gatehouse_pool::start(PoolServerConfig::new(data.path()))
            .await
            .expect("the local pool starts");
        let call = |operation: &str, request: Value| {
            pool.call(operation, &request)
                .unwrap_or_else(|e| panic!("{operation}: {e:?}"))
        };
        let created = call(
            "CreateUserPool",
            json!({"PoolName": "devices", "AutoVerifiedAttributes": ["email"],
                "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": true,
                    "DeviceOnlyRememberedOnUserPrompt": true}}),
        );
        let pool_id = created["UserPool"]["Id"].as_str().unwrap().to_owned();
        let client = call(
            "CreateUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientName": "desktop",
                "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
        );
        let client_id = client["UserPoolClient"]["ClientId"].as_str().unwrap();
        call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": pool_id, "MfaConfiguration": "ON",
                "SmsMfaConfiguration": {"SmsAuthenticationMessage": "Your code is {####}"}}),
        );
        call(
            "SignUp",
            json!({"ClientId": client_id, "Username": "jane", "Password": PASSWORD,
                "UserAttributes": [{"Name": "email", "Value": "jane@example.com"},
                    {"Name": "phone_number", "Value": "+447700901234"}]}),
        );
        call(
            "AdminConfirmSignUp",
            json!({"UserPoolId": pool_id, "Username": "jane"}),
        );
        let region = pool_id.split('_').next().unwrap().to_owned();
        let settings = PoolSettings::new(
            "local",
            region,
            pool_id.clone(),
            client_id,
            Some(pool.endpoint()),
        );
        Self {
            pool,
            settings,
            _data: data,
        }
    }

    fn messages_to_jane(&self) -> usize {
        self.pool.outbox(Some("jane")).unwrap().len()
    }

    fn last_code(&self) -> String {
        let outbox = self.pool.outbox(Some("jane")).unwrap();
        outbox.last().expect("a code was sent").code.clone()
    }
}

fn user(view: &AuthView) -> &UserSummary {
    match &view.screen {
        Screen::SignedIn { user, .. } => user,
        other => panic!("expected to be signed in, got {other:?} ({:?})", view.error),
    }
}

async fn sign_in(auth: &Auth) -> AuthView {
    auth.dispatch(Intent::SignIn {
        username: "jane".into(),
        password: Password::new(PASSWORD.into()),
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_remembered_device_signs_in_again_without_the_text_message_code() {
    let pool = DevicePool::start().await;
    let store = Arc::new(MemoryStore::new());
    let shared: Arc<dyn TokenStore> = store.clone();
    let auth = Auth::new(pool.settings.clone(), shared.clone(), Box::new(|_| {}));
    auth.start().await;

    // First sign-in: the text-message code, then the pool meets this device and asks.
    let view = sign_in(&auth).await;
    assert!(
        matches!(view.screen, Screen::ConfirmSignIn { .. }),
        "{view:?}"
    );
    let view = auth
        .dispatch(Intent::ConfirmSignIn {
            code: ConfirmationCode::new(pool.last_code()),
        })
        .await;
    assert!(user(&view).device_prompt, "{view:?}");
    let key = pool.settings.store_key();
    let device = store.device(&key, "jane").expect("the device is stored");

    let view = auth
        .dispatch(Intent::RememberDevice { remember: true })
        .await;
    assert_eq!(
        view.notice.as_ref().map(|n| n.kind),
        Some(NoticeKind::DeviceRemembered),
        "{view:?}"
    );
    let summary = user(&view);
    assert!(!summary.device_prompt);
    assert_eq!(summary.devices.len(), 1, "{summary:?}");
    assert!(summary.devices[0].current && summary.devices[0].remembered);
    assert_eq!(summary.devices[0].key, device.key);
    let view = auth.dispatch(Intent::SignOut).await;
    assert!(matches!(view.screen, Screen::SignIn { .. }), "{view:?}");

    // Again, from the remembered device: device SRP instead of a code.
    let messages = pool.messages_to_jane();
    let now = Arc::new(std::sync::Mutex::new(chrono::Utc::now()));
    let clock = now.clone();
    let again = Auth::new(pool.settings.clone(), shared, Box::new(|_| {}))
        .with_clock(Arc::new(move || *clock.lock().unwrap()));
    again.start().await;
    let view = sign_in(&again).await;
    assert!(user(&view).devices[0].current, "{view:?}");
    assert_eq!(
        pool.messages_to_jane(),
        messages,
        "no text message was sent"
    );

    // The refresh names the device the tokens were issued with; the pool requires it.
    let before = store.get(&key).unwrap().access_token;
    *now.lock().unwrap() += chrono::Duration::minutes(59) + chrono::Duration::seconds(30);
    let view = again.ensure_fresh_session().await;
    assert_eq!(view.error, None, "{view:?}");
    assert_ne!(store.get(&key).unwrap().access_token, before, "refreshed");

    // Forgetting this device here forgets its secrets: the next sign-in asks for a code again.
    let view = again
        .dispatch(Intent::ForgetDevice {
            device_key: device.key.clone(),
        })
        .await;
    assert_eq!(
        view.notice.as_ref().map(|n| n.kind),
        Some(NoticeKind::DeviceForgotten),
        "{view:?}"
    );
    assert_eq!(store.device(&key, "jane"), None);
}

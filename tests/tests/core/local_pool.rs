//! A `gatehouse-pool` on a manual clock, set up as the app's embedded pool, for the suites that
//! drive the core against it over HTTP: its outbox stands in for the user's email and texts, and
//! an administrator's steps go through Cognito's API (`gatehouse_tests::pool_admin`).

use std::sync::Arc;

use gatehouse_auth::{
    view::{AttributeField, AttributeKind, MfaMethod},
    ClientSecret, MemoryStore, PoolSettings,
};
use gatehouse_pool::{Clock, ManualTime, OutboxMessage, PoolServerConfig, RunningPool};
use gatehouse_tests::pool_admin::{CallError, PoolAdmin, PoolClient};
use serde_json::{json, Value};

use super::App;

/// A running pool on a manual clock, with the app's pool and client, the app's settings for it,
/// and an administrator.
pub struct LocalPool {
    pub pool: RunningPool,
    pub time: ManualTime,
    pub admin: PoolAdmin,
    pub ids: PoolClient,
    pub settings: PoolSettings,
    _data: tempfile::TempDir,
}

impl LocalPool {
    /// The app's local pool (second factors optional: text messages and authenticator apps), its
    /// clock set to now.
    pub async fn start() -> Self {
        let data = tempfile::tempdir().expect("a temporary directory");
        let (clock, time) = Clock::manual(chrono::Utc::now());
        let pool = gatehouse_pool::start_with_clock(PoolServerConfig::new(data.path()), clock)
            .await
            .expect("the local pool starts");
        let ids = pool
            .ensure_local_pool("gatehouse-local", "gatehouse-desktop")
            .expect("the app's pool and client exist");
        let mut settings = PoolSettings::new(
            "local",
            ids.region.clone(),
            ids.user_pool_id.clone(),
            ids.client_id.clone(),
            Some(pool.endpoint()),
        );
        settings.sign_up_fields = vec![
            field("email", "Email", AttributeKind::Email, true),
            field("phone_number", "Phone number", AttributeKind::Phone, false),
            field("custom:team", "Team", AttributeKind::Text, false),
        ];
        settings.mfa_methods = vec![MfaMethod::Sms, MfaMethod::Totp];
        Self {
            admin: PoolAdmin::new(pool.endpoint()),
            ids: PoolClient {
                region: ids.region,
                user_pool_id: ids.user_pool_id,
                client_id: ids.client_id,
            },
            pool,
            time,
            settings,
            _data: data,
        }
    }

    /// An administrator makes a second factor required (`MfaConfiguration: ON`), and the app
    /// knows it.
    pub async fn require_mfa(&mut self) {
        self.admin
            .expect(
                "SetUserPoolMfaConfig",
                json!({"UserPoolId": self.ids.user_pool_id, "MfaConfiguration": "ON",
                    "SmsMfaConfiguration": {"SmsAuthenticationMessage": "Your code is {####}"},
                    "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
            )
            .await;
        self.settings.mfa_required = true;
    }

    /// A started `Auth` on this pool with the app's settings.
    pub async fn app(&self, store: &Arc<MemoryStore>) -> App {
        self.app_with(self.settings.clone(), store).await
    }

    pub async fn app_with(&self, settings: PoolSettings, store: &Arc<MemoryStore>) -> App {
        App::start(settings, store).await
    }

    /// The message the pool "sent" to `username` last.
    pub fn last_message_to(&self, username: &str) -> OutboxMessage {
        self.pool
            .outbox(Some(username))
            .expect("the outbox can be read")
            .pop()
            .unwrap_or_else(|| panic!("the pool sent {username} a message"))
    }

    pub fn last_code_sent_to(&self, username: &str) -> String {
        self.last_message_to(username).code
    }

    pub fn messages_sent_to(&self, username: &str) -> usize {
        self.pool
            .outbox(Some(username))
            .expect("the outbox can be read")
            .len()
    }

    /// The pool's time, in Unix seconds.
    pub fn now(&self) -> u64 {
        u64::try_from(self.time.now().timestamp()).expect("the pool's clock is after 1970")
    }

    /// Moves the pool's clock forward.
    pub fn let_pass(&self, seconds: i64) {
        self.time.advance(chrono::Duration::seconds(seconds));
    }

    /// `InitiateAuth` with `REFRESH_TOKEN_AUTH`, as any client holding the token could send it.
    pub async fn refresh_with(&self, refresh_token: &str) -> Result<Value, CallError> {
        self.admin
            .call(
                "InitiateAuth",
                json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": self.ids.client_id,
                    "AuthParameters": {"REFRESH_TOKEN": refresh_token}}),
            )
            .await
    }

    /// The pool's clock as the core's clock: the app and the pool then agree on the time however
    /// far a test moves it.
    pub fn clock(&self) -> gatehouse_auth::Clock {
        let time = self.time.clone();
        Arc::new(move || time.now())
    }

    /// A started `Auth` with `settings` on the pool's clock.
    pub async fn app_on_pool_time(&self, settings: PoolSettings, store: &Arc<MemoryStore>) -> App {
        App::start_with(settings, store, Some(self.clock())).await
    }

    /// A confidential app client of the app's pool (`GenerateSecret`), and the app's settings
    /// for it holding `secret` (the one the pool generated when `None`).
    pub async fn confidential_client(&self, secret: Option<&str>) -> (PoolSettings, String) {
        let created = self
            .admin
            .expect(
                "CreateUserPoolClient",
                json!({
                    "UserPoolId": self.ids.user_pool_id,
                    "ClientName": "gatehouse-confidential",
                    "GenerateSecret": true,
                    "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                    "EnableTokenRevocation": true,
                }),
            )
            .await;
        let client = &created["UserPoolClient"];
        let client_id = client["ClientId"].as_str().expect("a client id").to_owned();
        let generated = client["ClientSecret"]
            .as_str()
            .expect("GenerateSecret gives the client a secret")
            .to_owned();
        let mut settings = self.settings.clone();
        settings.profile = "confidential".into();
        settings.client_id = client_id;
        settings.client_secret = Some(ClientSecret::new(
            secret.map_or(generated.clone(), str::to_owned),
        ));
        (settings, generated)
    }
}

pub fn field(name: &str, label: &str, kind: AttributeKind, required: bool) -> AttributeField {
    AttributeField {
        name: name.to_owned(),
        label: label.to_owned(),
        kind,
        required,
    }
}

//! The client core (`gatehouse-auth`'s `Auth` driver) against moto's Cognito server, a peer nobody
//! here wrote.
//!
//! moto accepts any SRP proof and any code, so what passes here proves that the core's requests
//! and its reading of the answers have Cognito's shape (wire compatibility), nothing about codes
//! or passwords. `cargo xtask test rust` starts `moto_server` and sets `GATEHOUSE_MOTO_ENDPOINT`;
//! without it every test returns at once and says so on stderr.
//!
//! Each test sets up its own pool as an administrator would, with raw Cognito JSON calls
//! (`CreateUserPool`, `SetUserPoolMfaConfig`, `CreateUserPoolClient`, `AdminCreateUser`...), so
//! the tests share one server without seeing each other's users.
//!
//! Where moto departs from Cognito (moto 5.0.28), the test says so and asserts what moto does:
//! - `InitiateAuth(USER_SRP_AUTH)`'s `SECRET_BLOCK` is a UUID, not base64 as Cognito's is. The SRP
//!   crate decodes it strictly, so against moto as it is the core cannot answer
//!   `PASSWORD_VERIFIER` (first test). Every other test goes through [`ShapeProxy`], which
//!   base64-encodes that one value on its way to the core and decodes it on its way back.
//! - moto's ID and access tokens have no `iat` claim (Cognito's always do): the core then cannot
//!   measure the pool's clock and assumes no drift.
//! - `USER_ID_FOR_SRP` is the user's `sub` even in a username pool, and moto finds users by it only
//!   when the pool signs in with `UsernameAttributes` (Cognito's own convention there): the pools
//!   here sign in with an email address.
//! - `SMS_MFA` comes without `CODE_DELIVERY_DESTINATION`/`CODE_DELIVERY_DELIVERY_MEDIUM`.
//! - `NEW_PASSWORD_REQUIRED` comes without `userAttributes`/`requiredAttributes`.
//! - `RevokeToken`, `ResendConfirmationCode`, `DeleteUser`, `DeleteUserAttributes`,
//!   `VerifyUserAttribute` and `GetUserAttributeVerificationCode` are not implemented (HTTP 500,
//!   an HTML page).
//! - `ChangePassword` refuses a wrong previous password with `NotAuthorizedException` whose
//!   message is the username (Cognito: "Incorrect username or password."); `UpdateUserAttributes`
//!   returns no `CodeDeliveryDetailsList` and leaves the `*_verified` flags alone.
//! - `SECRET_HASH` is not checked: a confidential client's requests only show their shape.
//! - `AssociateSoftwareToken` always gives the secret `asdfasdfasdf`.
//! - `MFA_SETUP`'s `MFAS_CAN_SETUP` is a JSON array where Cognito sends a string holding one,
//!   which the SDK cannot read; the proxy turns it into Cognito's shape.
//!
//! See <https://docs.getmoto.org/en/latest/docs/services/cognito-idp.html>.

use std::sync::Arc;

use base64::{engine::general_purpose::STANDARD as BASE64, Engine as _};
use gatehouse_auth::{
    view::{
        AttributeField, AttributeKind, AuthView, ErrorKind, MfaMethod, NoticeKind, Screen,
        TotpSetupOrigin,
    },
    ClientSecret, ConfirmationCode, Intent, MemoryStore, Password, PoolSettings, TokenStore,
};
use gatehouse_tests::totp::Totp;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[path = "core/mod.rs"]
mod app;
use app::{signed_in_user, App, PASSWORD};

const NEW_PASSWORD: &str = "Staple-Battery-7-horse";
/// moto accepts any confirmation and MFA code; Cognito would want the one it sent.
const ANY_CODE: &str = "123456";

/// A user pool and app client on moto, created with an administrator's raw JSON calls.
struct MotoPool {
    endpoint: String,
    http: reqwest::Client,
    pool_id: String,
    client_id: String,
}

impl MotoPool {
    /// A pool whose users sign in with their email address, optional SMS and TOTP second
    /// factors, and an app client allowed `USER_SRP_AUTH` and refresh.
    async fn create(endpoint: &str, name: &str) -> Self {
        Self::create_with_mfa(endpoint, name, "OPTIONAL").await
    }

    /// The same, with the pool's `MfaConfiguration` (`OFF`, `OPTIONAL`, `ON`).
    async fn create_with_mfa(endpoint: &str, name: &str, mfa: &str) -> Self {
        let mut pool = Self {
            endpoint: endpoint.trim_end_matches('/').to_owned(),
            http: reqwest::Client::new(),
            pool_id: String::new(),
            client_id: String::new(),
        };
        let created = pool
            .call(
                "CreateUserPool",
                json!({
                    "PoolName": format!("gatehouse-{name}"),
                    "UsernameAttributes": ["email"],
                    "AutoVerifiedAttributes": ["email"],
                }),
            )
            .await;
        pool.pool_id = text(&created["UserPool"]["Id"]);
        pool.call(
            "SetUserPoolMfaConfig",
            json!({
                "UserPoolId": pool.pool_id,
                "MfaConfiguration": mfa,
                "SoftwareTokenMfaConfiguration": {"Enabled": true},
                "SmsMfaConfiguration": {
                    "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/gatehouse-sms"}
                },
            }),
        )
        .await;
        let client = pool
            .call(
                "CreateUserPoolClient",
                json!({
                    "UserPoolId": pool.pool_id,
                    "ClientName": "gatehouse-desktop",
                    "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                }),
            )
            .await;
        pool.client_id = text(&client["UserPoolClient"]["ClientId"]);
        pool
    }

    /// One Cognito call as JSON 1.1 (`X-Amz-Target`); moto needs no signature. Panics with the
    /// answer (never the request, which may hold a password) when moto refuses it.
    async fn call(&self, operation: &str, body: Value) -> Value {
        let (status, answer) = self.try_call(operation, body).await;
        assert!(status.is_success(), "{operation}: {status} {answer}");
        if answer.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&answer).expect("moto answers JSON")
        }
    }

    async fn try_call(&self, operation: &str, body: Value) -> (reqwest::StatusCode, String) {
        let response = self
            .http
            .post(format!("{}/", self.endpoint))
            .header(
                "X-Amz-Target",
                format!("AWSCognitoIdentityProviderService.{operation}"),
            )
            .header("Content-Type", "application/x-amz-json-1.1")
            .body(body.to_string())
            .send()
            .await
            .unwrap_or_else(|error| panic!("{operation}: moto is unreachable: {error}"));
        let status = response.status();
        (status, response.text().await.expect("moto's answer"))
    }

    /// The core's settings for this pool, reaching moto at `endpoint` (moto itself or the proxy).
    fn settings(&self, endpoint: &str) -> PoolSettings {
        let mut settings = PoolSettings::new(
            "moto",
            "us-east-1",
            &self.pool_id,
            &self.client_id,
            Some(endpoint.to_owned()),
        );
        settings.sign_up_fields.push(AttributeField {
            name: "phone_number".into(),
            label: "Phone number".into(),
            kind: AttributeKind::Phone,
            required: false,
        });
        settings.mfa_methods = vec![MfaMethod::Sms, MfaMethod::Totp];
        settings
    }
}

fn text(value: &Value) -> String {
    value
        .as_str()
        .unwrap_or_else(|| panic!("expected a string, got {value}"))
        .to_owned()
}

/// A loopback HTTP proxy in front of moto that fixes the two values moto sends in a shape Cognito
/// never does, and nothing else, so the core's requests and moto's answers are still checked
/// against each other:
/// - `PASSWORD_VERIFIER`'s `SECRET_BLOCK`, a UUID where Cognito sends base64: base64-encoded on
///   the way to the core, decoded again in `PASSWORD_CLAIM_SECRET_BLOCK` on the way back (moto
///   keys its SRP session on it).
/// - `MFAS_CAN_SETUP`, a JSON array where Cognito sends a string holding one.
struct ShapeProxy {
    endpoint: String,
}

impl ShapeProxy {
    async fn start(upstream: &str) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let endpoint = format!("http://{}", listener.local_addr().expect("its address"));
        let upstream = upstream.trim_end_matches('/').to_owned();
        let http = reqwest::Client::new();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(forward(stream, http.clone(), upstream.clone()));
            }
        });
        Self { endpoint }
    }
}

/// Forwards one request (the core's SDK sends a `Content-Length` body) and closes the connection.
async fn forward(mut stream: tokio::net::TcpStream, http: reqwest::Client, upstream: String) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let header_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buffer[..header_end]).into_owned();
    let mut lines = head.split("\r\n");
    let path = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .unwrap_or("/")
        .to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let length = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.parse::<usize>().ok())
        .unwrap_or(0);
    while buffer.len() < header_end + length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    let body = rewrite_json(&buffer[header_end..header_end + length], |request| {
        if let Some(block) = request
            .pointer_mut("/ChallengeResponses/PASSWORD_CLAIM_SECRET_BLOCK")
            .filter(|v| v.is_string())
        {
            let decoded = BASE64
                .decode(block.as_str().unwrap_or_default())
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok());
            if let Some(decoded) = decoded {
                *block = Value::String(decoded);
            }
        }
    });
    let mut request = http.post(format!("{upstream}{path}")).body(body);
    for (name, value) in &headers {
        if !["host", "content-length", "connection", "transfer-encoding"]
            .iter()
            .any(|skip| name.eq_ignore_ascii_case(skip))
        {
            request = request.header(name.as_str(), value.as_str());
        }
    }
    let Ok(response) = request.send().await else {
        return;
    };
    let status = response.status();
    let mut reply_headers = String::new();
    for (name, value) in response.headers() {
        if !["content-length", "connection", "transfer-encoding"]
            .iter()
            .any(|skip| name.as_str().eq_ignore_ascii_case(skip))
        {
            reply_headers.push_str(&format!(
                "{}: {}\r\n",
                name,
                value.to_str().unwrap_or_default()
            ));
        }
    }
    let answer = response.bytes().await.unwrap_or_default();
    let answer = rewrite_json(&answer, |answer| {
        if let Some(block) = answer
            .pointer_mut("/ChallengeParameters/SECRET_BLOCK")
            .filter(|v| v.is_string())
        {
            *block = Value::String(BASE64.encode(block.as_str().unwrap_or_default()));
        }
        // moto sends `MFAS_CAN_SETUP` as a JSON array; Cognito's parameters are all strings, and
        // list-valued ones are JSON text (`"[\"SOFTWARE_TOKEN_MFA\"]"`).
        if let Some(parameters) = answer
            .get_mut("ChallengeParameters")
            .and_then(Value::as_object_mut)
        {
            for value in parameters.values_mut().filter(|value| value.is_array()) {
                *value = Value::String(value.to_string());
            }
        }
    });
    let head = format!(
        "HTTP/1.1 {} {}\r\n{reply_headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Status"),
        answer.len()
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(&answer).await;
    let _ = stream.shutdown().await;
}

/// `body` with `edit` applied when it is a JSON object, unchanged otherwise.
fn rewrite_json(body: &[u8], edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    match serde_json::from_slice::<Value>(body) {
        Ok(mut value) if value.is_object() => {
            edit(&mut value);
            value.to_string().into_bytes()
        }
        _ => body.to_vec(),
    }
}

/// moto, a pool on it, and the proxy the core talks to.
struct Peer {
    pool: MotoPool,
    proxy: ShapeProxy,
}

impl Peer {
    /// `None` (said on stderr) when the tests are not run against moto.
    async fn start(name: &str) -> Option<Self> {
        Self::start_with_mfa(name, "OPTIONAL").await
    }

    async fn start_with_mfa(name: &str, mfa: &str) -> Option<Self> {
        let endpoint = gatehouse_tests::moto::endpoint()?;
        let pool = MotoPool::create_with_mfa(&endpoint, name, mfa).await;
        let proxy = ShapeProxy::start(&pool.endpoint).await;
        Some(Self { pool, proxy })
    }

    fn settings(&self) -> PoolSettings {
        self.pool.settings(&self.proxy.endpoint)
    }

    async fn app(&self, store: &Arc<MemoryStore>) -> App {
        App::start(self.settings(), store).await
    }

    /// A user who signed up (with a phone number) and confirmed, on the sign-in screen.
    async fn confirmed_user(&self, app: &App, email: &str) {
        sign_up(app, email).await;
        let view = app.confirm_sign_up(ANY_CODE).await;
        assert_eq!(view.error, None, "moto confirms with any code");
    }
}

/// Signs up `email` with a phone number, as the pools here ask for.
async fn sign_up(app: &App, email: &str) -> AuthView {
    app.sign_up(email, &[("email", email), ("phone_number", "+15555550100")])
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moto_s_secret_block_is_not_base64_so_srp_sign_in_stops_at_the_password_verifier() {
    let Some(endpoint) = gatehouse_tests::moto::endpoint() else {
        return;
    };
    let pool = MotoPool::create(&endpoint, "raw-srp").await;
    // Straight to moto, no proxy.
    let store = Arc::new(MemoryStore::default());
    let app = App::start(pool.settings(&pool.endpoint), &store).await;
    sign_up(&app, "raw@example.com").await;
    assert_eq!(app.confirm_sign_up(ANY_CODE).await.error, None);

    // What moto sends: a UUID where Cognito sends a base64 block.
    let challenge = pool
        .call(
            "InitiateAuth",
            json!({
                "ClientId": pool.client_id,
                "AuthFlow": "USER_SRP_AUTH",
                "AuthParameters": {"USERNAME": "raw@example.com", "SRP_A": "0a"},
            }),
        )
        .await;
    assert_eq!(challenge["ChallengeName"], "PASSWORD_VERIFIER");
    let block = text(&challenge["ChallengeParameters"]["SECRET_BLOCK"]);
    assert!(
        BASE64.decode(&block).is_err(),
        "moto's SECRET_BLOCK is not base64"
    );

    // So the core cannot sign the claim: it says the pool's answer was unusable and stores nothing.
    let view = app.sign_in("raw@example.com", PASSWORD).await;
    assert!(
        matches!(view.screen, Screen::SignIn { .. }),
        "still on sign-in: {view:?}"
    );
    assert_eq!(view.error.map(|e| e.kind), Some(ErrorKind::Service));
    assert!(store.get(&pool.settings(&endpoint).store_key()).is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_user_signs_up_confirms_and_signs_in_with_srp() {
    let Some(peer) = Peer::start("sign-up").await else {
        return;
    };
    let store = Arc::new(MemoryStore::default());
    let app = peer.app(&store).await;
    assert!(matches!(app.auth.view().screen, Screen::SignIn { .. }));

    let view = sign_up(&app, "alice@example.com").await;
    let Screen::ConfirmSignUp { username, delivery } = &view.screen else {
        panic!("sign-up asks for the code, got {view:?}");
    };
    assert_eq!(username, "alice@example.com");
    let delivery = delivery.as_ref().expect("moto says where the code went");
    assert_eq!(delivery.medium, "EMAIL");
    assert_eq!(delivery.attribute.as_deref(), Some("email"));
    assert_ne!(delivery.destination, "alice@example.com", "masked");

    // An unconfirmed user is sent back to the code (moto answers UserNotConfirmedException).
    let view = app.sign_in("alice@example.com", PASSWORD).await;
    assert!(
        matches!(view.screen, Screen::ConfirmSignUp { .. }),
        "unconfirmed: {view:?}"
    );

    let view = app.confirm_sign_up(ANY_CODE).await;
    assert_eq!(view.error, None);
    assert_eq!(
        view.screen,
        Screen::SignIn {
            username: Some("alice@example.com".into()),
            username_field: gatehouse_auth::view::UsernameField::Username,
        }
    );

    let view = app.sign_in("alice@example.com", PASSWORD).await;
    let user = signed_in_user(&view);
    // moto's ID token: `cognito:username` is the sub in a pool that signs in with email.
    assert!(!user.sub.is_empty());
    assert_eq!(user.email.as_deref(), Some("alice@example.com"));
    assert_eq!(user.phone_number.as_deref(), Some("+15555550100"));
    assert!(user.mfa.enabled.is_empty(), "no second factor yet");
    let expires =
        chrono::DateTime::parse_from_rfc3339(&user.session_expires_at).expect("an RFC 3339 expiry");
    assert!(expires > chrono::Utc::now());
    assert!(
        store.get(&peer.settings().store_key()).is_some(),
        "the session is stored"
    );

    // The next start restores it (GetUser with moto's access token).
    let restarted = peer.app(&store).await;
    assert_eq!(signed_in_user(&restarted.auth.view()).sub, user.sub);
    assert!(app.seen.lock().unwrap().iter().any(|view| view.busy));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resending_the_sign_up_code_is_not_implemented_by_moto() {
    let Some(peer) = Peer::start("resend").await else {
        return;
    };
    let app = peer.app(&Arc::new(MemoryStore::default())).await;
    sign_up(&app, "rita@example.com").await;

    // moto has no ResendConfirmationCode: HTTP 500 with an HTML page, which the core reports as
    // the pool failing (not retried: a resend is sent once). The user stays on the code screen.
    let view = app.auth.dispatch(Intent::ResendSignUpCode).await;
    assert!(
        matches!(view.screen, Screen::ConfirmSignUp { .. }),
        "{view:?}"
    );
    assert_eq!(view.error.map(|e| e.kind), Some(ErrorKind::PoolError));
    assert_eq!(app.confirm_sign_up(ANY_CODE).await.error, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forgotten_password_is_reset_with_the_code_and_the_user_signs_in() {
    let Some(peer) = Peer::start("forgot").await else {
        return;
    };
    let app = peer.app(&Arc::new(MemoryStore::default())).await;
    peer.confirmed_user(&app, "bob@example.com").await;

    app.auth
        .dispatch(Intent::ShowForgotPassword {
            username: Some("bob@example.com".into()),
        })
        .await;
    let view = app
        .auth
        .dispatch(Intent::RequestPasswordReset {
            username: "bob@example.com".into(),
        })
        .await;
    let Screen::ResetPassword {
        username, delivery, ..
    } = &view.screen
    else {
        panic!("the reset asks for the code, got {view:?}");
    };
    assert_eq!(username, "bob@example.com");
    let delivery = delivery.as_ref().expect("moto says where the code went");
    assert_eq!(delivery.medium, "EMAIL");
    assert_eq!(delivery.destination, "b***@e***", "moto's masking");

    // moto checks a code only when it starts with its own `moto-confirmation-code:` prefix.
    let view = app
        .auth
        .dispatch(Intent::ConfirmPasswordReset {
            code: ConfirmationCode::new(ANY_CODE.into()),
            password: Password::new(NEW_PASSWORD.into()),
        })
        .await;
    assert_eq!(view.error, None);
    assert_eq!(
        view.screen,
        Screen::SignIn {
            username: Some("bob@example.com".into()),
            username_field: gatehouse_auth::view::UsernameField::Username,
        }
    );
    // moto does not check SRP proofs, so this shows the flow, not that the new password is in use.
    signed_in_user(&app.sign_in("bob@example.com", NEW_PASSWORD).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sms_mfa_set_by_the_administrator_is_asked_for_at_sign_in() {
    let Some(peer) = Peer::start("sms").await else {
        return;
    };
    let app = peer.app(&Arc::new(MemoryStore::default())).await;
    peer.confirmed_user(&app, "carol@example.com").await;
    peer.pool
        .call(
            "AdminSetUserMFAPreference",
            json!({
                "UserPoolId": peer.pool.pool_id,
                "Username": "carol@example.com",
                "SMSMfaSettings": {"Enabled": true, "PreferredMfa": true},
            }),
        )
        .await;

    let view = app.sign_in("carol@example.com", PASSWORD).await;
    let Screen::ConfirmSignIn {
        method, delivery, ..
    } = &view.screen
    else {
        panic!("SMS_MFA asks for the texted code, got {view:?}");
    };
    assert_eq!(*method, MfaMethod::Sms);
    // Cognito says where it texted the code; moto's SMS_MFA has no challenge parameters at all.
    assert_eq!(*delivery, None);

    let view = app.enter_code(ANY_CODE).await;
    let user = signed_in_user(&view);
    assert_eq!(user.mfa.enabled, vec![MfaMethod::Sms]);
    assert_eq!(user.mfa.preferred, Some(MfaMethod::Sms));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_authenticator_set_up_from_the_signed_in_screen_is_asked_for_at_sign_in() {
    let Some(peer) = Peer::start("totp").await else {
        return;
    };
    let store = Arc::new(MemoryStore::default());
    let app = peer.app(&store).await;
    peer.confirmed_user(&app, "dave@example.com").await;
    signed_in_user(&app.sign_in("dave@example.com", PASSWORD).await);

    let view = app.auth.dispatch(Intent::SetUpTotp).await;
    let Screen::SetUpTotp { setup, origin, .. } = &view.screen else {
        panic!("AssociateSoftwareToken shows the setup, got {view:?}");
    };
    assert_eq!(*origin, TotpSetupOrigin::Account);
    assert!(setup.uri.starts_with("otpauth://totp/"), "an otpauth URI");
    // moto's secret is always `asdfasdfasdf`: base32, so an authenticator app takes it.
    let authenticator = Totp::from_base32(&setup.secret).expect("a base32 secret");

    let view = app
        .auth
        .dispatch(Intent::VerifyTotp {
            code: ConfirmationCode::new(authenticator.now().0),
            device_name: Some("moto phone".into()),
        })
        .await;
    assert_eq!(view.error, None);
    // The core turns the verified authenticator on with SetUserMFAPreference itself.
    let user = signed_in_user(&view);
    assert_eq!(user.mfa.enabled, vec![MfaMethod::Totp]);
    assert_eq!(user.mfa.preferred, Some(MfaMethod::Totp));

    app.auth.dispatch(Intent::SignOut).await;
    let view = app.sign_in("dave@example.com", PASSWORD).await;
    let Screen::ConfirmSignIn {
        method, delivery, ..
    } = &view.screen
    else {
        panic!("SOFTWARE_TOKEN_MFA asks for the app's code, got {view:?}");
    };
    assert_eq!((*method, delivery), (MfaMethod::Totp, &None));
    let view = app.enter_code(&authenticator.now().0).await;
    assert_eq!(signed_in_user(&view).mfa.preferred, Some(MfaMethod::Totp));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_created_by_the_administrator_chooses_a_new_password() {
    let Some(peer) = Peer::start("new-password").await else {
        return;
    };
    peer.pool
        .call(
            "AdminCreateUser",
            json!({
                "UserPoolId": peer.pool.pool_id,
                "Username": "erin@example.com",
                "TemporaryPassword": "Temporary-Pass-1-word",
                "MessageAction": "SUPPRESS",
                "UserAttributes": [
                    {"Name": "email", "Value": "erin@example.com"},
                    {"Name": "email_verified", "Value": "true"},
                ],
            }),
        )
        .await;
    let store = Arc::new(MemoryStore::default());
    let app = peer.app(&store).await;

    let view = app
        .sign_in("erin@example.com", "Temporary-Pass-1-word")
        .await;
    let Screen::NewPassword {
        required_attributes,
        ..
    } = &view.screen
    else {
        panic!("NEW_PASSWORD_REQUIRED asks for a new password, got {view:?}");
    };
    // Cognito lists `requiredAttributes` (a JSON array in a string); moto sends only USERNAME.
    assert!(required_attributes.is_empty());

    let view = app
        .auth
        .dispatch(Intent::CompleteNewPassword {
            password: Password::new(NEW_PASSWORD.into()),
            attributes: Default::default(),
        })
        .await;
    assert_eq!(
        signed_in_user(&view).email.as_deref(),
        Some("erin@example.com")
    );
    let status = peer
        .pool
        .call(
            "AdminGetUser",
            json!({"UserPoolId": peer.pool.pool_id, "Username": "erin@example.com"}),
        )
        .await;
    assert_eq!(status["UserStatus"], "CONFIRMED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_everywhere_ends_the_session_on_every_device() {
    let Some(peer) = Peer::start("global").await else {
        return;
    };
    let store = Arc::new(MemoryStore::default());
    let app = peer.app(&store).await;
    peer.confirmed_user(&app, "frank@example.com").await;
    signed_in_user(&app.sign_in("frank@example.com", PASSWORD).await);
    let key = peer.settings().store_key();
    // Another device holding the same session.
    let other_device = Arc::new(MemoryStore::default());
    other_device
        .save(&key, &store.get(&key).expect("a stored session"))
        .unwrap();

    let view = app.auth.dispatch(Intent::SignOutEverywhere).await;

    assert!(
        matches!(view.screen, Screen::SignIn { .. }),
        "signed out: {view:?}"
    );
    assert_eq!(view.error, None);
    assert!(store.get(&key).is_none(), "the store is cleared");
    // moto drops the access token and revokes the refresh token: the copy no longer signs in.
    let other = peer.app(&other_device).await;
    assert!(
        matches!(other.auth.view().screen, Screen::SignIn { .. }),
        "the other device is signed out: {:?}",
        other.auth.view()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_clears_the_session_though_moto_cannot_revoke_the_token() {
    let Some(peer) = Peer::start("sign-out").await else {
        return;
    };
    let store = Arc::new(MemoryStore::default());
    let app = peer.app(&store).await;
    peer.confirmed_user(&app, "gina@example.com").await;
    signed_in_user(&app.sign_in("gina@example.com", PASSWORD).await);
    let key = peer.settings().store_key();
    let copy = Arc::new(MemoryStore::default());
    copy.save(&key, &store.get(&key).expect("a stored session"))
        .unwrap();

    // moto has no RevokeToken (HTTP 500, an HTML page). The core signs out of this device anyway.
    let view = app.auth.dispatch(Intent::SignOut).await;

    // Pre-filled with the ID token's `cognito:username`: in a pool that signs in with email that
    // is the user's UUID, not the address they typed (as on Cognito).
    assert!(
        matches!(view.screen, Screen::SignIn { .. }),
        "signed out: {view:?}"
    );
    assert_eq!(view.error, None);
    assert!(store.get(&key).is_none(), "the store is cleared");
    // Nothing was revoked on moto, so a copy of the session is still good there.
    let restored = peer.app(&copy).await;
    signed_in_user(&restored.auth.view());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_that_requires_mfa_has_the_authenticator_set_up_during_sign_in() {
    let Some(peer) = Peer::start_with_mfa("mfa-on", "ON").await else {
        return;
    };
    let store = Arc::new(MemoryStore::default());
    let app = peer.app(&store).await;
    peer.confirmed_user(&app, "hana@example.com").await;

    // What moto sends, asked directly: `MFAS_CAN_SETUP` as a JSON array, not Cognito's string.
    let pool = &peer.pool;
    let challenge = pool
        .call(
            "InitiateAuth",
            json!({
                "ClientId": pool.client_id,
                "AuthFlow": "USER_SRP_AUTH",
                "AuthParameters": {"USERNAME": "hana@example.com", "SRP_A": "0a"},
            }),
        )
        .await;
    let parameters = &challenge["ChallengeParameters"];
    let setup = pool
        .call(
            "RespondToAuthChallenge",
            json!({
                "ClientId": pool.client_id,
                "ChallengeName": "PASSWORD_VERIFIER",
                "Session": challenge["Session"],
                "ChallengeResponses": {
                    "USERNAME": parameters["USER_ID_FOR_SRP"],
                    "PASSWORD_CLAIM_SECRET_BLOCK": parameters["SECRET_BLOCK"],
                    "PASSWORD_CLAIM_SIGNATURE": "bW90bw==",
                    "TIMESTAMP": "Thu Nov 26 11:00:00 UTC 2026",
                },
            }),
        )
        .await;
    assert_eq!(setup["ChallengeName"], "MFA_SETUP");
    assert!(setup["ChallengeParameters"]["MFAS_CAN_SETUP"].is_array());

    // Through the proxy, the core sets up the authenticator inside the sign-in.
    let view = app.sign_in("hana@example.com", PASSWORD).await;
    let Screen::SetUpTotp { setup, origin, .. } = &view.screen else {
        panic!("MFA_SETUP shows the authenticator setup, got {view:?}");
    };
    assert_eq!(*origin, TotpSetupOrigin::SignIn);
    let authenticator = Totp::from_base32(&setup.secret).expect("a base32 secret");
    let view = app
        .auth
        .dispatch(Intent::VerifyTotp {
            code: ConfirmationCode::new(authenticator.now().0),
            device_name: None,
        })
        .await;
    assert_eq!(view.error, None);
    signed_in_user(&view);
    assert!(store.get(&peer.settings().store_key()).is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_in_user_changes_their_phone_number_and_password() {
    let Some(peer) = Peer::start("account").await else {
        return;
    };
    let store = Arc::new(MemoryStore::default());
    let app = peer.app(&store).await;
    peer.confirmed_user(&app, "ines@example.com").await;
    signed_in_user(&app.sign_in("ines@example.com", PASSWORD).await);

    // UpdateUserAttributes, then GetUser. moto answers `{}`: no CodeDeliveryDetailsList, and it
    // leaves verification flags alone.
    let view = app
        .update_attributes(&[("phone_number", "+15555550199")])
        .await;
    assert_eq!(
        (&view.error, app::notice_kind(&view)),
        (&None, Some(NoticeKind::AttributesSaved))
    );
    assert_eq!(
        signed_in_user(&view).phone_number.as_deref(),
        Some("+15555550199")
    );
    let stored = peer
        .pool
        .call(
            "AdminGetUser",
            json!({"UserPoolId": peer.pool.pool_id, "Username": "ines@example.com"}),
        )
        .await;
    assert!(
        stored["UserAttributes"].as_array().is_some_and(
            |list| list.contains(&json!({"Name": "phone_number", "Value": "+15555550199"}))
        ),
        "{stored}"
    );

    // ChangePassword: moto compares the previous password in clear and refuses a wrong one with
    // NotAuthorizedException whose message is the username, where Cognito says "Incorrect
    // username or password.": the core shows the pool's sentence.
    let view = app
        .change_password("Wrong-Horse-9-battery", NEW_PASSWORD)
        .await;
    assert!(matches!(view.screen, Screen::SignedIn { .. }), "{view:?}");
    let error = app::error_of(&view);
    assert_eq!(error.kind, ErrorKind::NotAuthorized, "{error:?}");
    let view = app.change_password(PASSWORD, NEW_PASSWORD).await;
    assert_eq!(
        (&view.error, app::notice_kind(&view)),
        (&None, Some(NoticeKind::PasswordChanged))
    );
    let changed_again = app.change_password(NEW_PASSWORD, PASSWORD).await;
    assert_eq!(changed_again.error, None, "moto holds the new password");
    assert!(store.get(&peer.settings().store_key()).is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_the_account_and_verifying_an_attribute_are_not_implemented_by_moto() {
    let Some(peer) = Peer::start("unimplemented").await else {
        return;
    };
    let store = Arc::new(MemoryStore::default());
    let app = peer.app(&store).await;
    peer.confirmed_user(&app, "jude@example.com").await;
    signed_in_user(&app.sign_in("jude@example.com", PASSWORD).await);
    let key = peer.settings().store_key();

    // moto has no DeleteUser, VerifyUserAttribute, GetUserAttributeVerificationCode or
    // DeleteUserAttributes (HTTP 500, an HTML page): the core stays signed in with the pool's
    // failure shown (`PoolError`) and keeps the session.
    let view = app.delete_account().await;
    assert!(matches!(view.screen, Screen::SignedIn { .. }), "{view:?}");
    assert_eq!(app::error_of(&view).kind, ErrorKind::PoolError);
    assert!(store.get(&key).is_some(), "the session is kept");
    let view = app.verify_attribute("email", ANY_CODE).await;
    assert_eq!(app::error_of(&view).kind, ErrorKind::PoolError, "{view:?}");
    let view = app.resend_attribute_code("email").await;
    assert_eq!(app::error_of(&view).kind, ErrorKind::PoolError, "{view:?}");
    let view = app.update_attributes(&[("phone_number", "")]).await;
    assert_eq!(app::error_of(&view).kind, ErrorKind::PoolError, "{view:?}");
    assert_eq!(
        signed_in_user(&view).phone_number.as_deref(),
        Some("+15555550100"),
        "nothing was deleted"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confidential_client_sends_moto_requests_it_accepts() {
    let Some(peer) = Peer::start("confidential").await else {
        return;
    };
    let client = peer
        .pool
        .call(
            "CreateUserPoolClient",
            json!({
                "UserPoolId": peer.pool.pool_id,
                "ClientName": "gatehouse-confidential",
                "GenerateSecret": true,
                "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            }),
        )
        .await;
    let client = &client["UserPoolClient"];
    let mut settings = peer.settings();
    settings.client_id = text(&client["ClientId"]);
    settings.client_secret = Some(ClientSecret::new(text(&client["ClientSecret"])));
    let app = App::start(settings, &Arc::new(MemoryStore::default())).await;

    // moto does not check SECRET_HASH; this shows the requests carrying it keep Cognito's shape.
    peer.confirmed_user(&app, "kit@example.com").await;
    let view = app.sign_in("kit@example.com", PASSWORD).await;
    assert_eq!(
        signed_in_user(&view).email.as_deref(),
        Some("kit@example.com")
    );
    app.sign_out().await;
}

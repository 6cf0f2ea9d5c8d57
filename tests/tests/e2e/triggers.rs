//! Lambda triggers as a user meets them: a pool whose `PreSignUp` trigger refuses some sign-ups
//! and whose `PreAuthentication` trigger refuses a blocked account. The local pool calls an HTTP
//! endpoint in place of a Lambda function (its documented relaxation); this test serves it on
//! loopback and answers as a Lambda would, with Cognito's `{"errorMessage": ...}` for a refusal.
//! The app shows Cognito's own wording ("PreSignUp failed with error ...") and stays on the form.

use std::sync::{Arc, Mutex};

use axum::{extract::State, http::StatusCode, routing::post, Json, Router};
use gatehouse_pool::PoolServerConfig;
use gatehouse_tests::pool_admin::{PoolAdmin, PoolClient};
use serde_json::{json, Value};

use crate::{devices::Device, run::Run, sign_in, NewUser};

/// The trigger: refuses sign-ups from `blocked.example` and sign-ins of users named `blocked*`,
/// and records each event's trigger source.
#[derive(Clone, Default)]
struct Trigger {
    sources: Arc<Mutex<Vec<String>>>,
}

async fn answer(
    State(trigger): State<Trigger>,
    Json(event): Json<Value>,
) -> (StatusCode, Json<Value>) {
    let source = event["triggerSource"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    trigger.sources.lock().unwrap().push(source.clone());
    let email = event["request"]["userAttributes"]["email"]
        .as_str()
        .unwrap_or_default();
    let username = event["userName"].as_str().unwrap_or_default();
    let refused = match source.as_str() {
        "PreSignUp_SignUp" if email.ends_with("@blocked.example") => {
            Some("Sign-ups from blocked.example are closed")
        }
        "PreAuthentication_Authentication" if username.starts_with("blocked") => {
            Some("This account is suspended")
        }
        _ => None,
    };
    match refused {
        Some(message) => (StatusCode::OK, Json(json!({"errorMessage": message}))),
        None => (StatusCode::OK, Json(event)),
    }
}

/// A pool with the trigger for PreSignUp and PreAuthentication, and the desktop app client.
async fn pool_with_trigger(admin: &PoolAdmin, url: &str) -> PoolClient {
    let created = admin
        .expect(
            "CreateUserPool",
            json!({"PoolName": "triggers", "AutoVerifiedAttributes": ["email"],
                "LambdaConfig": {"PreSignUp": url, "PreAuthentication": url}}),
        )
        .await;
    let user_pool_id = created["UserPool"]["Id"].as_str().unwrap().to_owned();
    let client = admin
        .expect(
            "CreateUserPoolClient",
            json!({"UserPoolId": user_pool_id, "ClientName": "triggers-desktop",
                "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                "EnableTokenRevocation": true}),
        )
        .await;
    PoolClient {
        region: "us-east-1".into(),
        client_id: client["UserPoolClient"]["ClientId"]
            .as_str()
            .unwrap()
            .to_owned(),
        user_pool_id,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trigger_refuses_a_sign_up_and_a_sign_in_with_its_own_reason() {
    let run = Run::from_env();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let trigger = Trigger::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/trigger", listener.local_addr().unwrap());
    let router = Router::new()
        .route("/trigger", post(answer))
        .with_state(trigger.clone());
    let server = tokio::spawn(async move { axum::serve(listener, router).await });
    let running = gatehouse_pool::start(PoolServerConfig::new(dir.path().join("pool")))
        .await
        .expect("the pool starts on loopback");
    let admin = PoolAdmin::new(running.endpoint());
    let pool = pool_with_trigger(&admin, &url).await;
    let device = Device::new(dir.path(), "triggers", &pool, admin.endpoint());

    let app = device.launch(&run).await;
    app.wait_for_screen("signIn").await;
    let refused = NewUser::new("tri");
    app.click("show-sign-up").await;
    app.wait_for_screen("signUp").await;
    app.fill("username", &refused.username).await;
    app.fill("password", &refused.password).await;
    app.fill("email", &format!("{}@blocked.example", refused.username))
        .await;
    app.click("sign-up").await;
    let message = app
        .wait_for_text("[data-error=\"form\"]", "PreSignUp failed with error")
        .await;
    assert!(
        message.contains("Sign-ups from blocked.example are closed"),
        "the trigger's reason is shown: {message}"
    );
    app.screenshot("sign-up-refused-by-trigger").await;
    assert!(
        admin.user(&pool, &refused.username).await.is_err(),
        "a refused sign-up creates no one"
    );

    // A blocked account with the right password: PreAuthentication has the last word.
    let blocked = NewUser::new("blocked");
    admin
        .confirmed_user(
            &pool,
            &blocked.username,
            &blocked.password,
            &[("email", &blocked.email)],
        )
        .await;
    app.click("show-sign-in").await;
    app.wait_for_screen("signIn").await;
    sign_in(&app, &blocked.username, &blocked.password).await;
    let message = app
        .wait_for_text(
            "[data-error=\"form\"]",
            "PreAuthentication failed with error",
        )
        .await;
    assert!(message.contains("This account is suspended"), "{message}");
    app.screenshot("sign-in-refused-by-trigger").await;
    app.close().await;

    let sources = trigger.sources.lock().unwrap().clone();
    assert_eq!(
        sources,
        [
            "PreSignUp_SignUp",
            "PreSignUp_SignUp",
            "PreAuthentication_Authentication"
        ],
        "the pool asked the trigger for the refused sign-up, the admin's sign-up and the sign-in"
    );
    running.shutdown().await;
    server.abort();
}

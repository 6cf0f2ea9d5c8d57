//! User-pool triggers over real HTTP: the pool POSTs Cognito's event to a small trigger server
//! run by the test, which records what it got and answers as each test wants.

mod common;

use std::sync::{Arc, Mutex};

use axum::{extract::State, http::StatusCode, routing::post, Json, Router};
use common::{code_of, error, TestPool, PASSWORD};
use serde_json::{json, Value};

type Reply = Arc<dyn Fn(&Value) -> (u16, String) + Send + Sync>;

#[derive(Clone)]
struct HookState {
    events: Arc<Mutex<Vec<Value>>>,
    reply: Arc<Mutex<Reply>>,
}

/// A trigger endpoint on a loopback port; by default it returns the event unchanged, as a
/// Lambda that accepts everything does.
struct Hook {
    url: String,
    state: HookState,
}

async fn receive(State(state): State<HookState>, Json(event): Json<Value>) -> (StatusCode, String) {
    state.events.lock().unwrap().push(event.clone());
    let reply = state.reply.lock().unwrap().clone();
    let (status, body) = reply(&event);
    (StatusCode::from_u16(status).unwrap(), body)
}

impl Hook {
    async fn start() -> Self {
        let state = HookState {
            events: Arc::default(),
            reply: Arc::new(Mutex::new(Arc::new(|event: &Value| {
                (200, event.to_string())
            }))),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/trigger", listener.local_addr().unwrap());
        let app = Router::new()
            .route("/trigger", post(receive))
            .with_state(state.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, state }
    }

    fn answer(&self, reply: impl Fn(&Value) -> (u16, String) + Send + Sync + 'static) {
        *self.state.reply.lock().unwrap() = Arc::new(reply);
    }

    /// Returns the event with `response` replaced, as a Lambda does.
    fn respond_with(&self, response: Value) {
        self.answer(move |event| {
            let mut event = event.clone();
            event["response"] = response.clone();
            (200, event.to_string())
        });
    }

    fn events(&self) -> Vec<Value> {
        self.state.events.lock().unwrap().clone()
    }

    fn sources(&self) -> Vec<String> {
        self.events()
            .iter()
            .map(|event| event["triggerSource"].as_str().unwrap().to_owned())
            .collect()
    }
}

async fn pool_with_hook(pool: &TestPool, hook: &Hook) -> (String, String) {
    pool.pool_with(
        json!({"LambdaConfig": {"PreSignUp": hook.url, "PostConfirmation": hook.url,
            "PreAuthentication": hook.url}}),
        json!({}),
    )
    .await
}

#[tokio::test]
async fn triggers_receive_cognitos_events() {
    let pool = TestPool::start().await;
    let hook = Hook::start().await;
    let (pool_id, client_id) = pool_with_hook(&pool, &hook).await;
    let answer = pool
        .call(
            "SignUp",
            json!({"ClientId": client_id, "Username": "jane", "Password": PASSWORD,
            "UserAttributes": [{"Name": "email", "Value": "jane@example.com"}],
            "ValidationData": [{"Name": "invite", "Value": "x-123"}],
            "ClientMetadata": {"app": "desktop"}}),
        )
        .await
        .unwrap();
    assert_eq!(answer["UserConfirmed"], false);

    let events = hook.events();
    assert_eq!(events.len(), 1);
    let event = &events[0];
    assert_eq!(event["version"], "1");
    assert_eq!(event["triggerSource"], "PreSignUp_SignUp");
    assert_eq!(event["region"], "us-east-1");
    assert_eq!(event["userPoolId"], pool_id.as_str());
    assert_eq!(event["userName"], "jane");
    assert_eq!(event["callerContext"]["clientId"], client_id.as_str());
    assert!(event["callerContext"]["awsSdkVersion"].is_string());
    assert_eq!(
        event["request"],
        json!({"userAttributes": {"email": "jane@example.com"},
            "validationData": {"invite": "x-123"}, "clientMetadata": {"app": "desktop"}})
    );
    assert_eq!(
        event["response"],
        json!({"autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false})
    );
    assert!(
        !event.to_string().contains(PASSWORD),
        "no password in an event"
    );

    let code = pool.last_code("jane");
    pool.call(
        "ConfirmSignUp",
        json!({"ClientId": client_id, "Username": "jane", "ConfirmationCode": code,
            "ClientMetadata": {"app": "desktop"}}),
    )
    .await
    .unwrap();
    let confirmed = hook.events().pop().unwrap();
    assert_eq!(confirmed["triggerSource"], "PostConfirmation_ConfirmSignUp");
    let attributes = &confirmed["request"]["userAttributes"];
    assert_eq!(attributes["cognito:user_status"], "CONFIRMED");
    assert_eq!(attributes["email_verified"], "true");
    assert_eq!(attributes["sub"], answer["UserSub"]);
    assert_eq!(
        confirmed["request"]["clientMetadata"],
        json!({"app": "desktop"})
    );
}

#[tokio::test]
async fn pre_sign_up_can_confirm_the_user_and_verify_the_email() {
    let pool = TestPool::start().await;
    let hook = Hook::start().await;
    let (pool_id, client_id) = pool_with_hook(&pool, &hook).await;
    hook.respond_with(json!({"autoConfirmUser": true, "autoVerifyEmail": true}));
    let answer = pool
        .sign_up(&client_id, "jane", "jane@example.com")
        .await
        .unwrap();
    assert_eq!(answer["UserConfirmed"], true);
    assert!(answer.get("CodeDeliveryDetails").is_none());
    assert!(pool.outbox_of("jane").is_empty(), "no code is needed");
    assert_eq!(pool.status_of(&pool_id, "jane").await, "CONFIRMED");
    assert_eq!(
        pool.attribute_of(&pool_id, "jane", "email_verified").await,
        Some(json!("true"))
    );
}

#[tokio::test]
async fn a_trigger_that_refuses_stops_the_sign_up() {
    let pool = TestPool::start().await;
    let hook = Hook::start().await;
    let (pool_id, client_id) = pool_with_hook(&pool, &hook).await;

    hook.answer(|_| {
        (
            200,
            json!({"errorMessage": "Sign-ups are closed"}).to_string(),
        )
    });
    assert_eq!(
        pool.sign_up(&client_id, "jane", "jane@example.com").await,
        Err(error(
            "UserLambdaValidationException",
            "PreSignUp failed with error Sign-ups are closed."
        ))
    );
    hook.answer(|_| (500, String::new()));
    let failed = pool.sign_up(&client_id, "jane", "jane@example.com").await;
    assert_eq!(code_of(failed), "UserLambdaValidationException");
    hook.answer(|_| (200, "this is not an event".into()));
    let garbled = pool.sign_up(&client_id, "jane", "jane@example.com").await;
    assert_eq!(code_of(garbled), "InvalidLambdaResponseException");
    hook.respond_with(json!({"autoConfirmUser": "yes"}));
    let mistyped = pool.sign_up(&client_id, "jane", "jane@example.com").await;
    assert_eq!(code_of(mistyped), "InvalidLambdaResponseException");

    assert!(!pool.user_exists(&pool_id, "jane").await);
    assert!(pool.outbox_of("jane").is_empty());
}

#[tokio::test]
async fn an_unreachable_trigger_fails_the_operation() {
    let pool = TestPool::start().await;
    let (_, client_id) = pool.pool_with_unreachable_pre_sign_up().await;
    let refused = pool.sign_up(&client_id, "jane", "jane@example.com").await;
    assert_eq!(code_of(refused), "UnexpectedLambdaException");

    // A Lambda ARN cannot be called offline: the local pool skips it.
    let (_, arn_client) = pool
        .pool_with(
            json!({"LambdaConfig": {"PreSignUp":
                "arn:aws:lambda:us-east-1:000000000000:function:pre-sign-up"}}),
            json!({}),
        )
        .await;
    pool.sign_up(&arn_client, "john", "john@example.com")
        .await
        .expect("an ARN trigger is skipped");
}

#[tokio::test]
async fn a_refused_confirmation_leaves_the_user_unconfirmed() {
    let pool = TestPool::start().await;
    let hook = Hook::start().await;
    let (pool_id, client_id) = pool_with_hook(&pool, &hook).await;
    pool.sign_up(&client_id, "jane", "jane@example.com")
        .await
        .unwrap();
    let code = pool.last_code("jane");
    hook.answer(|_| (200, json!({"errorMessage": "CRM is down"}).to_string()));
    let confirm = || pool.confirm_sign_up(&client_id, "jane", &code);
    assert_eq!(
        confirm().await,
        Err(error(
            "UserLambdaValidationException",
            "PostConfirmation failed with error CRM is down."
        ))
    );
    assert_eq!(pool.status_of(&pool_id, "jane").await, "UNCONFIRMED");
    hook.answer(|event| (200, event.to_string()));
    assert_eq!(confirm().await, Ok(json!({})));
    assert_eq!(pool.status_of(&pool_id, "jane").await, "CONFIRMED");
}

#[tokio::test]
async fn post_confirmation_follows_a_password_reset() {
    let pool = TestPool::start().await;
    let hook = Hook::start().await;
    let (pool_id, client_id) = pool_with_hook(&pool, &hook).await;
    pool.confirmed_user(&client_id, "jane").await;
    pool.call(
        "ForgotPassword",
        json!({"ClientId": client_id, "Username": "jane"}),
    )
    .await
    .unwrap();
    let code = pool.last_code("jane");
    let reset = || {
        pool.call(
            "ConfirmForgotPassword",
            json!({"ClientId": client_id, "Username": "jane", "ConfirmationCode": code,
                "Password": "Battery-st4ple", "ClientMetadata": {"reason": "forgot"}}),
        )
    };
    hook.answer(|event| {
        if event["triggerSource"] == "PostConfirmation_ConfirmForgotPassword" {
            (403, json!({"errorMessage": "not now"}).to_string())
        } else {
            (200, event.to_string())
        }
    });
    assert_eq!(
        reset().await,
        Err(error(
            "UserLambdaValidationException",
            "PostConfirmation failed with error not now."
        ))
    );
    pool.srp_sign_in(&pool_id, &client_id, "jane", PASSWORD)
        .await
        .expect("the refused reset changed nothing");

    hook.answer(|event| (200, event.to_string()));
    assert_eq!(reset().await, Ok(json!({})));
    let event = hook.events().pop().unwrap();
    assert_eq!(
        event["triggerSource"],
        "PostConfirmation_ConfirmForgotPassword"
    );
    assert_eq!(
        event["request"]["clientMetadata"],
        json!({"reason": "forgot"})
    );
    assert_eq!(
        hook.sources(),
        [
            "PreSignUp_SignUp",
            "PostConfirmation_ConfirmSignUp",
            "PostConfirmation_ConfirmForgotPassword",
            "PreAuthentication_Authentication",
            "PostConfirmation_ConfirmForgotPassword"
        ]
    );
}

#[tokio::test]
async fn pre_authentication_can_refuse_a_correct_password() {
    let pool = TestPool::start().await;
    let hook = Hook::start().await;
    let (pool_id, client_id) = pool_with_hook(&pool, &hook).await;
    pool.confirmed_user(&client_id, "jane").await;
    hook.answer(|_| {
        (
            200,
            json!({"errorMessage": "Outside office hours"}).to_string(),
        )
    });
    assert_eq!(
        pool.srp_sign_in(&pool_id, &client_id, "jane", PASSWORD)
            .await,
        Err(error(
            "UserLambdaValidationException",
            "PreAuthentication failed with error Outside office hours."
        ))
    );
    let event = hook.events().pop().unwrap();
    assert_eq!(event["triggerSource"], "PreAuthentication_Authentication");
    assert_eq!(event["userName"], "jane");
    assert_eq!(event["callerContext"]["clientId"], client_id.as_str());
    assert_eq!(
        event["request"]["userAttributes"]["email"],
        "jane@example.com"
    );

    hook.answer(|event| (200, event.to_string()));
    let signed_in = pool.sign_in(&pool_id, &client_id, "jane").await;
    assert!(signed_in["AuthenticationResult"]["AccessToken"].is_string());
}

//! HTTP for the pool: Cognito's JSON protocol on `POST /` (`X-Amz-Target:
//! AWSCognitoIdentityProviderService.<Operation>`, `application/x-amz-json-1.1`, errors as HTTP 400
//! `{"__type", "message"}`), the JWKS of each pool, and the outbox listing. Given admin credentials,
//! the pool checks the SigV4 signature of every IAM-authorised operation as AWS does (`iam.rs`,
//! `sigv4/`) before reading the body; without them (the app's embedded pool, on loopback) signed
//! requests are accepted unchecked, and unsigned ones too.

use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::{rejection::BytesRejection, DefaultBodyLimit, FromRef, Path, Query, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use serde::Deserialize;
use serde_json::Value;

use crate::{admin_credentials::AdminCredentials, error::CognitoError, iam, service::Service};

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";
const AMZ_JSON: &str = "application/x-amz-json-1.1";
/// Cognito requests are small; anything larger is refused before parsing.
const MAX_BODY_BYTES: usize = 256 * 1024;
/// The code of that refusal. Cognito documents none; AWS services that name one (Lambda, the AWS
/// JSON front ends) answer HTTP 413 with this `__type`, which SDKs surface as a service error.
const TOO_LARGE: &str = "RequestEntityTooLargeException";

/// What the handlers share: the pool, and the admin key when signatures are checked.
#[derive(Clone)]
struct AppState {
    service: Arc<Service>,
    admin: Option<Arc<AdminCredentials>>,
}

impl FromRef<AppState> for Arc<Service> {
    fn from_ref(state: &AppState) -> Self {
        state.service.clone()
    }
}

pub fn router(service: Arc<Service>, admin: Option<AdminCredentials>) -> Router {
    let state = AppState {
        service,
        admin: admin.map(Arc::new),
    };
    Router::new()
        .route("/", post(operation))
        .route("/{pool_id}/.well-known/jwks.json", get(jwks))
        .route("/_gatehouse/outbox", get(outbox))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

fn answer(result: Result<Value, CognitoError>) -> Response {
    let (status, body) = match result {
        Ok(body) => (StatusCode::OK, body),
        Err(error) => (
            StatusCode::BAD_REQUEST,
            serde_json::json!({"__type": error.code, "message": error.message}),
        ),
    };
    let mut response = (status, body.to_string()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(AMZ_JSON));
    response.headers_mut().insert(
        "x-amzn-requestid",
        HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()).expect("a uuid is a valid header"),
    );
    response
}

async fn operation(
    State(AppState { service, admin }): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    // Read (and refused when too large) before anything else, in the protocol's JSON shape rather
    // than axum's plain-text rejection, so every client's error parser reads a code.
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            let mut response = answer(Err(CognitoError::new(
                TOO_LARGE,
                format!("The request body is larger than {MAX_BODY_BYTES} bytes."),
            )));
            *response.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
            return response;
        }
        Err(_) => {
            return answer(Err(CognitoError::new(
                "SerializationException",
                "The request body could not be read.",
            )))
        }
    };
    let target = headers
        .get("x-amz-target")
        .and_then(|value| value.to_str().ok())
        .and_then(|target| target.strip_prefix(TARGET_PREFIX))
        .map(str::to_owned);
    let Some(operation) = target else {
        return answer(Err(CognitoError::new(
            "UnknownOperationException",
            "Missing or unknown X-Amz-Target header.",
        )));
    };
    if let Some(admin) = admin.filter(|_| iam::requires_signature(&operation)) {
        let now = service.clock.now();
        if let Err(error) = iam::authorize(&admin, &method, &uri, &headers, &body, now) {
            // The code says why; the header, the signature and the string to sign stay out of logs.
            tracing::info!(operation, code = error.code, "signature refused");
            return answer(Err(error));
        }
    }
    let request: Value = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(_) => {
            return answer(Err(CognitoError::new(
                "SerializationException",
                "The request body is not valid JSON.",
            )))
        }
    };
    tracing::debug!(operation, "request");
    // Operations touch SQLite and do big-number math: keep them off the async workers.
    let result = tokio::task::spawn_blocking(move || {
        let result = service.call(&operation, &request);
        if let Err(error) = &result {
            tracing::info!(operation, code = error.code, "refused");
        }
        result
    })
    .await
    .unwrap_or_else(|_| Err(CognitoError::internal()));
    answer(result)
}

async fn jwks(State(service): State<Arc<Service>>, Path(pool_id): Path<String>) -> Response {
    match service.jwks(&pool_id) {
        Ok(Some(keys)) => Json(keys).into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "no such user pool").into_response(),
        Err(error) => answer(Err(error)),
    }
}

#[derive(Deserialize)]
struct OutboxQuery {
    username: Option<String>,
}

async fn outbox(State(service): State<Arc<Service>>, Query(query): Query<OutboxQuery>) -> Response {
    match service.outbox(query.username.as_deref()) {
        Ok(messages) => Json(messages).into_response(),
        Err(error) => answer(Err(error)),
    }
}

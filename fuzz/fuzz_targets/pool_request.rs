//! Arbitrary requests through the pool's real HTTP path (`X-Amz-Target` + JSON body → decode →
//! every operation's input validation → storage), against a pool in a temporary directory.
//!
//! Input: the `X-Amz-Target` value, a newline, then the body. `$CLIENT` and `$POOL` in the body
//! stand for the pool's app client and user pool ids, so that inputs reach past the id lookups.
//! The rule checked: every answer is 200 with JSON, or Cognito's `{"__type", "message"}` error
//! with a 4xx status, and never an internal error (a panic in an operation surfaces as one).
#![no_main]

use std::sync::OnceLock;

use axum::{
    body::Body,
    http::{HeaderValue, Request},
};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt as _;

struct Fixture {
    runtime: tokio::runtime::Runtime,
    harness: gatehouse_pool::fuzzing::Harness,
    /// Held so the pool's directory lives as long as the process.
    _dir: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        // Shared memory when there is some: SQLite syncs each commit and a disk would set the pace.
        let dir = tempfile::Builder::new()
            .prefix("gatehouse-fuzz-pool")
            .tempdir_in(if std::path::Path::new("/dev/shm").is_dir() {
                "/dev/shm".into()
            } else {
                std::env::temp_dir()
            })
            .expect("a temporary directory");
        let harness = gatehouse_pool::fuzzing::harness(dir.path()).expect("the pool opens");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a tokio runtime");
        Fixture {
            runtime,
            harness,
            _dir: dir,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let fixture = fixture();
    let (target, body) = match data.iter().position(|&byte| byte == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let body = String::from_utf8_lossy(body)
        .replace("$CLIENT", &fixture.harness.client_id)
        .replace("$POOL", &fixture.harness.user_pool_id);
    let mut request = Request::post("/").header("content-type", "application/x-amz-json-1.1");
    if let Ok(target) = HeaderValue::from_bytes(target) {
        request = request.header("x-amz-target", target);
    }
    let request = request.body(Body::from(body)).expect("a valid request");
    let (status, answer) = fixture.runtime.block_on(async {
        let response = fixture
            .harness
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router is infallible");
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("the answer is readable");
        (status, bytes)
    });
    let answer: serde_json::Value = serde_json::from_slice(&answer).expect("every answer is JSON");
    if status.is_success() {
        return;
    }
    assert!(status.is_client_error(), "status {status}");
    let code = answer["__type"].as_str().expect("an error has a __type");
    assert_ne!(code, "InternalErrorException", "{answer}");
    assert!(answer["message"].is_string(), "{answer}");
});

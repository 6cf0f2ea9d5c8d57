//! What the pool logs while it checks signatures holds neither the admin's secret nor a request's
//! signature. A test binary of its own: it installs the process-wide log subscriber.

mod common;

use common::{Signer, TestPool, KEY_ID, SECRET};
use serde_json::json;

/// Collects what the pool logs, for the test below.
#[derive(Clone, Default)]
struct LogLines(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogLines {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn neither_the_secret_nor_a_signature_reaches_the_log() {
    let lines = LogLines::default();
    let writer = lines.clone();
    // Only the pool's own events, at every level: the test-side signer logs what it signs.
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("gatehouse_pool=trace")
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");

    let pool = TestPool::start_signed(Signer::admin()).await;
    let body = json!({"PoolName": "logged"}).to_string();
    let good = pool.signed_by(&Signer::admin(), "CreateUserPool", &body);
    pool.send("CreateUserPool", body.clone(), &good)
        .await
        .unwrap();
    let bad = pool.signed_by(
        &Signer::new(KEY_ID, "not-the-secret"),
        "CreateUserPool",
        &body,
    );
    pool.refused_create("logged", &bad).await;

    let log = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("signature refused"),
        "the log is captured: {log}"
    );
    let signatures = good
        .iter()
        .chain(&bad)
        .filter(|(name, _)| name == "authorization");
    for (_, authorization) in signatures {
        let signature = authorization.rsplit("Signature=").next().unwrap();
        assert!(!log.contains(signature), "a signature was logged");
    }
    for secret in [SECRET, "not-the-secret", "AWS4-HMAC-SHA256"] {
        assert!(!log.contains(secret), "{secret} was logged");
    }
}

//! A fault-injecting HTTP proxy in front of a pool, on loopback: the app talks to it as to the
//! pool, and a test switches, at run time, how it answers.
//!
//! Modes ([`Fault`]): pass the request on; refuse connections (the port is closed, as when the
//! pool is down); hold the answer for a while (past the client's timeout) before passing it on;
//! answer a 500 `InternalErrorException`; answer Cognito's throttling error (HTTP 400,
//! `TooManyRequestsException`, "Rate exceeded": the shape Cognito and botocore#1732 show). A
//! [`Rule`] applies a mode to every request, to the next N only, or to one operation
//! (`X-Amz-Target` `AWSCognitoIdentityProviderService.<Operation>`) only. The proxy counts the
//! requests it saw per operation, so a test can check how often the client tried.
//!
//! Bounded: a request head of at most 64 KiB and a body of at most 1 MiB, each connection
//! answered once and closed (`Connection: close`), so that "down" also closes the way in for
//! pooled connections.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 1024 * 1024;
const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// How the proxy answers a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Passes the request to the pool and its answer back.
    Pass,
    /// Refuses connections (closes its port). Applies to every request, whatever the rule's
    /// count or operation, since a refused connection carries no request to look at.
    Down,
    /// Waits this long, then passes the request on (the pool acts, late).
    Slow(Duration),
    /// HTTP 500 `InternalErrorException`; the pool never sees the request.
    ServerError,
    /// HTTP 400 `TooManyRequestsException` "Rate exceeded"; the pool never sees the request.
    Throttle,
}

/// A mode, for which requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub fault: Fault,
    /// Only this many requests (that match `operation`), then `Pass`; `None`: until replaced.
    pub remaining: Option<usize>,
    /// Only requests of this operation (`ConfirmSignUp`); `None`: every operation.
    pub operation: Option<String>,
}

impl Rule {
    pub fn always(fault: Fault) -> Self {
        Self {
            fault,
            remaining: None,
            operation: None,
        }
    }

    /// Only the next `count` matching requests.
    pub fn next(mut self, count: usize) -> Self {
        self.remaining = Some(count);
        self
    }

    /// Only requests of `operation` (without the service prefix).
    pub fn only(mut self, operation: &str) -> Self {
        self.operation = Some(operation.to_owned());
        self
    }
}

#[derive(Debug)]
struct Shared {
    rule: Rule,
    seen: HashMap<String, usize>,
    /// Whether the port is open (the serve loop's view, for `set` to wait on).
    listening: bool,
}

/// The running proxy; stops when dropped.
pub struct FaultProxy {
    addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    task: JoinHandle<()>,
}

impl FaultProxy {
    /// A proxy on a free loopback port, passing everything to `upstream` (`http://127.0.0.1:port`).
    pub async fn start(upstream: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port for the proxy");
        let addr = listener.local_addr().expect("the proxy's address");
        let shared = Arc::new(Mutex::new(Shared {
            rule: Rule::always(Fault::Pass),
            seen: HashMap::new(),
            listening: true,
        }));
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .expect("an HTTP client");
        let task = tokio::spawn(serve(
            listener,
            addr,
            shared.clone(),
            client,
            upstream.trim_end_matches('/').to_owned(),
        ));
        Self { addr, shared, task }
    }

    /// The address the app should use as the pool's endpoint.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Replaces the current rule; returns once the port is closed (for `Down`) or open again.
    pub async fn set(&self, rule: Rule) {
        let down = rule.fault == Fault::Down;
        self.lock().rule = rule;
        for _ in 0..200 {
            if self.lock().listening != down {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the fault proxy did not switch its port within 2 s");
    }

    /// Requests of `operation` seen (faulted ones included; refused connections are not requests).
    pub fn seen(&self, operation: &str) -> usize {
        self.lock().seen.get(operation).copied().unwrap_or(0)
    }

    /// Every request seen.
    pub fn seen_total(&self) -> usize {
        self.lock().seen.values().sum()
    }

    pub fn reset_counts(&self) {
        self.lock().seen.clear();
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        lock(&self.shared)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    shared
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Accepts while up; while `Down`, the listener is closed so that connecting is refused, and it
/// binds the same port again when the mode changes.
async fn serve(
    listener: TcpListener,
    addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    client: reqwest::Client,
    upstream: String,
) {
    let mut listener = Some(listener);
    loop {
        let down = lock(&shared).rule.fault == Fault::Down;
        if down {
            listener = None;
            lock(&shared).listening = false;
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        }
        if listener.is_none() {
            listener = TcpListener::bind(addr).await.ok();
            if listener.is_none() {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            continue;
        }
        lock(&shared).listening = true;
        let Some(open) = &listener else {
            continue;
        };
        // Wake up now and then to notice a switch to `Down`.
        let Ok(Ok((stream, _))) =
            tokio::time::timeout(Duration::from_millis(50), open.accept()).await
        else {
            continue;
        };
        tokio::spawn(answer(
            stream,
            shared.clone(),
            client.clone(),
            upstream.clone(),
        ));
    }
}

/// One request read from the client.
struct Request {
    path: String,
    target: String,
    content_type: String,
    body: Vec<u8>,
}

async fn answer(
    mut stream: TcpStream,
    shared: Arc<Mutex<Shared>>,
    client: reqwest::Client,
    upstream: String,
) {
    let Ok(Some(request)) =
        tokio::time::timeout(Duration::from_secs(30), read_request(&mut stream)).await
    else {
        return;
    };
    let operation = request
        .target
        .strip_prefix(TARGET_PREFIX)
        .unwrap_or(&request.target)
        .to_owned();
    let fault = {
        let mut shared = lock(&shared);
        *shared.seen.entry(operation.clone()).or_default() += 1;
        take_fault(&mut shared.rule, &operation)
    };
    let (status, content_type, body) = match fault {
        Fault::Pass => forward(&client, &upstream, &request).await,
        // Accepted just before the switch to `Down`: close without an answer.
        Fault::Down => return,
        Fault::Slow(delay) => {
            tokio::time::sleep(delay).await;
            forward(&client, &upstream, &request).await
        }
        Fault::ServerError => aws_error(
            500,
            "InternalErrorException",
            "An internal error occurred (fault proxy).",
        ),
        Fault::Throttle => aws_error(400, "TooManyRequestsException", "Rate exceeded"),
    };
    let head = format!(
        "HTTP/1.1 {status} {}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        reason(status),
        body.len()
    );
    // The client may have given up (timeout): nothing to do about a failed write.
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(&body).await;
    let _ = stream.shutdown().await;
}

/// The mode for this request, counting it against the rule's budget.
fn take_fault(rule: &mut Rule, operation: &str) -> Fault {
    if rule
        .operation
        .as_deref()
        .is_some_and(|only| only != operation)
    {
        return Fault::Pass;
    }
    match &mut rule.remaining {
        None => rule.fault,
        Some(0) => Fault::Pass,
        Some(left) => {
            *left -= 1;
            rule.fault
        }
    }
}

async fn forward(
    client: &reqwest::Client,
    upstream: &str,
    request: &Request,
) -> (u16, String, Vec<u8>) {
    let sent = client
        .post(format!("{upstream}{}", request.path))
        .header("content-type", &request.content_type)
        .header("x-amz-target", &request.target)
        .body(request.body.clone())
        .send()
        .await;
    let Ok(response) = sent else {
        return (
            502,
            "text/plain".into(),
            b"the pool behind the proxy is unreachable".to_vec(),
        );
    };
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/x-amz-json-1.1")
        .to_owned();
    let body = response
        .bytes()
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    (status, content_type, body)
}

fn aws_error(status: u16, code: &str, message: &str) -> (u16, String, Vec<u8>) {
    let body = serde_json::json!({ "__type": code, "message": message }).to_string();
    (
        status,
        "application/x-amz-json-1.1".into(),
        body.into_bytes(),
    )
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        _ => "Status",
    }
}

/// Reads one HTTP/1.1 request with a `Content-Length` body; `None` when it is malformed or too big.
async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buffer = Vec::with_capacity(4096);
    let head_end = loop {
        if let Some(end) = find(&buffer, b"\r\n\r\n") {
            break end;
        }
        if buffer.len() > MAX_HEAD {
            return None;
        }
        let mut chunk = [0u8; 4096];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = std::str::from_utf8(&buffer[..head_end]).ok()?;
    let mut lines = head.split("\r\n");
    let path = lines.next()?.split(' ').nth(1)?.to_owned();
    let mut headers = HashMap::new();
    for line in lines {
        let (name, value) = line.split_once(':')?;
        headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
    }
    let length: usize = headers
        .get("content-length")
        .map_or(Some(0), |v| v.parse().ok())?;
    if length > MAX_BODY {
        return None;
    }
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let mut chunk = vec![0u8; (length - body.len()).min(64 * 1024)];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    body.truncate(length);
    Some(Request {
        path,
        target: headers.remove("x-amz-target").unwrap_or_default(),
        content_type: headers
            .remove("content-type")
            .unwrap_or_else(|| "application/x-amz-json-1.1".into()),
        body,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_for_the_next_requests_of_one_operation_spends_only_on_them() {
        let mut rule = Rule::always(Fault::Throttle).next(2).only("GetUser");
        assert_eq!(take_fault(&mut rule, "InitiateAuth"), Fault::Pass);
        assert_eq!(take_fault(&mut rule, "GetUser"), Fault::Throttle);
        assert_eq!(take_fault(&mut rule, "GetUser"), Fault::Throttle);
        assert_eq!(take_fault(&mut rule, "GetUser"), Fault::Pass);
        let mut always = Rule::always(Fault::ServerError);
        for _ in 0..5 {
            assert_eq!(take_fault(&mut always, "SignUp"), Fault::ServerError);
        }
    }
}

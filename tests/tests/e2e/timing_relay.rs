//! A TCP relay on loopback between the app and a pool that times each HTTP exchange: from the
//! first byte of a request the app sends to the last byte of the answer it gets back. The sign-in
//! bench sums these to tell the time spent waiting on the pool from the app's own time.
//!
//! No HTTP parsing is needed for the timing: the app's client (hyper) does not pipeline, so on one
//! connection a request and its answer strictly alternate, and the first byte from the app after
//! answer bytes starts the next exchange. The operation is read from the request's
//! `X-Amz-Target` header, for the report only.

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::{Instant, SystemTime},
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    task::JoinHandle,
};

/// One request and its answer, as the app saw them.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// `InitiateAuth`, `GetUser`... (empty when the header was not in the request's first bytes).
    pub operation: String,
    pub started: Instant,
    /// `started` on the wall clock, which the page's `performance.timeOrigin` also counts from.
    pub started_wall: SystemTime,
    /// The last answer byte relayed so far (none before the pool answered).
    pub ended: Option<Instant>,
}

type Log = Arc<Mutex<Vec<Exchange>>>;

pub struct TimingRelay {
    address: SocketAddr,
    log: Log,
    accepting: JoinHandle<()>,
}

impl TimingRelay {
    /// Listens on a free loopback port and relays every connection to `upstream`.
    pub async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("the relay listens on loopback");
        let address = listener.local_addr().expect("the relay has an address");
        let log = Log::default();
        let accepting = tokio::spawn({
            let log = log.clone();
            async move {
                while let Ok((app, _)) = listener.accept().await {
                    tokio::spawn(relay(app, upstream, log.clone()));
                }
            }
        });
        Self {
            address,
            log,
            accepting,
        }
    }

    /// The endpoint to give the app in its profile.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Every exchange so far, oldest first.
    pub fn exchanges(&self) -> Vec<Exchange> {
        self.log
            .lock()
            .expect("the relay log is not poisoned")
            .clone()
    }
}

impl Drop for TimingRelay {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

/// Where a connection is: the index of its current exchange, and whether answer bytes were seen.
#[derive(Default)]
struct Connection {
    current: Option<usize>,
    answering: bool,
}

async fn relay(app: TcpStream, upstream: SocketAddr, log: Log) {
    let Ok(pool) = TcpStream::connect(upstream).await else {
        return;
    };
    let _ = app.set_nodelay(true);
    let _ = pool.set_nodelay(true);
    let (mut app_in, mut app_out) = app.into_split();
    let (mut pool_in, mut pool_out) = pool.into_split();
    let state = Arc::new(Mutex::new(Connection::default()));

    let requests = {
        let (log, state) = (log.clone(), state.clone());
        async move {
            let mut buffer = vec![0_u8; 64 * 1024];
            while let Ok(read) = app_in.read(&mut buffer).await {
                if read == 0 {
                    break;
                }
                let now = Instant::now();
                {
                    let mut state = state.lock().expect("not poisoned");
                    if state.current.is_none() || state.answering {
                        let mut log = log.lock().expect("not poisoned");
                        log.push(Exchange {
                            operation: operation(&buffer[..read]),
                            started: now,
                            started_wall: SystemTime::now(),
                            ended: None,
                        });
                        state.current = Some(log.len() - 1);
                        state.answering = false;
                    }
                }
                if pool_out.write_all(&buffer[..read]).await.is_err() {
                    break;
                }
            }
            let _ = pool_out.shutdown().await;
        }
    };
    let answers = async move {
        let mut buffer = vec![0_u8; 64 * 1024];
        while let Ok(read) = pool_in.read(&mut buffer).await {
            if read == 0 || app_out.write_all(&buffer[..read]).await.is_err() {
                break;
            }
            let now = Instant::now();
            let mut state = state.lock().expect("not poisoned");
            if let Some(current) = state.current {
                log.lock().expect("not poisoned")[current].ended = Some(now);
            }
            state.answering = true;
        }
        let _ = app_out.shutdown().await;
    };
    tokio::join!(requests, answers);
}

/// `AWSCognitoIdentityProviderService.InitiateAuth` → `InitiateAuth`.
fn operation(request: &[u8]) -> String {
    let text = String::from_utf8_lossy(request);
    text.lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("x-amz-target")
                .then(|| value.trim().rsplit('.').next().unwrap_or("").to_owned())
        })
        .unwrap_or_default()
}

//! The interoperability stage: third-party Cognito clients (amazon-cognito-identity-js in Node,
//! pycognito and boto3 in Python) sign in to the standalone `gatehouse-pool` binary over HTTP, as
//! a developer would use it.
//!
//! The pool listens on a free loopback port with a throw-away data directory and announces itself
//! with one line, `gatehouse-pool listening on http://127.0.0.1:PORT`, which this stage waits for.

use std::{
    io::{BufRead, BufReader},
    net::TcpListener,
    process::{Child, Command, Stdio},
    sync::mpsc,
    time::Duration,
};

use crate::{
    shell::{self, Failure},
    temp_dir::TempDir,
    workspace::Workspace,
};

/// The environment variable the Node suite reads the pool's endpoint from.
const ENDPOINT_ENV: &str = "GATEHOUSE_POOL_ENDPOINT";

pub fn run(ws: &Workspace) -> Result<(), Failure> {
    shell::run(
        shell::cargo()
            .args(["build", "-p", "gatehouse-pool", "--bin", "gatehouse-pool"])
            .current_dir(&ws.root),
    )?;
    let data = TempDir::new("interop-pool")?;
    let pool = Pool::start(ws, data.path())?;
    println!("xtask: gatehouse-pool is listening on {}", pool.endpoint);
    shell::run(
        Command::new("node")
            .arg("--test")
            .env(ENDPOINT_ENV, &pool.endpoint)
            .current_dir(ws.interop_js()),
    )?;
    shell::run(
        Command::new(ws.venv().join("bin/python"))
            .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
            .env(ENDPOINT_ENV, &pool.endpoint)
            .current_dir(ws.root.join("tests/interop/python")),
    )
}

/// The pool process; stopped when dropped, whatever the suite did.
pub struct Pool {
    child: Child,
    pub endpoint: String,
}

impl Pool {
    fn start(ws: &Workspace, data: &std::path::Path) -> Result<Self, Failure> {
        Self::start_binary(&ws.debug_binary("gatehouse-pool"), data)
    }

    /// `binary`, a debug or release build of `gatehouse-pool` (the pool bench runs the release).
    pub fn start_binary(binary: &std::path::Path, data: &std::path::Path) -> Result<Self, Failure> {
        let port = free_port()?;
        let mut command = Command::new(binary);
        command
            .arg("--port")
            .arg(port.to_string())
            .arg("--data")
            .arg(data)
            .stdout(Stdio::piped());
        println!("xtask: $ {}", shell::describe(&command));
        let mut child = command
            .spawn()
            .map_err(|error| Failure::new(format!("could not start gatehouse-pool: {error}")))?;
        let stdout = child.stdout.take().expect("stdout was piped above");
        let (announced, announcement) = mpsc::channel();
        // Keep draining stdout after the announcement so that the pool never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                println!("gatehouse-pool: {line}");
                if let Some(endpoint) = line.strip_prefix("gatehouse-pool listening on ") {
                    let _ = announced.send(endpoint.trim().to_owned());
                }
            }
        });
        let mut pool = Self {
            child,
            endpoint: String::new(),
        };
        pool.endpoint = announcement
            .recv_timeout(Duration::from_secs(60))
            .map_err(|_| {
                Failure::new("gatehouse-pool did not print its `listening on` line within 60 s")
            })?;
        Ok(pool)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        // SIGTERM first so the pool can close SQLite cleanly; SIGKILL if it lingers.
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        for _ in 0..50 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port nobody listens on right now (the OS picks it; released before use).
pub fn free_port() -> Result<u16, Failure> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

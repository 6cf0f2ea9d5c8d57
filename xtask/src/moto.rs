//! moto's Cognito server, a peer nobody here wrote, for the core's wire-compatibility tests.
//!
//! moto accepts any SRP proof and any code, so what passes against it proves the requests and
//! answers have Cognito's shape, nothing more. It runs from the test peers' virtual environment
//! on a free loopback port for the length of the Rust stage; the core's tests find it through
//! `GATEHOUSE_MOTO_ENDPOINT`. See https://docs.getmoto.org/en/latest/docs/server_mode.html

use std::{
    net::TcpStream,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use crate::{
    interop::free_port,
    shell::{self, Failure},
    workspace::Workspace,
};

pub const ENDPOINT_ENV: &str = "GATEHOUSE_MOTO_ENDPOINT";

/// The running `moto_server`; stopped when dropped.
pub struct Moto {
    child: Child,
    pub endpoint: String,
}

impl Moto {
    pub fn start(ws: &Workspace) -> Result<Self, Failure> {
        let port = free_port()?;
        let mut command = Command::new(ws.venv().join("bin/moto_server"));
        command
            .args(["-H", "127.0.0.1", "-p"])
            .arg(port.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        println!("xtask: $ {}", shell::describe(&command));
        let child = command
            .spawn()
            .map_err(|error| Failure::new(format!("could not start moto_server: {error}")))?;
        let moto = Self {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if started.elapsed() > Duration::from_secs(60) {
                return Err(Failure::new("moto_server did not listen within 60 s"));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(moto)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

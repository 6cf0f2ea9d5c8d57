//! The one door out to the web view: every event and every command response passes here.
//!
//! Keeping all outgoing payloads in one place lets the security tests see exactly what the UI
//! receives. When `GATEHOUSE_IPC_AUDIT=/path/file.jsonl` is set, each payload is appended to that
//! file as one line `{"channel": "<event or command>", "payload": ...}` before it is sent.
//! Nothing else in the app may call `emit` or return a command value without going through
//! `Outgoing::respond`. See https://v2.tauri.app/develop/calling-frontend/

use std::{
    fs::OpenOptions,
    io::Write,
    path::PathBuf,
    sync::{Arc, Mutex},
};

use gatehouse_auth::view::AuthView;
use serde::Serialize;
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;

use crate::events::{AuthViewChanged, OutboxChanged};

/// Environment variable naming the audit file (a test hook).
pub const AUDIT_ENV: &str = "GATEHOUSE_IPC_AUDIT";

/// Records outgoing payloads when auditing is on; cheap to clone.
#[derive(Clone, Debug, Default)]
pub struct Outgoing {
    audit: Option<Arc<AuditLog>>,
}

#[derive(Debug)]
struct AuditLog {
    path: PathBuf,
    /// Lines from concurrent commands and events must not interleave.
    write: Mutex<()>,
}

impl Outgoing {
    /// Auditing follows `GATEHOUSE_IPC_AUDIT`.
    pub fn from_env() -> Self {
        std::env::var_os(AUDIT_ENV)
            .filter(|path| !path.is_empty())
            .map_or_else(Self::default, |path| Self::auditing_to(path.into()))
    }

    pub fn auditing_to(path: PathBuf) -> Self {
        Self {
            audit: Some(Arc::new(AuditLog {
                path,
                write: Mutex::new(()),
            })),
        }
    }

    /// Pushes the view to the UI (event `auth-view`).
    pub fn view_changed<R: Runtime>(&self, app: &AppHandle<R>, view: &AuthView) {
        let event = AuthViewChanged(view.clone());
        self.record(AuthViewChanged::NAME, &event);
        if let Err(error) = event.emit(app) {
            tracing::warn!(%error, "could not emit auth-view");
        }
    }

    /// Tells the UI that the local pool sent a message (event `outbox-changed`).
    pub fn outbox_changed<R: Runtime>(&self, app: &AppHandle<R>) {
        self.record(OutboxChanged::NAME, &OutboxChanged);
        if let Err(error) = OutboxChanged.emit(app) {
            tracing::warn!(%error, "could not emit outbox-changed");
        }
    }

    /// Passes a command's result through, recording what the UI will receive.
    pub fn respond<T: Serialize, E: Serialize>(
        &self,
        command: &str,
        result: Result<T, E>,
    ) -> Result<T, E> {
        match &result {
            Ok(value) => self.record(command, value),
            Err(error) => self.record(command, error),
        }
        result
    }

    fn record<T: Serialize + ?Sized>(&self, channel: &str, payload: &T) {
        let Some(audit) = &self.audit else { return };
        let line = match serde_json::to_string(&AuditLine { channel, payload }) {
            Ok(line) => line,
            Err(error) => {
                tracing::warn!(channel, %error, "could not serialise an audited payload");
                return;
            }
        };
        let _guard = audit
            .write
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        let appended = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&audit.path)
            .and_then(|mut file| writeln!(file, "{line}"));
        if let Err(error) = appended {
            tracing::warn!(channel, %error, "could not append to the IPC audit file");
        }
    }
}

#[derive(Serialize)]
struct AuditLine<'a, T: ?Sized> {
    channel: &'a str,
    payload: &'a T,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::IpcError;
    use serde_json::{json, Value};

    fn lines(path: &std::path::Path) -> Vec<Value> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

    #[test]
    fn command_responses_are_appended_one_json_object_per_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let outgoing = Outgoing::auditing_to(path.clone());

        let ok = outgoing.respond::<_, IpcError>("app_info", Ok(json!({"version": "0.1.0"})));
        let err =
            outgoing.respond::<Value, IpcError>("list_outbox", Err(IpcError::not_local_mode()));

        assert!(ok.is_ok() && err.is_err(), "results pass through unchanged");
        assert_eq!(
            lines(&path),
            vec![
                json!({"channel": "app_info", "payload": {"version": "0.1.0"}}),
                json!({"channel": "list_outbox", "payload": serde_json::to_value(IpcError::not_local_mode()).unwrap()}),
            ]
        );
    }

    #[test]
    fn audit_file_is_appended_to_not_truncated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        std::fs::write(&path, "{\"channel\":\"earlier\",\"payload\":null}\n").unwrap();

        Outgoing::auditing_to(path.clone())
            .respond::<_, IpcError>("get_view", Ok(1))
            .unwrap();

        let channels: Vec<_> = lines(&path)
            .into_iter()
            .map(|line| line["channel"].clone())
            .collect();
        assert_eq!(channels, vec![json!("earlier"), json!("get_view")]);
    }

    #[test]
    fn nothing_is_written_when_auditing_is_off() {
        let dir = tempfile::tempdir().unwrap();
        Outgoing::default()
            .respond::<_, IpcError>("app_info", Ok(1))
            .unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}

//! The error a command hands to the web view: `{ kind, message }`, nothing else.
//!
//! Authentication failures are not command errors: they live in `AuthView.error` and arrive with
//! the view. A command fails only when the shell itself cannot do what was asked (no local pool,
//! the pool's outbox unreadable). The UI branches on `kind`; `message` is for people and never
//! holds a secret. Serialize is written by hand so that no internal detail (a source error, a path)
//! can slip into the payload through a derive.
//! See https://v2.tauri.app/develop/calling-rust/#error-handling

use serde::{ser::SerializeStruct, Serialize, Serializer};

/// What went wrong, as the UI branches on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum IpcErrorKind {
    /// The command only exists for the embedded local pool and the app runs against another pool.
    NotLocalMode,
    /// The embedded pool could not answer.
    LocalPool,
}

/// A failed command, as the web view receives it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, specta::Type)]
#[error("{message}")]
pub struct IpcError {
    pub kind: IpcErrorKind,
    pub message: String,
}

impl IpcError {
    pub fn not_local_mode() -> Self {
        Self {
            kind: IpcErrorKind::NotLocalMode,
            message: "This action is only available with the embedded local pool.".into(),
        }
    }

    /// The pool's error is logged by the caller; the UI gets a fixed sentence so that nothing
    /// the pool put in its error (a path, a row) reaches the web view.
    pub fn local_pool() -> Self {
        Self {
            kind: IpcErrorKind::LocalPool,
            message: "The local pool could not read its outbox.".into(),
        }
    }
}

impl Serialize for IpcError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut dto = serializer.serialize_struct("IpcError", 2)?;
        dto.serialize_field("kind", &self.kind)?;
        dto.serialize_field("message", &self.message)?;
        dto.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn serializes_as_kind_and_message_only() {
        let value = serde_json::to_value(IpcError::not_local_mode()).unwrap();
        assert_eq!(
            value,
            json!({
                "kind": "notLocalMode",
                "message": "This action is only available with the embedded local pool."
            })
        );
    }

    #[test]
    fn every_kind_is_camel_case_on_the_wire() {
        for (error, kind) in [
            (IpcError::not_local_mode(), "notLocalMode"),
            (IpcError::local_pool(), "localPool"),
        ] {
            let value = serde_json::to_value(&error).unwrap();
            assert_eq!(value["kind"], kind);
            assert_eq!(value.as_object().unwrap().len(), 2, "only kind and message");
        }
    }
}

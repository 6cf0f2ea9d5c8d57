//! Events the shell pushes to the web view. Their names are part of the contract with the UI and
//! the end-to-end tests (`auth-view`, `outbox-changed`); tauri-specta types them in the bindings.
//! Emit them only through `outgoing::Outgoing`, which records what leaves the process.

use gatehouse_auth::view::AuthView;
use serde::Serialize;
use specta::Type;
use tauri_specta::Event;

/// The core's view after a transition.
#[derive(Clone, Debug, Serialize, Type, Event)]
#[tauri_specta(event_name = "auth-view")]
pub struct AuthViewChanged(pub AuthView);

/// The local pool recorded a new message; the UI re-reads the outbox with `list_outbox`.
#[derive(Clone, Copy, Debug, Serialize, Type, Event)]
#[tauri_specta(event_name = "outbox-changed")]
pub struct OutboxChanged;

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_auth::view::Screen;

    #[test]
    fn event_names_are_the_ones_the_ui_and_e2e_suite_listen_to() {
        assert_eq!(AuthViewChanged::NAME, "auth-view");
        assert_eq!(OutboxChanged::NAME, "outbox-changed");
    }

    #[test]
    fn auth_view_event_carries_the_view_itself() {
        let view = AuthView {
            screen: Screen::SignIn {
                username: Some("alice".into()),
                username_field: gatehouse_auth::view::UsernameField::Username,
            },
            busy: true,
            error: None,
            notice: None,
        };
        assert_eq!(
            serde_json::to_value(AuthViewChanged(view.clone())).unwrap(),
            serde_json::to_value(view).unwrap()
        );
    }
}

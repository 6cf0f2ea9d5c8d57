//! Gatehouse's client core: signs a user into an Amazon Cognito user pool, with no UI and no Tauri.
//!
//! - `machine`: the sans-IO state machine (`AuthState`, `AuthEvent`, `Effect`, `transition`);
//! - `driver`: `Auth`, which runs the machine, performs its effects and publishes an `AuthView`;
//! - `cognito`: the port to the pool and its AWS SDK implementation; `srp`: the SRP handshake;
//! - `session`: tokens, claims and expiry; `store`: where the session survives a restart;
//! - `secret`: redacted secret types; `error`: the core's errors; `view`: what the UI may see.
#![forbid(unsafe_code)]

pub mod cognito;
pub mod driver;
pub mod error;
pub mod machine;
pub mod secret;
pub mod session;
pub mod settings;
pub mod srp;
pub mod store;
pub mod view;

pub use driver::{Auth, Clock, Intent, Observer};
pub use error::AuthError;
pub use secret::{AccessToken, ConfirmationCode, IdToken, Password, RefreshToken};
pub use settings::PoolSettings;
pub use store::{KeyringStore, MemoryStore, StoreError, StoreKey, StoredSession, TokenStore};
pub use view::{AuthView, CodeDelivery, ErrorKind, Field, Screen, UserSummary, ViewError};

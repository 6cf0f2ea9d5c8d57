//! Gatehouse's client core: signs a user into an Amazon Cognito user pool, with no UI and no Tauri.
//!
//! - `machine`: the sans-IO state machine (`AuthState`, `AuthEvent`, `Effect`, `transition`);
//! - `driver`: `Auth`, which runs the machine, performs its effects and publishes an `AuthView`;
//! - `cognito`: the port to the pool and its AWS SDK implementation; `srp`: the SRP handshake;
//! - `session`: tokens, claims and expiry; `store`: where the session survives a restart;
//! - `totp`: the authenticator setup's URI and QR code;
//! - `secret`: redacted secret types; `error`: the core's errors;
//! - `intent`: what the UI may ask; `view`: what the UI may see.
#![forbid(unsafe_code)]

pub mod cognito;
pub mod driver;
pub mod error;
pub mod intent;
pub mod machine;
mod screens;
pub mod secret;
pub mod session;
pub mod settings;
pub mod srp;
pub mod store;
pub mod totp;
pub mod view;

pub use driver::{Auth, Clock, Observer, FRESHNESS_CHECK};
pub use error::{AuthError, InputProblem};
pub use intent::Intent;
pub use secret::{
    AccessToken, ChallengeSession, ClientSecret, ConfirmationCode, DevicePassword, IdToken,
    Password, RefreshToken, TotpSecret,
};
pub use settings::{PoolAttribute, PoolSettings};
pub use store::{
    KeyringStore, MemoryStore, StoreError, StoreKey, StoredDevice, StoredSession, TokenStore,
};
pub use view::{
    AuthView, CodeDelivery, DeviceSummary, ErrorKind, Field, Notice, NoticeKind, Screen,
    UserSummary, UsernameField, ViewError,
};

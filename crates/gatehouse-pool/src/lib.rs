//! A local, Cognito-compatible user pool.
//!
//! It speaks the Cognito Identity Provider JSON protocol over HTTP and is faithful where free
//! emulators are not: SRP proofs are verified against a stored verifier (the password is never
//! stored), confirmation codes are random, expire and count attempts, and tokens are RS256 JWTs
//! with Cognito's claims, verifiable against the pool's JWKS. Codes the pool would email or text
//! go to an outbox instead. Storage is SQLite in WAL mode.
//!
//! Embed it with [`start`] (the desktop app's local mode and the tests do), or run the
//! `gatehouse-pool` binary.
#![forbid(unsafe_code)]

mod admin_credentials;
mod batch;
pub mod clock;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
mod handshakes;
mod http;
mod iam;
mod ops;
pub mod outbox;
mod server;
mod service;
mod sigv4;
pub mod srp;
mod store;
pub mod tokens;

pub use admin_credentials::{AdminCredentials, SecretAccessKey};
pub use clock::{Clock, ManualTime};
pub use error::{CognitoError, PoolError};
pub use outbox::OutboxMessage;
pub use server::{start, start_with_clock, LocalPool, PoolServerConfig, RunningPool};

//! Shared parts of Gatehouse's integration, interoperability and end-to-end suites.
//!
//! - [`leaks`]: finding secrets (passwords, codes, tokens) in text and files, reporting where they
//!   were found without ever printing them: the security floor of the brief (issue 2, item 6).
//! - [`keyring`]: what the real Secret Service holds, read with `secret-tool` as a user would.
//! - [`totp`]: an authenticator app's codes (RFC 6238), to set up and use TOTP second factors.
//! - [`pool_admin`]: an administrator's calls to a Cognito-compatible pool (create users, reset
//!   passwords, read a user's attributes), to set up situations the UI cannot reach alone.
//! - [`moto`]: where moto's Cognito server runs, when the suite runs against it.
//! - [`fault_proxy`]: a proxy in front of a pool that refuses, delays, fails or throttles on demand.
#![forbid(unsafe_code)]

pub mod fault_proxy;
pub mod keyring;
pub mod leaks;
pub mod moto;
pub mod pool_admin;
pub mod totp;

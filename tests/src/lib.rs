//! Shared parts of Gatehouse's integration, interoperability and end-to-end suites.
//!
//! - [`leaks`]: finding secrets (passwords, codes, tokens) in text and files, reporting where they
//!   were found without ever printing them: the security floor of the brief (issue 2, item 6).
//! - [`keyring`]: what the real Secret Service holds, read with `secret-tool` as a user would.
#![forbid(unsafe_code)]

pub mod keyring;
pub mod leaks;

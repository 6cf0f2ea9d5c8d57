//! Cognito's SRP-6a for Gatehouse's client, fast and constant-time: the math of `USER_SRP_AUTH`
//! and `DEVICE_SRP_AUTH` over RustCrypto's `crypto-bigint` (3072-bit integers on the stack, a
//! compile-time Montgomery modulus) and our own exponentiation (`monty`: product-scanning
//! Montgomery squaring, a fixed-base comb for powers of g, fixed windows bounded by public
//! lengths).
//!
//! It is byte-for-byte the protocol of amazon-cognito-identity-js (and of the `aws-cognito-srp`
//! crate, which its tests use as an oracle); it owns no clock and no I/O: the caller passes the
//! timestamp it signs. `cargo xtask bench srp` times it against its peers and GMP.

#![forbid(unsafe_code)]

mod client;
mod group;
mod monty;

pub use client::{Challenge, ClientEphemeral, Identity, EPHEMERAL_BITS};
pub use group::modulus_be;

/// Why a proof could not be made. None of these carries a secret.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum SrpError {
    /// The OS gave no randomness for `a`.
    #[error("the operating system's random source failed")]
    NoRandomness,
    /// A given `a` is empty, zero or over 3072 bits (only known-answer tests give one).
    #[error("the SRP ephemeral secret is out of range")]
    InvalidEphemeral,
    /// `SRP_B` is not hex, is over 3072 bits, is 0 mod N, or makes `u` zero.
    #[error("the server's SRP_B is not acceptable")]
    InvalidServerPublic,
    /// `SALT` is not hex.
    #[error("the SRP salt is not hex")]
    InvalidSalt,
    /// `SECRET_BLOCK` is not Base64.
    #[error("the SRP secret block is not Base64")]
    InvalidSecretBlock,
}

//! Cognito's SRP-6a for Gatehouse, fast and constant-time: the client's math of `USER_SRP_AUTH`
//! and `DEVICE_SRP_AUTH` over RustCrypto's `crypto-bigint` (3072-bit integers on the stack, a
//! compile-time Montgomery modulus) and our own exponentiation (`monty`: product-scanning
//! Montgomery squaring, a fixed-base comb for powers of g, fixed windows bounded by public
//! lengths), whose exponentiations the local pool uses too ([`generator_pow`], [`group_pow`]).
//!
//! It is byte-for-byte the protocol of amazon-cognito-identity-js (and of the `aws-cognito-srp`
//! crate, which its tests use as an oracle); it owns no clock and no I/O: the caller passes the
//! timestamp it signs. `cargo xtask bench srp` times it against its peers and GMP.

#![forbid(unsafe_code)]

mod client;
mod group;
mod monty;

pub use client::{Challenge, ClientEphemeral, Identity, EPHEMERAL_BITS};
pub use group::{modulus_be, N_HEX};

/// `2^exponent mod N` in the RFC 5054 group, big-endian bytes in and out: the server's `g^b` and
/// verifiers `g^x` (the local pool's side of SRP). The exponent's byte length, not its value,
/// sets the time taken; `None` for an exponent over 384 bytes.
pub fn generator_pow(exponent: &[u8]) -> Option<[u8; group::BYTES]> {
    let bits = exponent_bits(exponent)?;
    let exponent = zeroize::Zeroizing::new(group::from_be(exponent)?);
    Some(group::to_array(
        &monty::pow_of_two(&exponent, bits).retrieve(),
    ))
}

/// `base^exponent mod N` (the base reduced mod N; at most 384 bytes each), as
/// [`generator_pow`]: the server's `v^u` and `(A·v^u)^b`.
pub fn group_pow(base: &[u8], exponent: &[u8]) -> Option<[u8; group::BYTES]> {
    let bits = exponent_bits(exponent)?;
    let base = group::Element::new(&group::from_be(base)?);
    let exponent = zeroize::Zeroizing::new(group::from_be(exponent)?);
    Some(group::to_array(
        &monty::pow(&base, &exponent, bits).retrieve(),
    ))
}

/// The public bound on an exponent: its length in bytes, leading zeros included.
fn exponent_bits(exponent: &[u8]) -> Option<u32> {
    (exponent.len() <= group::BYTES).then_some(8 * exponent.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crypto_bigint::U3072;

    #[test]
    fn byte_level_powers_agree_with_each_other_and_refuse_oversized_input() {
        let two = [2u8];
        let exponent = [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef];
        assert_eq!(generator_pow(&exponent), group_pow(&two, &exponent));
        assert_eq!(
            generator_pow(&[0, 0, 10]).unwrap()[group::BYTES - 2..],
            [4, 0]
        );
        assert_eq!(group_pow(&[3], &[4]).unwrap()[group::BYTES - 1], 81);
        assert!(generator_pow(&[1; group::BYTES + 1]).is_none());
        assert!(group_pow(&[1; group::BYTES + 1], &[1]).is_none());
        // A base of N or more is reduced: N + 3 acts as 3.
        let n_plus_3 = U3072::from_be_slice(&modulus_be()).wrapping_add(&U3072::from_u8(3));
        assert_eq!(
            group_pow(&group::to_array(&n_plus_3), &[4]),
            group_pow(&[3], &[4])
        );
    }
}

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

//! The server side of Cognito's SRP-6a variant, so that the local pool verifies password proofs
//! for real instead of accepting anything.
//!
//! Cognito's flavour (as amazon-cognito-identity-js implements it): the 3072-bit group of RFC 5054
//! with g = 2, SHA-256, `k = H(pad(N) | pad(g))`, `x = H(pad(salt) | H(poolName | userId | ":" |
//! password))`, `u = H(pad(A) | pad(B))`, a 16-byte HKDF key with info "Caldera Derived Key", and a
//! claim `HMAC(key, poolName | userId | secretBlock | timestamp)`. `pad` is the shortest even-length
//! big-endian hex with a leading zero byte when the top bit is set. The pool keeps only the salt and
//! the verifier `v = g^x`; the password never reaches storage.

use hmac::{Hmac, Mac};
use num_bigint::{BigUint, RandBigInt};
use num_traits::Zero;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;
use zeroize::Zeroizing;

/// RFC 5054's 3072-bit N (appendix A), the group of Cognito's SRP, in hex; public for the tests
/// and fuzz targets that send multiples of it.
pub use gatehouse_srp::N_HEX;

/// The group and its multiplier, computed once.
struct Group {
    n: BigUint,
    k: BigUint,
}

fn group() -> &'static Group {
    static GROUP: OnceLock<Group> = OnceLock::new();
    GROUP.get_or_init(|| {
        let n = BigUint::parse_bytes(N_HEX.as_bytes(), 16).expect("RFC 5054 N is valid hex");
        let g = BigUint::from(2u32);
        let k = hash_to_int(&[&pad(&n), &pad(&g)]);
        Group { n, k }
    })
}

/// Big-endian bytes with a leading zero byte when the top bit is set (Cognito's `padHex`).
pub fn pad(value: &BigUint) -> Vec<u8> {
    let mut bytes = value.to_bytes_be();
    if bytes.first().is_some_and(|b| b & 0x80 != 0) {
        bytes.insert(0, 0);
    }
    bytes
}

fn hash_to_int(parts: &[&[u8]]) -> BigUint {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    BigUint::from_bytes_be(&hasher.finalize())
}

/// What the pool stores for a user's password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verifier {
    /// Hex, as sent in the `SALT` challenge parameter.
    pub salt_hex: String,
    /// Hex of `g^x mod N`.
    pub verifier_hex: String,
}

/// Derives the salt and verifier for a new password. `user_id` is the `USER_ID_FOR_SRP` the
/// client will use, and `pool_name` the part of the pool id after the underscore.
pub fn make_verifier(pool_name: &str, user_id: &str, password: &str) -> Verifier {
    let salt = rand::thread_rng().gen_biguint(128);
    let v = g_pow(&private_key(pool_name, user_id, password, &salt));
    Verifier {
        salt_hex: salt.to_str_radix(16),
        verifier_hex: v.to_str_radix(16),
    }
}

/// Whether `password` is the one a stored salt and verifier were made from (`ChangePassword`'s
/// `PreviousPassword`); the verifiers are compared in constant time.
pub fn password_matches(pool_name: &str, user_id: &str, password: &str, stored: &Verifier) -> bool {
    use subtle::ConstantTimeEq;
    let parse = |hex: &str| BigUint::parse_bytes(hex.as_bytes(), 16);
    let (Some(salt), Some(expected)) = (parse(&stored.salt_hex), parse(&stored.verifier_hex))
    else {
        return false;
    };
    let v = g_pow(&private_key(pool_name, user_id, password, &salt));
    pad(&v).ct_eq(&pad(&expected)).into()
}

/// `g^e mod N` (a verifier's `g^x`, a handshake's `g^b`). The modular exponentiations run on `gatehouse-srp`'s constant-time Montgomery
/// arithmetic (the client's too): about six times faster than `num-bigint`'s `modpow`, and they
/// are most of a sign-in's work in the pool.
fn g_pow(x: &BigUint) -> BigUint {
    BigUint::from_bytes_be(
        &gatehouse_srp::generator_pow(&fixed_width(x, HASH_BYTES)).expect("a 32-byte exponent"),
    )
}

/// Bytes of SHA-256, the width of `x` and `u`; and of the server's `b`.
const HASH_BYTES: usize = 32;

/// `value` as exactly `width` big-endian bytes (it must fit), so that an exponent's length, which
/// sets how long the exponentiation takes, never depends on its value's leading zeros.
fn fixed_width(value: &BigUint, width: usize) -> Zeroizing<Vec<u8>> {
    let bytes = Zeroizing::new(value.to_bytes_be());
    let mut out = Zeroizing::new(vec![0u8; width]);
    out[width - bytes.len()..].copy_from_slice(&bytes);
    out
}

/// `base^exponent mod N` for a base below N and an exponent below N, taken as `HASH_BYTES`
/// bytes when it fits (u, and every b this pool draws), else as N's width (the full-length b of
/// the fixed challenge of `cargo xtask bench srp`, which `tests/srp_oracle.rs` verifies).
fn group_pow(base: &BigUint, exponent: &BigUint) -> BigUint {
    let width = if exponent.bits() <= 8 * HASH_BYTES as u64 {
        HASH_BYTES
    } else {
        N_BYTES
    };
    BigUint::from_bytes_be(
        &gatehouse_srp::group_pow(&base.to_bytes_be(), &fixed_width(exponent, width))
            .expect("a base and an exponent below N"),
    )
}

/// Bytes of N.
const N_BYTES: usize = 384;

fn private_key(pool_name: &str, user_id: &str, password: &str, salt: &BigUint) -> BigUint {
    let inner = Zeroizing::new(
        Sha256::new()
            .chain_update(pool_name.as_bytes())
            .chain_update(user_id.as_bytes())
            .chain_update(b":")
            .chain_update(password.as_bytes())
            .finalize()
            .to_vec(),
    );
    hash_to_int(&[&pad(salt), &inner])
}

/// The server's half of one handshake: the secret `b` and public `B`.
pub struct ServerHandshake {
    pub b_hex: Zeroizing<String>,
    pub big_b_hex: String,
}

impl std::fmt::Debug for ServerHandshake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerHandshake([redacted])")
    }
}

/// Why a client's SRP value was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SrpRejection {
    /// `SRP_A` is not hex, is too large, or is 0 mod N (which would let a client skip the password).
    InvalidA,
    /// The stored verifier is corrupt.
    InvalidVerifier,
    /// The proof does not match: wrong password (or tampering).
    ProofMismatch,
}

/// Parses `SRP_A` and refuses values that break the protocol's safety.
pub fn parse_client_public(a_hex: &str) -> Result<BigUint, SrpRejection> {
    // A hex number longer than N (768 digits plus padding) cannot be a valid A.
    // Digits only: `parse_bytes` alone also takes a leading `+` and `_` separators (found by the
    // `pool_srp_public` fuzz target), which no Cognito client sends.
    if a_hex.is_empty() || a_hex.len() > 1024 || !a_hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(SrpRejection::InvalidA);
    }
    let a = BigUint::parse_bytes(a_hex.as_bytes(), 16).ok_or(SrpRejection::InvalidA)?;
    if (&a % &group().n).is_zero() {
        return Err(SrpRejection::InvalidA);
    }
    Ok(a)
}

/// The size of the server's private value `b`.
const PRIVATE_BITS: u64 = 256;

/// Starts a handshake for a user with verifier `v`.
pub fn start_handshake(verifier_hex: &str) -> Result<ServerHandshake, SrpRejection> {
    let group = group();
    let v =
        BigUint::parse_bytes(verifier_hex.as_bytes(), 16).ok_or(SrpRejection::InvalidVerifier)?;
    loop {
        // 256 random bits, as RFC 5054 asks of an SRP private value, rather than a number below N:
        // g^b and (A·v^u)^b then cost a 256-bit exponent instead of a 3072-bit one, about twelve
        // times less, and the pool's sign-in rate was bound by exactly these two. The client's
        // proof does not depend on b's size.
        let b = rand::thread_rng().gen_biguint(PRIVATE_BITS);
        let big_b = (&group.k * &v + g_pow(&b)) % &group.n;
        if !big_b.is_zero() {
            return Ok(ServerHandshake {
                b_hex: Zeroizing::new(b.to_str_radix(16)),
                big_b_hex: big_b.to_str_radix(16),
            });
        }
    }
}

/// Everything needed to check a `PASSWORD_VERIFIER` answer.
#[derive(PartialEq, Eq)]
pub struct ProofCheck<'a> {
    pub pool_name: &'a str,
    pub user_id: &'a str,
    pub a_hex: &'a str,
    pub b_hex: &'a str,
    pub big_b_hex: &'a str,
    pub verifier_hex: &'a str,
    pub secret_block: &'a [u8],
    pub timestamp: &'a str,
    /// Base64 of the client's HMAC claim.
    pub signature: &'a [u8],
}

/// Recomputes the session key from the server's side and checks the client's claim in constant time.
pub fn verify_proof(check: &ProofCheck<'_>) -> Result<(), SrpRejection> {
    let group = group();
    let a = parse_client_public(check.a_hex)?;
    let parse = |hex: &str| BigUint::parse_bytes(hex.as_bytes(), 16);
    let (Some(b), Some(big_b), Some(v)) = (
        parse(check.b_hex),
        parse(check.big_b_hex),
        parse(check.verifier_hex),
    ) else {
        return Err(SrpRejection::InvalidVerifier);
    };
    let u = hash_to_int(&[&pad(&a), &pad(&big_b)]);
    if u.is_zero() {
        return Err(SrpRejection::InvalidA);
    }
    if b >= group.n || v >= group.n {
        return Err(SrpRejection::InvalidVerifier);
    }
    let s = group_pow(&((a % &group.n) * group_pow(&v, &u) % &group.n), &b);
    let key = derive_key(&pad(&s), &pad(&u));

    let mut mac = Hmac::<Sha256>::new_from_slice(&key[..]).expect("HMAC takes any key length");
    mac.update(check.pool_name.as_bytes());
    mac.update(check.user_id.as_bytes());
    mac.update(check.secret_block);
    mac.update(check.timestamp.as_bytes());
    // verify_slice compares in constant time.
    mac.verify_slice(check.signature)
        .map_err(|_| SrpRejection::ProofMismatch)
}

fn derive_key(ikm: &[u8], salt: &[u8]) -> Zeroizing<[u8; 16]> {
    let mut okm = Zeroizing::new([0u8; 16]);
    hkdf::Hkdf::<Sha256>::new(Some(salt), ikm)
        .expand(b"Caldera Derived Key", &mut okm[..])
        .expect("16 bytes is a valid HKDF-SHA256 length");
    okm
}

/// Parses Cognito's SRP timestamp, `Mon Feb 3 07:05:09 UTC 2025` (day not zero-padded).
pub fn parse_timestamp(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let normalised = text.split_whitespace().collect::<Vec<_>>().join(" ");
    chrono::NaiveDateTime::parse_from_str(&normalised, "%a %b %e %H:%M:%S UTC %Y")
        .ok()
        .map(|naive| naive.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pad_adds_a_zero_byte_only_when_the_top_bit_is_set() {
        assert_eq!(pad(&BigUint::from(0x7fu32)), vec![0x7f]);
        assert_eq!(pad(&BigUint::from(0x80u32)), vec![0x00, 0x80]);
    }

    #[test]
    fn a_that_is_zero_mod_n_is_refused() {
        assert_eq!(parse_client_public("0"), Err(SrpRejection::InvalidA));
        assert_eq!(parse_client_public(N_HEX), Err(SrpRejection::InvalidA));
        assert_eq!(parse_client_public("xyz"), Err(SrpRejection::InvalidA));
        for signed_or_separated in ["+01", "+1234abcd", "12_34", "_1"] {
            assert_eq!(
                parse_client_public(signed_or_separated),
                Err(SrpRejection::InvalidA),
                "{signed_or_separated}"
            );
        }
        assert_eq!(
            parse_client_public(&"f".repeat(2000)),
            Err(SrpRejection::InvalidA)
        );
        assert!(parse_client_public("1234abcd").is_ok());
    }

    #[test]
    fn only_the_password_a_verifier_was_made_from_matches_it() {
        let stored = make_verifier("pool", "jane", "Correct-h0rse");
        assert!(password_matches("pool", "jane", "Correct-h0rse", &stored));
        assert!(!password_matches("pool", "jane", "Correct-h0rsf", &stored));
        assert!(!password_matches("pool", "noah", "Correct-h0rse", &stored));
        let garbled = Verifier {
            salt_hex: "not hex".into(),
            verifier_hex: stored.verifier_hex.clone(),
        };
        assert!(!password_matches("pool", "jane", "Correct-h0rse", &garbled));
    }

    #[test]
    fn cognito_timestamps_parse_with_unpadded_days() {
        let parsed = parse_timestamp("Mon Feb 3 07:05:09 UTC 2025").unwrap();
        assert_eq!(parsed.to_rfc3339(), "2025-02-03T07:05:09+00:00");
        assert!(parse_timestamp("yesterday").is_none());
    }
}

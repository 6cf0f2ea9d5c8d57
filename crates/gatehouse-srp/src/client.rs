//! The client's half of Cognito's SRP-6a: the ephemeral `a` and `A = g^a`, then the password claim
//! from the pool's challenge (`SALT`, `SRP_B`, `SECRET_BLOCK`), exactly as
//! amazon-cognito-identity-js's `AuthenticationHelper` computes them:
//!
//! - `u = H(pad(A) | pad(B))`, refused when 0 (the proof would not bind `A`);
//! - `x = H(pad(salt) | H(realm | userId | ":" | password))`, salt taken as a number;
//! - `S = (B - k·g^x)^(a + u·x) mod N`, `B mod N = 0` refused (it would fix `S` with no password);
//! - key = HKDF-SHA256(salt = pad(u), ikm = pad(S), info "Caldera Derived Key"), 16 bytes;
//! - claim = Base64(HMAC-SHA256(key, realm | userId | secretBlock | timestamp)).
//!
//! Every exponentiation runs in constant time for a public exponent length, because all three
//! exponents (`a`, `x`, `a + u·x`) are secret. The realm is the pool name (the pool id after the
//! `_`) for a user, the device group key for a remembered device.
//! <https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html>

use base64::{engine::general_purpose::STANDARD as BASE64, Engine as _};
use crypto_bigint::U3072;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::group::{self, Element};
use crate::monty;
use crate::SrpError;

/// Bits of OS randomness in `a`. The best known attacks on a discrete logarithm with a short
/// exponent cost about 2^(bits/2) (Pollard's kangaroo), so 256 bits match the 128-bit strength of
/// the 3072-bit group (NIST SP 800-56A rev. 3, 5.6.1.1.4: at least twice the security strength);
/// RFC 7919 (5.2) asks 275 for its 3072-bit group. We take 320 for a margin over both. Peers use
/// 1024 bits (128 random bytes), which buys no strength past the group's and costs 3 times the work.
pub const EPHEMERAL_BITS: u32 = 320;

/// Who proves: realm, user id and password, as hashed into `x`.
pub struct Identity<'a> {
    /// The pool name (after the `_` of the pool id), or a device's group key.
    pub realm: &'a str,
    /// `USER_ID_FOR_SRP` from the challenge, or a device key.
    pub user_id: &'a str,
    pub password: &'a str,
}

/// The pool's `PASSWORD_VERIFIER` (or `DEVICE_PASSWORD_VERIFIER`) challenge parameters.
pub struct Challenge<'a> {
    pub salt_hex: &'a str,
    pub srp_b_hex: &'a str,
    pub secret_block_base64: &'a str,
}

/// The client's secret `a` and its public `A`. `Debug` is redacted; `a` is zeroed on drop.
pub struct ClientEphemeral {
    a: Zeroizing<U3072>,
    /// A public bound on `a`'s length: the exponentiations take time by it, not by `a`'s value.
    a_bits: u32,
    public: [u8; group::BYTES],
}

impl std::fmt::Debug for ClientEphemeral {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientEphemeral([redacted])")
    }
}

impl ClientEphemeral {
    /// A fresh `a` of [`EPHEMERAL_BITS`] bits from the OS.
    pub fn generate() -> Result<Self, SrpError> {
        let mut bytes = Zeroizing::new([0u8; EPHEMERAL_BITS as usize / 8]);
        loop {
            getrandom::fill(&mut bytes[..]).map_err(|_| SrpError::NoRandomness)?;
            match Self::from_secret_bytes(&bytes[..]) {
                Err(SrpError::InvalidEphemeral) => continue, // a = 0: once in 2^320 draws
                other => return other,
            }
        }
    }

    /// A given `a` (big-endian), for known-answer tests and peers' vectors. Its byte length is the
    /// public bound on its size; it must be 1 to 384 bytes and not zero.
    pub fn from_secret_bytes(bytes: &[u8]) -> Result<Self, SrpError> {
        if bytes.is_empty() || bytes.len() > group::BYTES {
            return Err(SrpError::InvalidEphemeral);
        }
        let a = Zeroizing::new(group::from_be(bytes).ok_or(SrpError::InvalidEphemeral)?);
        if *a == U3072::ZERO {
            return Err(SrpError::InvalidEphemeral);
        }
        let a_bits = 8 * bytes.len() as u32;
        let public = monty::pow_of_two(&a, a_bits).retrieve();
        // N is prime and 0 < a < N - 1, so A is never 0 mod N; checked all the same, since a
        // server must refuse such an A and the handshake would fail far from its cause.
        if public == U3072::ZERO {
            return Err(SrpError::InvalidEphemeral);
        }
        Ok(Self {
            a,
            a_bits,
            public: group::to_array(&public),
        })
    }

    /// `SRP_A`: lowercase hex of A's shortest big-endian bytes.
    pub fn public_hex(&self) -> String {
        hex::encode(group::trim(&self.public))
    }

    /// `PASSWORD_CLAIM_SIGNATURE` for `challenge` at `timestamp` (Cognito's
    /// `Mon Feb 3 07:05:09 UTC 2025`, which the caller stamps so that this stays clock-free).
    pub fn password_claim(
        &self,
        identity: &Identity<'_>,
        challenge: &Challenge<'_>,
        timestamp: &str,
    ) -> Result<String, SrpError> {
        let secret_block = BASE64
            .decode(challenge.secret_block_base64)
            .map_err(|_| SrpError::InvalidSecretBlock)?;
        let key = self.session_key(identity, challenge.salt_hex, challenge.srp_b_hex)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(&key[..]).expect("HMAC takes any key length");
        mac.update(identity.realm.as_bytes());
        mac.update(identity.user_id.as_bytes());
        mac.update(&secret_block);
        mac.update(timestamp.as_bytes());
        Ok(BASE64.encode(mac.finalize().into_bytes()))
    }

    fn session_key(
        &self,
        identity: &Identity<'_>,
        salt_hex: &str,
        b_hex: &str,
    ) -> Result<Zeroizing<[u8; 16]>, SrpError> {
        let b_bytes = decode_hex(b_hex).ok_or(SrpError::InvalidServerPublic)?;
        let salt = decode_hex(salt_hex).ok_or(SrpError::InvalidSalt)?;
        // B at most 3072 bits; Element::new reduces it mod N.
        let b = Element::new(&group::from_be(&b_bytes).ok_or(SrpError::InvalidServerPublic)?);
        if b.retrieve().is_zero_vartime() {
            return Err(SrpError::InvalidServerPublic);
        }
        let u = nonzero_scrambler(hash_to_number(&[
            &group::pad(&self.public),
            &group::pad(&b_bytes),
        ]))?;
        let inner: Zeroizing<[u8; 32]> = Zeroizing::new(
            Sha256::new()
                .chain_update(identity.realm.as_bytes())
                .chain_update(identity.user_id.as_bytes())
                .chain_update(b":")
                .chain_update(identity.password.as_bytes())
                .finalize()
                .into(),
        );
        let x = Zeroizing::new(hash_to_number(&[&group::pad(&salt), &inner[..]]));

        let v = Zeroizing::new(monty::pow_of_two(&x, 256));
        let base = Zeroizing::new(b - *group::multiplier() * *v);
        // a + u·x: u and x are 256-bit hashes, so the sum has at most max(a_bits, 512) + 1 bits.
        let exponent = Zeroizing::new(self.a.wrapping_add(&u.wrapping_mul(&*x)));
        let exponent_bits = self.a_bits.max(512) + 1;
        let s = Zeroizing::new(group::to_array(
            &monty::pow(&base, &exponent, exponent_bits).retrieve(),
        ));

        let mut key = Zeroizing::new([0u8; 16]);
        hkdf::Hkdf::<Sha256>::new(Some(&group::pad(&group::to_array(&u))), &group::pad(&s[..]))
            .expand(b"Caldera Derived Key", &mut key[..])
            .expect("16 bytes is a valid HKDF-SHA256 length");
        Ok(key)
    }
}

/// `u = 0` would drop the password's verifier term from `S`: refused, as the peers do.
fn nonzero_scrambler(u: U3072) -> Result<U3072, SrpError> {
    if u.is_zero_vartime() {
        Err(SrpError::InvalidServerPublic)
    } else {
        Ok(u)
    }
}

fn hash_to_number(parts: &[&[u8]]) -> U3072 {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    group::from_be(&hasher.finalize()).expect("a SHA-256 digest fits in 3072 bits")
}

/// Hex as Cognito sends it: case-insensitive, possibly of odd length (a leading zero is implied).
fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.is_empty() {
        return None;
    }
    if text.len() % 2 == 1 {
        hex::decode(format!("0{text}")).ok()
    } else {
        hex::decode(text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zero_scrambler_is_refused() {
        assert_eq!(
            nonzero_scrambler(U3072::ZERO),
            Err(SrpError::InvalidServerPublic)
        );
        assert_eq!(nonzero_scrambler(U3072::ONE), Ok(U3072::ONE));
    }

    #[test]
    fn odd_length_hex_has_an_implied_leading_zero() {
        assert_eq!(decode_hex("abc"), Some(vec![0x0a, 0xbc]));
        assert_eq!(decode_hex(""), None);
        assert_eq!(decode_hex("0g"), None);
    }
}

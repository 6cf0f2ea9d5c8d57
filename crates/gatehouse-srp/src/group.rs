//! The group every Cognito SRP exchange uses: the 3072-bit prime of RFC 5054 (appendix A) with
//! g = 2, as a compile-time Montgomery modulus so that no modulus-dependent constant is computed at
//! run time; and Cognito's byte conventions for hashing numbers.

use crypto_bigint::{const_monty_form, const_monty_params, modular::ConstMontyParams, U3072};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// RFC 5054's 3072-bit N (appendix A), in hex.
pub const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD",
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F",
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510",
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C",
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
);

const_monty_params!(
    Rfc5054Prime,
    U3072,
    N_HEX,
    "The RFC 5054 3072-bit safe prime N"
);
const_monty_form!(
    Element,
    Rfc5054Prime,
    "A number modulo N, in Montgomery form"
);

/// Bytes in a 3072-bit number.
pub const BYTES: usize = 384;

/// N itself (big-endian bytes), e.g. for tests that send multiples of it.
pub fn modulus_be() -> [u8; BYTES] {
    to_array(&Rfc5054Prime::PARAMS.modulus().get())
}

/// g, for tests that check [`crate::monty::pow_of_two`] against the general exponentiation.
#[cfg(test)]
pub fn generator() -> Element {
    Element::new(&U3072::from_u8(2))
}

/// `k = H(pad(N) | pad(g))`, the SRP-6a multiplier, hashed once.
pub fn multiplier() -> &'static Element {
    static K: OnceLock<Element> = OnceLock::new();
    K.get_or_init(|| {
        let k = Sha256::new()
            .chain_update(pad(&modulus_be()))
            .chain_update(pad(&[2]))
            .finalize();
        Element::new(&from_be(&k).expect("a SHA-256 digest fits in 3072 bits"))
    })
}

/// A big-endian number of at most 384 bytes (leading zero bytes do not count); `None` if larger.
pub fn from_be(bytes: &[u8]) -> Option<U3072> {
    let bytes = trim(bytes);
    let mut full = [0u8; BYTES];
    full.get_mut(BYTES.checked_sub(bytes.len())?..)?
        .copy_from_slice(bytes);
    Some(U3072::from_be_slice(&full))
}

pub fn to_array(value: &U3072) -> [u8; BYTES] {
    let mut out = [0u8; BYTES];
    out.copy_from_slice(&value.to_be_bytes());
    out
}

/// The bytes without leading zeros (the shortest big-endian form; zero is one zero byte), as
/// `BigInteger.toString(16)` gives them to amazon-cognito-identity-js.
pub fn trim(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    match &bytes[first..] {
        [] if !bytes.is_empty() => &bytes[bytes.len() - 1..],
        rest => rest,
    }
}

/// Cognito's `padHex`: the shortest big-endian form, with a zero byte in front when the top bit is
/// set, so that the number reads as positive.
pub fn pad(bytes: &[u8]) -> Vec<u8> {
    let bytes = trim(bytes);
    let mut out = Vec::with_capacity(bytes.len() + 1);
    if bytes.first().is_some_and(|b| b & 0x80 != 0) {
        out.push(0);
    }
    out.extend_from_slice(bytes);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pad_keeps_numbers_positive_and_short() {
        assert_eq!(pad(&[0x00, 0x7f]), vec![0x7f]);
        assert_eq!(pad(&[0x00, 0x00, 0x80]), vec![0x00, 0x80]);
        assert_eq!(pad(&[0, 0]), vec![0]);
    }

    #[test]
    fn numbers_over_3072_bits_do_not_parse() {
        let mut wide = vec![0u8; BYTES + 1];
        assert!(from_be(&wide).is_some(), "leading zeros do not count");
        wide[0] = 1;
        assert!(from_be(&wide).is_none());
    }

    #[test]
    fn the_multiplier_is_the_hash_of_the_padded_group() {
        // k as amazon-cognito-identity-js computes it: hexHash('00' + N hex + '02').
        let expected = "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6";
        assert_eq!(
            hex::encode(trim(&to_array(&multiplier().retrieve()))),
            expected
        );
    }
}

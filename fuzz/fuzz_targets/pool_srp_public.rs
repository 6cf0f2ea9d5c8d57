//! SRP public values `A` as a client could send them in `SRP_A`, through the pool's
//! `parse_client_public` (and, when accepted, the proof check that uses it): zero, N and its
//! multiples, values past N, oversized, non-hex and odd-length text. The rule checked: a value is
//! accepted only if it is hex, at most 1024 digits and not 0 mod N, and nothing panics.
#![no_main]

use arbitrary::Arbitrary;
use gatehouse_pool::srp::{self, ProofCheck, SrpRejection};
use libfuzzer_sys::fuzz_target;
use num_bigint::BigUint;

/// RFC 5054's 3072-bit group modulus, the N of Cognito's SRP.
const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD",
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F",
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510",
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C",
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
);

#[derive(Arbitrary, Debug)]
enum PublicValue {
    Zero { leading_zeros: u8 },
    MultipleOfN { factor: u32, leading_zeros: u8 },
    NearMultipleOfN { factor: u16, offset: i16 },
    Oversized { digit: u8, len: u16 },
    Bytes(Vec<u8>),
    Text(String),
}

fn n() -> BigUint {
    BigUint::parse_bytes(N_HEX.as_bytes(), 16).expect("N is hex")
}

fn render(value: &PublicValue) -> String {
    match value {
        PublicValue::Zero { leading_zeros } => "0".repeat(usize::from(*leading_zeros) + 1),
        PublicValue::MultipleOfN {
            factor,
            leading_zeros,
        } => {
            let a = n() * BigUint::from(*factor);
            "0".repeat(usize::from(*leading_zeros)) + &a.to_str_radix(16)
        }
        PublicValue::NearMultipleOfN { factor, offset } => {
            let base = n() * BigUint::from(*factor);
            let delta = BigUint::from(offset.unsigned_abs());
            let a = if *offset < 0 && base >= delta {
                base - delta
            } else {
                base + delta
            };
            a.to_str_radix(16)
        }
        PublicValue::Oversized { digit, len } => {
            let digit = char::from(b"0123456789abcdefABCDEF"[usize::from(*digit) % 22]);
            std::iter::repeat_n(digit, usize::from(*len)).collect()
        }
        PublicValue::Bytes(bytes) => hex::encode(bytes),
        PublicValue::Text(text) => text.clone(),
    }
}

fuzz_target!(|value: PublicValue| {
    let a_hex = render(&value);
    let expected_ok = !a_hex.is_empty()
        && a_hex.len() <= 1024
        && a_hex.bytes().all(|byte| byte.is_ascii_hexdigit())
        && BigUint::parse_bytes(a_hex.as_bytes(), 16).is_some_and(|a| a % n() != BigUint::ZERO);
    match srp::parse_client_public(&a_hex) {
        Ok(_) => assert!(expected_ok, "accepted {a_hex:?}"),
        Err(rejection) => {
            assert_eq!(rejection, SrpRejection::InvalidA);
            assert!(!expected_ok, "refused {a_hex:?}");
            return;
        }
    }
    // An accepted A goes on to the proof check, with a fixed handshake: it must answer, not panic.
    let verifier = srp::make_verifier("Pool", "user", "Password-1");
    let handshake = srp::start_handshake(&verifier.verifier_hex).expect("a fresh verifier");
    let checked = srp::verify_proof(&ProofCheck {
        pool_name: "Pool",
        user_id: "user",
        a_hex: &a_hex,
        b_hex: &handshake.b_hex,
        big_b_hex: &handshake.big_b_hex,
        verifier_hex: &verifier.verifier_hex,
        secret_block: b"block",
        timestamp: "Mon Feb 3 07:05:09 UTC 2025",
        signature: &[0; 32],
    });
    assert!(checked.is_err(), "a zero signature was accepted");
});

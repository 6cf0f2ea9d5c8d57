//! SRP public values `A` as a client could send them in `SRP_A`, through the pool's
//! `parse_client_public` (and, when accepted, the proof check that uses it): zero, N and its
//! multiples, values past N, oversized, non-hex and odd-length text. The rule checked: a value is
//! accepted only if it is hex, at most 1024 digits and not 0 mod N, and nothing panics.
#![no_main]

use arbitrary::Arbitrary;
use gatehouse_pool::srp::{self, ProofCheck, SrpRejection, N_HEX};
use libfuzzer_sys::fuzz_target;
use num_bigint::BigUint;


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

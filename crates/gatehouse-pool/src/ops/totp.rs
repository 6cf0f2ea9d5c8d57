//! Time-based one-time passwords as authenticator apps compute them (RFC 6238 over RFC 4226):
//! HMAC-SHA1 of the 30-second time step, dynamic truncation, 6 digits. Secrets are 20 random
//! bytes shown as 32 base32 characters without padding, the `SecretCode` Cognito's
//! `AssociateSoftwareToken` returns.
//! https://www.rfc-editor.org/rfc/rfc6238, https://www.rfc-editor.org/rfc/rfc4226#section-5.3

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

const STEP_SECONDS: i64 = 30;
const DIGITS: u32 = 6;
/// One step either side: a phone clock a little off, or a code typed as it turned over.
const SKEW_STEPS: i64 = 1;
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A fresh secret as the base32 text the user types or scans.
pub fn new_secret() -> Zeroizing<String> {
    let mut bytes = Zeroizing::new([0u8; 20]);
    rand::thread_rng().fill_bytes(bytes.as_mut());
    Zeroizing::new(base32_encode(bytes.as_ref()))
}

fn base32_encode(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            text.push(char::from(BASE32[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        text.push(char::from(BASE32[((buffer << (5 - bits)) & 31) as usize]));
    }
    text
}

fn base32_decode(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    let mut bytes = Zeroizing::new(Vec::with_capacity(text.len() * 5 / 8));
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.trim_end_matches('=').chars() {
        let value = BASE32
            .iter()
            .position(|&b| char::from(b) == c.to_ascii_uppercase())?;
        buffer = (buffer << 5) | value as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            bytes.push((buffer >> bits) as u8);
        }
    }
    Some(bytes)
}

/// The code for one time step, `digits` long (RFC 4226 HOTP with the step as counter).
fn code_for_step(key: &[u8], step: i64, digits: u32) -> u32 {
    let mut mac = Hmac::<Sha1>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let binary = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    binary % 10u32.pow(digits)
}

/// The time step a Unix time falls in.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// Checks a submitted code against the steps around `now`, refusing any step at or before
/// `last_used` so that an accepted code cannot be replayed. Returns the step it matched.
pub fn verify(secret: &str, submitted: &str, now: i64, last_used: Option<i64>) -> Option<i64> {
    if submitted.len() != DIGITS as usize || !submitted.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let key = base32_decode(secret)?;
    let current = step_at(now);
    let mut matched = None;
    // Every candidate is computed and compared, so timing does not tell which step matched.
    for step in current - SKEW_STEPS..=current + SKEW_STEPS {
        let expected = format!(
            "{:0width$}",
            code_for_step(&key, step, DIGITS),
            width = DIGITS as usize
        );
        let equal: bool = expected.as_bytes().ct_eq(submitted.as_bytes()).into();
        if equal && last_used.is_none_or(|last| step > last) && matched.is_none() {
            matched = Some(step);
        }
    }
    matched
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows: (time, 8-digit code).
    const VECTORS: &[(i64, u32)] = &[
        (59, 94_287_082),
        (1_111_111_109, 7_081_804),
        (1_111_111_111, 14_050_471),
        (1_234_567_890, 89_005_924),
        (2_000_000_000, 69_279_037),
        (20_000_000_000, 65_353_130),
    ];
    const RFC_KEY: &[u8] = b"12345678901234567890";

    #[test]
    fn codes_match_the_rfc_6238_test_vectors() {
        for &(time, code) in VECTORS {
            assert_eq!(code_for_step(RFC_KEY, step_at(time), 8), code, "T={time}");
            assert_eq!(code_for_step(RFC_KEY, step_at(time), 6), code % 1_000_000);
        }
    }

    #[test]
    fn base32_round_trips_and_a_secret_is_32_characters() {
        let secret = base32_encode(RFC_KEY);
        assert_eq!(secret, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(base32_decode(&secret).unwrap().as_slice(), RFC_KEY);
        assert_eq!(
            base32_decode(&secret.to_lowercase()).unwrap().as_slice(),
            RFC_KEY
        );
        assert!(base32_decode("not base32!").is_none());
        let fresh = new_secret();
        assert_eq!(fresh.len(), 32);
        assert!(fresh.bytes().all(|b| BASE32.contains(&b)));
    }

    #[test]
    fn one_step_of_skew_is_accepted_and_a_used_step_is_not() {
        let secret = base32_encode(RFC_KEY);
        let code = |time: i64| format!("{:06}", code_for_step(RFC_KEY, step_at(time), 6));
        let now = 1_111_111_111;
        assert_eq!(verify(&secret, &code(now), now, None), Some(step_at(now)));
        assert!(verify(&secret, &code(now - 30), now, None).is_some());
        assert!(verify(&secret, &code(now + 30), now, None).is_some());
        assert!(verify(&secret, &code(now - 60), now, None).is_none());
        assert!(verify(&secret, &code(now), now, Some(step_at(now))).is_none());
        assert!(verify(&secret, "12345", now, None).is_none());
        assert!(verify(&secret, "abcdef", now, None).is_none());
    }
}

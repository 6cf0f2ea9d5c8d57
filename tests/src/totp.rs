//! An authenticator app, as the end-to-end suite needs one: the 6-digit codes of RFC 6238 (TOTP,
//! HMAC-SHA1, 30-second steps from the Unix epoch) for the base32 key a setup screen shows.
//! Written from the RFCs rather than taken from the pool, so that the app and the pool are checked
//! against an independent implementation.
//! See <https://www.rfc-editor.org/rfc/rfc6238> and <https://www.rfc-editor.org/rfc/rfc4226#section-5.3>.

use std::{fmt, time::SystemTime};

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Seconds per time step (RFC 6238's default, and Cognito's).
pub const STEP_SECONDS: u64 = 30;
const DIGITS: u32 = 6;
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// The shared key of an authenticator entry. `Debug` never shows it.
pub struct Totp {
    key: Vec<u8>,
}

impl fmt::Debug for Totp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Totp([redacted])")
    }
}

/// The time step `unix_seconds` falls in.
pub fn step_at(unix_seconds: u64) -> u64 {
    unix_seconds / STEP_SECONDS
}

/// The current Unix time in seconds.
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs()
}

impl Totp {
    /// The key an authenticator app reads from base32 text (RFC 4648 alphabet; case, spaces and
    /// `=` padding ignored, as apps do). `None` when the text is not base32 or is empty.
    pub fn from_base32(text: &str) -> Option<Self> {
        let mut key = Vec::with_capacity(text.len() * 5 / 8);
        let (mut buffer, mut bits) = (0u32, 0u32);
        for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
            let value = BASE32
                .iter()
                .position(|&b| char::from(b) == c.to_ascii_uppercase())?;
            buffer = (buffer << 5) | u32::try_from(value).expect("an index below 32");
            bits += 5;
            if bits >= 8 {
                bits -= 8;
                key.push(u8::try_from((buffer >> bits) & 0xff).expect("masked to a byte"));
            }
        }
        (!key.is_empty()).then_some(Self { key })
    }

    /// The code of time step `step`, `digits` long and zero-padded (RFC 4226 HOTP, counter = step).
    fn code_for_step(&self, step: u64, digits: u32) -> String {
        let mut mac =
            Hmac::<Sha1>::new_from_slice(&self.key).expect("HMAC takes keys of any length");
        mac.update(&step.to_be_bytes());
        let digest = mac.finalize().into_bytes();
        let offset = usize::from(digest[19] & 0x0f);
        let binary = u32::from_be_bytes([
            digest[offset] & 0x7f,
            digest[offset + 1],
            digest[offset + 2],
            digest[offset + 3],
        ]);
        let width = usize::try_from(digits).expect("a few digits");
        format!("{:0width$}", binary % 10u32.pow(digits))
    }

    /// The 6-digit code an authenticator app shows at `unix_seconds`.
    pub fn code_at(&self, unix_seconds: u64) -> String {
        self.code_for_step(step_at(unix_seconds), DIGITS)
    }

    /// The code of the current step, and that step.
    pub fn now(&self) -> (String, u64) {
        let now = unix_now();
        (self.code_at(now), step_at(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B: the SHA1 key is the ASCII "12345678901234567890".
    const RFC_KEY_BASE32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn codes_match_the_rfc_6238_sha1_test_vectors() {
        let totp = Totp::from_base32(RFC_KEY_BASE32).unwrap();
        assert_eq!(totp.key, b"12345678901234567890");
        let vectors = [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ];
        for (time, eight_digits) in vectors {
            assert_eq!(
                totp.code_for_step(step_at(time), 8),
                eight_digits,
                "T = {time}"
            );
            assert_eq!(
                totp.code_at(time),
                eight_digits[2..],
                "6 digits at T = {time}"
            );
        }
    }

    #[test]
    fn a_key_is_read_as_apps_read_it() {
        let spaced = Totp::from_base32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq==").unwrap();
        assert_eq!(spaced.key, b"12345678901234567890");
        assert!(Totp::from_base32("not base32!").is_none());
        assert!(Totp::from_base32("").is_none());
    }

    #[test]
    fn the_key_is_never_shown() {
        let totp = Totp::from_base32(RFC_KEY_BASE32).unwrap();
        assert_eq!(format!("{totp:?}"), "Totp([redacted])");
    }
}

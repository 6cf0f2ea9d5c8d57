//! Authenticator apps: an RFC 6238 implementation apart from the pool's own, so that each checks
//! the other.

use serde_json::{json, Value};

use super::TestPool;

/// RFC 6238 TOTP (HMAC-SHA1, 30-second steps), written apart from the pool's own so that each
/// checks the other; `digits` long.
pub fn rfc6238(key: &[u8], unix_time: i64, digits: u32) -> u32 {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key).unwrap();
    mac.update(&(unix_time / 30).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0xf) as usize;
    let value = u32::from_be_bytes(digest[offset..offset + 4].try_into().unwrap()) & 0x7fff_ffff;
    value % 10u32.pow(digits)
}

/// The 6-digit code an authenticator app shows at `unix_time` for a base32 `SecretCode`.
pub fn totp_code(secret_base32: &str, unix_time: i64) -> String {
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut key, mut buffer, mut bits) = (Vec::new(), 0u64, 0);
    for c in secret_base32.trim_end_matches('=').chars() {
        buffer = (buffer << 5) | alphabet.find(c).expect("base32") as u64;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            key.push((buffer >> bits) as u8);
        }
    }
    format!("{:06}", rfc6238(&key, unix_time, 6))
}

/// Associates and verifies an authenticator from the account screen; returns its secret.
pub async fn verified_authenticator(pool: &TestPool, access: &Value) -> String {
    let associated = pool
        .call("AssociateSoftwareToken", json!({"AccessToken": access}))
        .await
        .unwrap();
    let secret = associated["SecretCode"].as_str().unwrap().to_owned();
    let verified = pool
        .call(
            "VerifySoftwareToken",
            json!({"AccessToken": access, "UserCode": totp_code(&secret, pool.now()),
                "FriendlyDeviceName": "phone"}),
        )
        .await
        .unwrap();
    assert_eq!(verified["Status"], "SUCCESS");
    secret
}

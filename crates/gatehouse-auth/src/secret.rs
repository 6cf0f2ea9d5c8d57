//! Secret values the core holds: passwords, confirmation codes and Cognito tokens.
//!
//! Each is a newtype whose `Debug` prints `[redacted]`, that has no `Serialize` (so it cannot reach
//! an IPC payload by accident), that is zeroized on drop and compared in constant time. The only
//! way to read one is `expose()`, which makes every use greppable.

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

macro_rules! secret_string {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Zeroize, ZeroizeOnDrop)]
        pub struct $name(String);

        impl $name {
            /// Wraps a secret value; the `String` is moved, not copied.
            pub fn new(value: String) -> Self {
                Self(value)
            }

            /// The secret itself, for the one call that must send it.
            pub fn expose(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("[redacted]")
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.0.as_bytes().ct_eq(other.0.as_bytes()).into()
            }
        }

        impl Eq for $name {}
    };
}

secret_string!(
    /// A user's password, held only until the SRP handshake or sign-up call consumes it.
    Password
);
secret_string!(
    /// A sign-up confirmation code sent by email or SMS.
    ConfirmationCode
);
secret_string!(
    /// A Cognito ID token (a JWT): proves who the user is.
    IdToken
);
secret_string!(
    /// A Cognito access token (a JWT): authorises calls such as `GetUser`.
    AccessToken
);
secret_string!(
    /// The opaque `Session` Cognito returns with a challenge; it must be sent back with the answer.
    ChallengeSession
);
secret_string!(
    /// The base32 TOTP secret `AssociateSoftwareToken` returns. It leaves this type only into the
    /// `TotpSetup` the setup screen shows.
    TotpSecret
);
secret_string!(
    /// A Cognito refresh token: mints new ID and access tokens; lives only in memory and the keyring.
    RefreshToken
);
secret_string!(
    /// A confidential app client's secret: it signs requests as `SECRET_HASH` (and goes as itself
    /// only to `RevokeToken`); lives only in memory and the keyring.
    ClientSecret
);

secret_string!(
    /// A remembered device's random password (from `ConfirmDevice`): proves the device in
    /// `DEVICE_SRP_AUTH`; lives only in memory and the keyring.
    DevicePassword
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_every_secret_is_redacted() {
        let printed = [
            format!("{:?}", Password::new("hunter2-password".into())),
            format!("{:?}", ConfirmationCode::new("123456".into())),
            format!("{:?}", IdToken::new("eyJ.id.token".into())),
            format!("{:?}", AccessToken::new("eyJ.access.token".into())),
            format!("{:?}", RefreshToken::new("eyJ.refresh.token".into())),
            format!(
                "{:?}",
                ChallengeSession::new("eyJ.challenge-session".into())
            ),
            format!("{:?}", TotpSecret::new("JBSWY3DPEHPK3PXP".into())),
            format!("{:?}", ClientSecret::new("eyJ-client-secret".into())),
            format!("{:?}", DevicePassword::new("eyJ-device-password".into())),
            format!("{:#?}", Some(Password::new("pretty-printed".into()))),
        ];
        for line in printed {
            assert!(line.contains("[redacted]"), "{line}");
            for secret in ["hunter2", "123456", "eyJ", "pretty-printed", "JBSWY3DP"] {
                assert!(!line.contains(secret), "{line} leaks {secret}");
            }
        }
    }

    #[test]
    fn secrets_compare_by_value() {
        assert_eq!(Password::new("a".into()), Password::new("a".into()));
        assert_ne!(Password::new("a".into()), Password::new("b".into()));
        assert_ne!(Password::new("a".into()), Password::new("ab".into()));
    }
}

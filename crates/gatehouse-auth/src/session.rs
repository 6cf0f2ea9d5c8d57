//! A signed-in session: the three Cognito tokens, what their claims say, and when they expire on
//! the client's clock.
//!
//! Cognito's tokens are JWTs; the client reads their payloads (base64url JSON) but does not verify
//! signatures: the pool does that on every call. Clocks disagree, so the drift between the pool and
//! this machine is measured from `iat` when tokens arrive and kept with the session, as the Amplify
//! libraries do. A session is refreshed `REFRESH_MARGIN` before its access token expires.
//! Token contents: <https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html>

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use std::collections::HashMap;

use serde::Deserialize;

use crate::cognito::{NewDevice, RemoteUser};
use crate::error::AuthError;
use crate::secret::{AccessToken, IdToken, RefreshToken};
use crate::settings::PoolSettings;
use crate::store::StoredSession;
use crate::view::{MfaSummary, UserSummary};

/// How long before the access token expires the session counts as due for a refresh.
pub const REFRESH_MARGIN: Duration = Duration::seconds(60);

/// Tokens as Cognito returns them in an `AuthenticationResult`. A refresh returns no refresh token
/// (unless the pool rotates them), hence the `Option`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tokens {
    pub id_token: IdToken,
    pub access_token: AccessToken,
    pub refresh_token: Option<RefreshToken>,
    /// `NewDeviceMetadata`: a device-tracking pool met this device for the first time.
    pub new_device: Option<NewDevice>,
}

/// The ID token claims the UI shows.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct IdClaims {
    pub sub: String,
    #[serde(rename = "cognito:username")]
    pub username: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "lenient_bool")]
    pub email_verified: Option<bool>,
    #[serde(default)]
    pub phone_number: Option<String>,
    #[serde(default, deserialize_with = "lenient_bool")]
    pub phone_number_verified: Option<bool>,
    /// Cognito always sets it; some Cognito-compatible servers (moto) do not.
    #[serde(default)]
    pub iat: Option<i64>,
    pub exp: i64,
}

#[derive(Deserialize)]
struct AccessClaims {
    #[serde(default)]
    iat: Option<i64>,
    exp: i64,
}

/// A live session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub id_token: IdToken,
    pub access_token: AccessToken,
    pub refresh_token: RefreshToken,
    pub claims: IdClaims,
    /// Pool clock minus client clock, measured when the access token arrived.
    pub clock_drift: Duration,
    /// When the access token expires, on the client clock.
    pub expires_at: DateTime<Utc>,
    /// The `DEVICE_KEY` the tokens were issued with, in a device-tracking pool.
    pub device_key: Option<String>,
}

impl Session {
    /// A session from a fresh sign-in; `now` is when the tokens arrived.
    pub fn from_tokens(tokens: Tokens, now: DateTime<Utc>) -> Result<Self, AuthError> {
        let refresh_token = tokens
            .refresh_token
            .ok_or_else(|| malformed("no refresh token"))?;
        let access: AccessClaims = decode_payload(tokens.access_token.expose())?;
        // Without `iat` (a server other than Cognito) the drift cannot be measured: assume none.
        // The claims are the server's input: an `iat` past chrono's range is refused, not a panic.
        let drift = access
            .iat
            .map_or(Some(0), |iat| iat.checked_sub(now.timestamp()))
            .and_then(Duration::try_seconds)
            .ok_or_else(|| malformed("iat out of range"))?;
        Self::assemble(tokens.id_token, tokens.access_token, refresh_token, drift)
    }

    /// The session after `REFRESH_TOKEN_AUTH`: new ID and access tokens, the old refresh token
    /// unless the pool sent a new one.
    pub fn refreshed(&self, tokens: Tokens, now: DateTime<Utc>) -> Result<Self, AuthError> {
        let refresh_token = tokens
            .refresh_token
            .unwrap_or_else(|| self.refresh_token.clone());
        Ok(Self {
            device_key: self.device_key.clone(),
            ..Self::from_tokens(
                Tokens {
                    refresh_token: Some(refresh_token),
                    ..tokens
                },
                now,
            )?
        })
    }

    /// A session read back from the token store, with the drift measured when it was saved.
    pub fn restore(stored: &StoredSession) -> Result<Self, AuthError> {
        Ok(Self {
            device_key: stored.device_key.clone(),
            ..Self::assemble(
                stored.id_token.clone(),
                stored.access_token.clone(),
                stored.refresh_token.clone(),
                Duration::try_seconds(stored.clock_drift_secs)
                    .ok_or_else(|| malformed("stored clock drift out of range"))?,
            )?
        })
    }

    fn assemble(
        id_token: IdToken,
        access_token: AccessToken,
        refresh_token: RefreshToken,
        clock_drift: Duration,
    ) -> Result<Self, AuthError> {
        let claims: IdClaims = decode_payload(id_token.expose())?;
        let access: AccessClaims = decode_payload(access_token.expose())?;
        let pool_expiry =
            DateTime::from_timestamp(access.exp, 0).ok_or_else(|| malformed("exp out of range"))?;
        Ok(Self {
            id_token,
            access_token,
            refresh_token,
            claims,
            clock_drift,
            expires_at: pool_expiry
                .checked_sub_signed(clock_drift)
                .ok_or_else(|| malformed("exp out of range"))?,
            device_key: None,
        })
    }

    /// The access token is still accepted (on the client clock, drift included).
    pub fn is_valid_at(&self, now: DateTime<Utc>) -> bool {
        now < self.expires_at
    }

    /// Time to refresh: expired, or within `REFRESH_MARGIN` of expiry.
    pub fn needs_refresh_at(&self, now: DateTime<Utc>) -> bool {
        now + REFRESH_MARGIN >= self.expires_at
    }

    pub fn username(&self) -> &str {
        &self.claims.username
    }

    pub fn to_stored(&self) -> StoredSession {
        StoredSession {
            username: self.claims.username.clone(),
            id_token: self.id_token.clone(),
            access_token: self.access_token.clone(),
            refresh_token: self.refresh_token.clone(),
            clock_drift_secs: self.clock_drift.num_seconds(),
            device_key: self.device_key.clone(),
        }
    }

    /// Who is signed in: `GetUser`'s attributes and MFA settings when it answered (they are
    /// newer than the ID token's claims), the claims otherwise; what the pool offers from `pool`.
    pub fn summary(&self, user: Option<&RemoteUser>, pool: &PoolSettings) -> UserSummary {
        let attribute = |name: &str| user.and_then(|u| u.attributes.get(name)).cloned();
        let flag = |name: &str| attribute(name).map(|v| v == "true");
        UserSummary {
            username: self.claims.username.clone(),
            sub: self.claims.sub.clone(),
            email: attribute("email").or_else(|| self.claims.email.clone()),
            email_verified: flag("email_verified").or(self.claims.email_verified),
            phone_number: attribute("phone_number").or_else(|| self.claims.phone_number.clone()),
            phone_number_verified: flag("phone_number_verified")
                .or(self.claims.phone_number_verified),
            session_expires_at: self.expires_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            mfa: MfaSummary {
                available: pool.mfa_methods.clone(),
                enabled: user.map(|u| u.mfa_enabled.clone()).unwrap_or_default(),
                preferred: user.and_then(|u| u.mfa_preferred),
                required: pool.mfa_required,
            },
            attributes: crate::screens::user_attributes(&self.attribute_values(user), pool),
            devices: Vec::new(),
            device_prompt: false,
        }
    }
}

impl Session {
    /// The user's attribute values: `GetUser`'s when it answered, else the ID token's email and
    /// phone number with their flags.
    pub(crate) fn attribute_values(&self, user: Option<&RemoteUser>) -> HashMap<String, String> {
        if let Some(user) = user {
            return user.attributes.clone();
        }
        let claims = &self.claims;
        [
            ("email", claims.email.clone()),
            (
                "email_verified",
                claims.email_verified.map(|v| v.to_string()),
            ),
            ("phone_number", claims.phone_number.clone()),
            (
                "phone_number_verified",
                claims.phone_number_verified.map(|v| v.to_string()),
            ),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name.to_owned(), value?)))
        .collect()
    }
}

fn decode_payload<T: serde::de::DeserializeOwned>(jwt: &str) -> Result<T, AuthError> {
    let payload = jwt
        .split('.')
        .nth(1)
        .ok_or_else(|| malformed("not a JWT"))?;
    let json = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| malformed("payload is not base64url"))?;
    serde_json::from_slice(&json).map_err(|_| malformed("unexpected claims"))
}

/// Never includes the token itself.
fn malformed(why: &str) -> AuthError {
    AuthError::Service {
        code: "MalformedToken".into(),
        message: format!("The pool returned a token the client cannot read ({why})."),
    }
}

/// Cognito sends `email_verified` as a boolean in ID tokens but as a string in some flows.
fn lenient_bool<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Option<bool>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Text(String),
    }
    Ok(match Option::<Flag>::deserialize(de)? {
        Some(Flag::Bool(b)) => Some(b),
        Some(Flag::Text(t)) => Some(t == "true"),
        None => None,
    })
}

#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    /// An unsigned JWT with the given claims (the client never checks signatures).
    pub fn jwt(claims: serde_json::Value) -> String {
        let enc = |v: &serde_json::Value| URL_SAFE_NO_PAD.encode(v.to_string());
        format!(
            "{}.{}.c2ln",
            enc(&serde_json::json!({"alg": "RS256", "kid": "k"})),
            enc(&claims)
        )
    }

    /// Tokens as a pool whose clock reads `pool_now` would issue them, valid for `lifetime`.
    pub fn tokens(username: &str, pool_now: DateTime<Utc>, lifetime: Duration) -> Tokens {
        let iat = pool_now.timestamp();
        let exp = (pool_now + lifetime).timestamp();
        Tokens {
            id_token: IdToken::new(jwt(serde_json::json!({
                "sub": format!("sub-{username}"), "cognito:username": username,
                "email": format!("{username}@example.com"), "email_verified": true,
                "token_use": "id", "iat": iat, "exp": exp,
            }))),
            access_token: AccessToken::new(jwt(serde_json::json!({
                "sub": format!("sub-{username}"), "username": username,
                "token_use": "access", "iat": iat, "exp": exp,
            }))),
            refresh_token: Some(RefreshToken::new(format!("refresh-token-of-{username}"))),
            new_device: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::tokens;
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, 0).unwrap()
    }

    #[test]
    fn expiry_is_moved_onto_the_client_clock() {
        // The pool's clock is 300 s ahead of ours.
        let session =
            Session::from_tokens(tokens("ana", at(10_300), Duration::hours(1)), at(10_000))
                .unwrap();
        assert_eq!(session.clock_drift, Duration::seconds(300));
        assert_eq!(session.expires_at, at(10_000 + 3600));
    }

    #[test]
    fn tokens_without_iat_are_taken_at_face_value() {
        // Cognito always sets `iat`; moto does not. Without it no drift is assumed.
        let exp = 10_000 + 3600;
        let token = |use_: &str| {
            super::fixtures::jwt(serde_json::json!({
                "sub": "s", "cognito:username": "ana", "username": "ana",
                "token_use": use_, "exp": exp,
            }))
        };
        let tokens = Tokens {
            id_token: IdToken::new(token("id")),
            access_token: AccessToken::new(token("access")),
            refresh_token: Some(RefreshToken::new("r".into())),
            new_device: None,
        };
        let session = Session::from_tokens(tokens, at(10_000)).unwrap();
        assert_eq!(session.clock_drift, Duration::zero());
        assert_eq!(session.expires_at, at(exp));
    }

    #[test]
    fn refresh_is_due_a_minute_before_expiry() {
        let session =
            Session::from_tokens(tokens("ana", at(0), Duration::hours(1)), at(0)).unwrap();
        assert!(!session.needs_refresh_at(at(3600 - 61)));
        assert!(session.needs_refresh_at(at(3600 - 60)));
        assert!(session.is_valid_at(at(3599)));
        assert!(!session.is_valid_at(at(3600)));
    }

    #[test]
    fn a_refresh_keeps_the_refresh_token_when_none_is_returned() {
        let first = Session::from_tokens(tokens("ana", at(0), Duration::hours(1)), at(0)).unwrap();
        let mut next = tokens("ana", at(3000), Duration::hours(1));
        next.refresh_token = None;
        let second = first.refreshed(next, at(3000)).unwrap();
        assert_eq!(second.refresh_token, first.refresh_token);
        assert_eq!(second.expires_at, at(3000 + 3600));
    }

    #[test]
    fn a_restored_session_keeps_its_drift() {
        let session =
            Session::from_tokens(tokens("ana", at(500), Duration::hours(1)), at(0)).unwrap();
        let restored = Session::restore(&session.to_stored()).unwrap();
        assert_eq!(restored, session);
    }

    #[test]
    fn the_summary_comes_from_the_id_token() {
        let session =
            Session::from_tokens(tokens("ana", at(0), Duration::hours(1)), at(0)).unwrap();
        let pool = PoolSettings::new("local", "us-east-1", "us-east-1_P", "c", None);
        let user = session.summary(None, &pool);
        assert_eq!(user.username, "ana");
        assert_eq!(user.sub, "sub-ana");
        assert_eq!(user.email.as_deref(), Some("ana@example.com"));
        assert_eq!(user.email_verified, Some(true));
        assert_eq!(user.session_expires_at, "1970-01-01T01:00:00Z");
        assert_eq!(user.mfa.enabled, []);

        let remote = RemoteUser {
            username: "ana".into(),
            attributes: [
                ("email".to_owned(), "new@example.com".to_owned()),
                ("phone_number".to_owned(), "+15555550100".to_owned()),
                ("phone_number_verified".to_owned(), "false".to_owned()),
            ]
            .into(),
            mfa_enabled: vec![crate::view::MfaMethod::Totp],
            mfa_preferred: Some(crate::view::MfaMethod::Totp),
        };
        let user = session.summary(Some(&remote), &pool);
        assert_eq!(user.email.as_deref(), Some("new@example.com"));
        assert_eq!(user.phone_number.as_deref(), Some("+15555550100"));
        assert_eq!(user.phone_number_verified, Some(false));
        assert_eq!(user.mfa.preferred, Some(crate::view::MfaMethod::Totp));
    }

    #[test]
    fn times_past_the_calendar_are_refused_not_a_panic() {
        // What the `core_jwt` fuzz target aims at: the drift and expiry arithmetic used to overflow.
        let with_times = |iat: i64, exp: i64| {
            let token = |use_: &str| {
                super::fixtures::jwt(serde_json::json!({
                    "sub": "s", "cognito:username": "ana", "token_use": use_,
                    "iat": iat, "exp": exp,
                }))
            };
            Tokens {
                id_token: IdToken::new(token("id")),
                access_token: AccessToken::new(token("access")),
                refresh_token: Some(RefreshToken::new("r".into())),
                new_device: None,
            }
        };
        let last_second = DateTime::<Utc>::MAX_UTC.timestamp();
        for (iat, exp) in [
            (i64::MIN, 3600),
            (i64::MAX, 3600),
            (i64::MAX / 1000, 3600),
            (-1_000_000, last_second),
        ] {
            let refused = Session::from_tokens(with_times(iat, exp), at(0));
            assert!(refused.is_err(), "iat {iat}, exp {exp} was accepted");
        }
        let mut stored = Session::from_tokens(tokens("ana", at(0), Duration::hours(1)), at(0))
            .unwrap()
            .to_stored();
        stored.clock_drift_secs = i64::MAX;
        assert!(Session::restore(&stored).is_err());
    }

    #[test]
    fn garbage_is_refused_without_echoing_it() {
        let mut bad = tokens("ana", at(0), Duration::hours(1));
        bad.id_token = IdToken::new("secret-looking.%%%.sig".into());
        let err = Session::from_tokens(bad, at(0)).unwrap_err();
        assert!(!err.to_string().contains("secret-looking"));
    }
}

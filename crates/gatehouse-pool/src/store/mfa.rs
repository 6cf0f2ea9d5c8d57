//! What sign-in beyond the password needs to remember: each user's MFA factors (the TOTP secret,
//! its last accepted step), challenge sessions between `RespondToAuthChallenge` calls, failed
//! password counts for the lockout, and when an administrator's temporary password expires.
//!
//! The TOTP secret is stored as the secret itself: the pool must recompute codes from it, as
//! Cognito does. Sessions and SMS codes are bearer secrets and are stored as SHA-256 only.

use rusqlite::{params, OptionalExtension};

use super::Db;

pub const MFA_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS user_mfa (
    pool_id TEXT NOT NULL, username TEXT NOT NULL,
    sms_enabled INTEGER NOT NULL DEFAULT 0, totp_enabled INTEGER NOT NULL DEFAULT 0,
    preferred TEXT, totp_secret TEXT, pending_secret TEXT, last_step INTEGER,
    PRIMARY KEY (pool_id, username));
CREATE TABLE IF NOT EXISTS auth_sessions (
    hash TEXT PRIMARY KEY, pool_id TEXT NOT NULL, client_id TEXT NOT NULL, username TEXT NOT NULL,
    challenge TEXT NOT NULL, code_hash TEXT, attempts INTEGER NOT NULL, expires_at INTEGER NOT NULL,
    state TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS auth_sessions_by_expiry ON auth_sessions (expires_at);
CREATE INDEX IF NOT EXISTS auth_sessions_by_user ON auth_sessions (pool_id, username);
CREATE TABLE IF NOT EXISTS sign_in_failures (
    pool_id TEXT NOT NULL, username TEXT NOT NULL, failures INTEGER NOT NULL,
    locked_until INTEGER NOT NULL, PRIMARY KEY (pool_id, username));
CREATE TABLE IF NOT EXISTS temporary_passwords (
    pool_id TEXT NOT NULL, username TEXT NOT NULL, expires_at INTEGER NOT NULL,
    PRIMARY KEY (pool_id, username));
";

/// A user's MFA factors. `Debug` leaves the secrets out.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct UserMfaRow {
    pub sms_enabled: bool,
    pub totp_enabled: bool,
    /// `SMS_MFA` or `SOFTWARE_TOKEN_MFA`.
    pub preferred: Option<String>,
    /// The verified authenticator secret (base32).
    pub totp_secret: Option<String>,
    /// A secret from `AssociateSoftwareToken` not yet verified.
    pub pending_secret: Option<String>,
    /// The last TOTP step accepted, so a code is not accepted twice.
    pub last_step: Option<i64>,
}

impl std::fmt::Debug for UserMfaRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserMfaRow")
            .field("sms_enabled", &self.sms_enabled)
            .field("totp_enabled", &self.totp_enabled)
            .field("preferred", &self.preferred)
            .field("has_totp_secret", &self.totp_secret.is_some())
            .finish_non_exhaustive()
    }
}

/// `open` until answered, `used` once answered, `burned` after too many wrong codes. `Debug`
/// leaves out the code's hash (a 6-digit code's hash is as good as the code).
#[derive(Clone, PartialEq, Eq)]
pub struct AuthSessionRow {
    pub pool_id: String,
    pub client_id: String,
    pub username: String,
    pub challenge: String,
    /// SHA-256 of the SMS code the challenge sent, if any.
    pub code_hash: Option<String>,
    pub attempts: i64,
    pub expires_at: i64,
    pub state: String,
}

impl std::fmt::Debug for AuthSessionRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthSessionRow")
            .field("pool_id", &self.pool_id)
            .field("client_id", &self.client_id)
            .field("challenge", &self.challenge)
            .field("attempts", &self.attempts)
            .field("expires_at", &self.expires_at)
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

impl Db {
    pub fn user_mfa(&self, pool_id: &str, username: &str) -> rusqlite::Result<UserMfaRow> {
        Ok(self
            .conn
            .prepare_cached("SELECT sms_enabled, totp_enabled, preferred, totp_secret, pending_secret, last_step
                 FROM user_mfa WHERE pool_id = ?1 AND username = ?2")?
            .query_row(
                [pool_id, username],
                |row| {
                    Ok(UserMfaRow {
                        sms_enabled: row.get(0)?,
                        totp_enabled: row.get(1)?,
                        preferred: row.get(2)?,
                        totp_secret: row.get(3)?,
                        pending_secret: row.get(4)?,
                        last_step: row.get(5)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_default())
    }

    pub fn put_user_mfa(
        &self,
        pool_id: &str,
        username: &str,
        mfa: &UserMfaRow,
    ) -> rusqlite::Result<()> {
        self.conn.prepare_cached("INSERT OR REPLACE INTO user_mfa
             (pool_id, username, sms_enabled, totp_enabled, preferred, totp_secret, pending_secret, last_step)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?
            .execute(
            params![
                pool_id, username, mfa.sms_enabled, mfa.totp_enabled, mfa.preferred,
                mfa.totp_secret, mfa.pending_secret, mfa.last_step
            ],
        )?;
        Ok(())
    }

    /// Records a session under the hash of its token, forgetting sessions long expired.
    pub fn put_auth_session(
        &self,
        hash: &str,
        session: &AuthSessionRow,
        now: i64,
    ) -> rusqlite::Result<()> {
        self.conn
            .prepare_cached("DELETE FROM auth_sessions WHERE expires_at < ?1")?
            .execute([now - 3600])?;
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO auth_sessions
             (hash, pool_id, client_id, username, challenge, code_hash, attempts, expires_at, state)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                hash,
                session.pool_id,
                session.client_id,
                session.username,
                session.challenge,
                session.code_hash,
                session.attempts,
                session.expires_at,
                session.state
            ])?;
        Ok(())
    }

    pub fn auth_session(&self, hash: &str) -> rusqlite::Result<Option<AuthSessionRow>> {
        self.conn
            .prepare_cached("SELECT pool_id, client_id, username, challenge, code_hash, attempts, expires_at, state
                 FROM auth_sessions WHERE hash = ?1")?
            .query_row(
                [hash],
                |row| {
                    Ok(AuthSessionRow {
                        pool_id: row.get(0)?,
                        client_id: row.get(1)?,
                        username: row.get(2)?,
                        challenge: row.get(3)?,
                        code_hash: row.get(4)?,
                        attempts: row.get(5)?,
                        expires_at: row.get(6)?,
                        state: row.get(7)?,
                    })
                },
            )
            .optional()
    }

    /// `(consecutive failures, locked until)` of a user's password sign-ins.
    pub fn sign_in_failures(&self, pool_id: &str, username: &str) -> rusqlite::Result<(i64, i64)> {
        Ok(self
            .conn
            .prepare_cached("SELECT failures, locked_until FROM sign_in_failures WHERE pool_id = ?1 AND username = ?2")?
            .query_row(
                [pool_id, username],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?
            .unwrap_or((0, 0)))
    }

    pub fn put_sign_in_failures(
        &self,
        pool_id: &str,
        username: &str,
        failures: i64,
        locked_until: i64,
    ) -> rusqlite::Result<()> {
        self.conn.prepare_cached("INSERT OR REPLACE INTO sign_in_failures (pool_id, username, failures, locked_until)
             VALUES (?1, ?2, ?3, ?4)")?
            .execute(
            params![pool_id, username, failures, locked_until],
        )?;
        Ok(())
    }

    pub fn clear_sign_in_failures(&self, pool_id: &str, username: &str) -> rusqlite::Result<()> {
        self.conn
            .prepare_cached("DELETE FROM sign_in_failures WHERE pool_id = ?1 AND username = ?2")?
            .execute([pool_id, username])?;
        Ok(())
    }

    pub fn temporary_password_expiry(
        &self,
        pool_id: &str,
        username: &str,
    ) -> rusqlite::Result<Option<i64>> {
        self.conn
            .prepare_cached(
                "SELECT expires_at FROM temporary_passwords WHERE pool_id = ?1 AND username = ?2",
            )?
            .query_row([pool_id, username], |row| row.get(0))
            .optional()
    }

    pub fn put_temporary_password_expiry(
        &self,
        pool_id: &str,
        username: &str,
        expires_at: Option<i64>,
    ) -> rusqlite::Result<()> {
        match expires_at {
            Some(expires_at) => self.conn.prepare_cached("INSERT OR REPLACE INTO temporary_passwords (pool_id, username, expires_at) VALUES (?1, ?2, ?3)")?
            .execute(
                params![pool_id, username, expires_at],
            )?,
            None => self.conn.prepare_cached("DELETE FROM temporary_passwords WHERE pool_id = ?1 AND username = ?2")?
            .execute(
                [pool_id, username],
            )?,
        };
        Ok(())
    }

    /// Replaces a pool's stored settings (`SetUserPoolMfaConfig`).
    pub fn set_pool_config(
        &self,
        pool_id: &str,
        config: &serde_json::Value,
        now: i64,
    ) -> rusqlite::Result<()> {
        self.conn
            .prepare_cached("UPDATE pools SET config = ?2, modified = ?3 WHERE id = ?1")?
            .execute(params![pool_id, config.to_string(), now])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_leaves_out_secrets_and_code_hashes() {
        let mfa = UserMfaRow {
            totp_secret: Some("SECRETSECRET".into()),
            pending_secret: Some("PENDINGPENDING".into()),
            ..UserMfaRow::default()
        };
        let shown = format!("{mfa:?}");
        assert!(!shown.contains("SECRETSECRET") && !shown.contains("PENDINGPENDING"));
        let session = AuthSessionRow {
            pool_id: "p".into(),
            client_id: "c".into(),
            username: "u".into(),
            challenge: "SMS_MFA".into(),
            code_hash: Some("c0dehash".into()),
            attempts: 0,
            expires_at: 0,
            state: "open".into(),
        };
        assert!(!format!("{session:?}").contains("c0dehash"));
    }
}

//! Users (status, attributes, and the SRP salt and verifier that stand in for the password) and
//! the hashed one-time codes sent to them.

use rusqlite::{params, OptionalExtension};

use super::{aliases::alias_keys, Db};

#[derive(Clone, Debug)]
pub struct UserRow {
    pub pool_id: String,
    pub username: String,
    pub sub: String,
    pub status: String,
    pub enabled: bool,
    pub attributes: Vec<(String, String)>,
    pub salt: String,
    pub verifier: String,
    pub created: i64,
    pub modified: i64,
}

impl UserRow {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn set_attribute(&mut self, name: &str, value: &str) {
        match self.attributes.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value.to_owned(),
            None => self.attributes.push((name.to_owned(), value.to_owned())),
        }
    }
}

/// The pool's `UsernameAttributes` (`email`, `phone_number`): what its users sign up and sign in
/// with instead of a username. Empty for a pool of usernames.
pub fn username_attributes(config: &serde_json::Value) -> Vec<String> {
    config["UsernameAttributes"]
        .as_array()
        .map(|names| {
            names
                .iter()
                .filter_map(|name| name.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Clone, Debug)]
pub struct CodeRow {
    pub code_hash: String,
    pub expires_at: i64,
    pub attempts: i64,
}

/// Every table with rows about one user, keyed by `(pool_id, username)`; the users table last.
pub(super) const USER_TABLES: [&str; 9] = [
    "codes",
    "code_deliveries",
    "user_mfa",
    "auth_sessions",
    "sign_in_failures",
    "temporary_passwords",
    "refresh_tokens",
    "devices",
    "users",
];

impl Db {
    pub fn insert_user(&self, user: &UserRow) -> rusqlite::Result<()> {
        let (email_key, phone_key) = alias_keys(&user.attributes);
        self.conn.prepare_cached("INSERT INTO users (pool_id, username, sub, status, enabled, attributes, salt, verifier, created, modified, email_key, phone_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")?
            .execute(
            params![
                user.pool_id, user.username, user.sub, user.status, user.enabled,
                serde_json::to_string(&user.attributes).expect("attributes serialise"),
                user.salt, user.verifier, user.created, user.modified, email_key, phone_key
            ],
        )?;
        Ok(())
    }

    pub fn update_user(&self, user: &UserRow) -> rusqlite::Result<()> {
        let (email_key, phone_key) = alias_keys(&user.attributes);
        self.conn.prepare_cached("UPDATE users SET status = ?3, enabled = ?4, attributes = ?5, salt = ?6, verifier = ?7, modified = ?8,
             email_key = ?9, phone_key = ?10 WHERE pool_id = ?1 AND username = ?2")?
            .execute(
            params![
                user.pool_id, user.username, user.status, user.enabled,
                serde_json::to_string(&user.attributes).expect("attributes serialise"),
                user.salt, user.verifier, user.modified, email_key, phone_key
            ],
        )?;
        Ok(())
    }

    /// `DeleteUser` / `AdminDeleteUser`: the user and everything kept about them (codes, MFA
    /// settings, challenge sessions, lockout count, refresh tokens, devices); the outbox keeps what
    /// was sent.
    pub fn delete_user(&self, pool_id: &str, username: &str) -> rusqlite::Result<()> {
        for table in USER_TABLES {
            self.conn
                .prepare_cached(&format!(
                    "DELETE FROM {table} WHERE pool_id = ?1 AND username = ?2"
                ))?
                .execute([pool_id, username])?;
        }
        Ok(())
    }

    /// The user `username` names: their username or, in a pool with `UsernameAttributes`, the
    /// email address (any case) or phone number they sign in with.
    pub fn user(&self, pool_id: &str, username: &str) -> rusqlite::Result<Option<UserRow>> {
        if let Some(user) = self.user_by_username(pool_id, username)? {
            return Ok(Some(user));
        }
        let attributes = match self.pool(pool_id)? {
            Some(pool) => username_attributes(&pool.config),
            None => Vec::new(),
        };
        for attribute in attributes {
            if let Some(user) = self.user_by_alias(pool_id, &attribute, username)? {
                return Ok(Some(user));
            }
        }
        Ok(None)
    }

    fn user_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<UserRow> {
        let attributes: String = row.get(5)?;
        Ok(UserRow {
            pool_id: row.get(0)?,
            username: row.get(1)?,
            sub: row.get(2)?,
            status: row.get(3)?,
            enabled: row.get(4)?,
            attributes: serde_json::from_str(&attributes).unwrap_or_default(),
            salt: row.get(6)?,
            verifier: row.get(7)?,
            created: row.get(8)?,
            modified: row.get(9)?,
        })
    }

    /// The user whose username is exactly `username`.
    pub fn user_by_username(
        &self,
        pool_id: &str,
        username: &str,
    ) -> rusqlite::Result<Option<UserRow>> {
        self.conn
            .prepare_cached("SELECT pool_id, username, sub, status, enabled, attributes, salt, verifier, created, modified
                 FROM users WHERE pool_id = ?1 AND username = ?2")?
            .query_row(
                [pool_id, username],
                Self::user_from,
            )
            .optional()
    }

    /// The user whose `attribute` (`email`, compared without case, or `phone_number`) is `value`.
    pub fn user_by_alias(
        &self,
        pool_id: &str,
        attribute: &str,
        value: &str,
    ) -> rusqlite::Result<Option<UserRow>> {
        let (column, key) = match attribute {
            "email" => ("email_key", value.to_ascii_lowercase()),
            "phone_number" => ("phone_key", value.to_owned()),
            _ => return Ok(None),
        };
        // The earliest user holding it, should several (unverified ones) share it.
        self.conn
            .prepare_cached(&format!(
                "SELECT pool_id, username, sub, status, enabled, attributes, salt, verifier, created, modified
                 FROM users WHERE pool_id = ?1 AND {column} = ?2 ORDER BY created, username LIMIT 1"
            ))?
            .query_row([pool_id, key.as_str()], Self::user_from)
            .optional()
    }

    pub fn put_code(
        &self,
        pool_id: &str,
        username: &str,
        purpose: &str,
        code: &CodeRow,
    ) -> rusqlite::Result<()> {
        self.conn.prepare_cached("INSERT OR REPLACE INTO codes (pool_id, username, purpose, code_hash, expires_at, attempts)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
            .execute(
            params![pool_id, username, purpose, code.code_hash, code.expires_at, code.attempts],
        )?;
        Ok(())
    }

    pub fn code(
        &self,
        pool_id: &str,
        username: &str,
        purpose: &str,
    ) -> rusqlite::Result<Option<CodeRow>> {
        self.conn
            .prepare_cached("SELECT code_hash, expires_at, attempts FROM codes WHERE pool_id = ?1 AND username = ?2 AND purpose = ?3")?
            .query_row(
                [pool_id, username, purpose],
                |row| Ok(CodeRow { code_hash: row.get(0)?, expires_at: row.get(1)?, attempts: row.get(2)? }),
            )
            .optional()
    }

    pub fn delete_code(
        &self,
        pool_id: &str,
        username: &str,
        purpose: &str,
    ) -> rusqlite::Result<()> {
        self.conn
            .prepare_cached(
                "DELETE FROM codes WHERE pool_id = ?1 AND username = ?2 AND purpose = ?3",
            )?
            .execute([pool_id, username, purpose])?;
        Ok(())
    }
}

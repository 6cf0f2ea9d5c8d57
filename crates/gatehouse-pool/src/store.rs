//! SQLite storage of pools, clients, users, codes, SRP handshakes, refresh tokens and the outbox.
//!
//! One file per data directory, in WAL mode with `synchronous=FULL`: a request is answered only
//! after its writes are committed, so a crash loses nothing that was acknowledged. Configuration
//! objects (a pool's settings, a client's) are stored as the JSON Cognito describes them with, so
//! that `Describe*` echoes what `Create*` was given.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS pools (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, config TEXT NOT NULL,
    kid TEXT NOT NULL, key_pem TEXT NOT NULL, created INTEGER NOT NULL, modified INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS clients (
    id TEXT PRIMARY KEY, pool_id TEXT NOT NULL REFERENCES pools(id), name TEXT NOT NULL,
    config TEXT NOT NULL, created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    pool_id TEXT NOT NULL REFERENCES pools(id), username TEXT NOT NULL, sub TEXT NOT NULL,
    status TEXT NOT NULL, enabled INTEGER NOT NULL, attributes TEXT NOT NULL,
    salt TEXT NOT NULL, verifier TEXT NOT NULL, created INTEGER NOT NULL, modified INTEGER NOT NULL,
    PRIMARY KEY (pool_id, username));
CREATE TABLE IF NOT EXISTS codes (
    pool_id TEXT NOT NULL, username TEXT NOT NULL, purpose TEXT NOT NULL, code_hash TEXT NOT NULL,
    expires_at INTEGER NOT NULL, attempts INTEGER NOT NULL,
    PRIMARY KEY (pool_id, username, purpose));
CREATE TABLE IF NOT EXISTS srp_handshakes (
    secret_block TEXT PRIMARY KEY, session TEXT NOT NULL, pool_id TEXT NOT NULL, client_id TEXT NOT NULL,
    username TEXT NOT NULL, a_hex TEXT NOT NULL, b_hex TEXT NOT NULL, big_b_hex TEXT NOT NULL,
    expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS refresh_tokens (
    hash TEXT PRIMARY KEY, pool_id TEXT NOT NULL, client_id TEXT NOT NULL, username TEXT NOT NULL,
    origin_jti TEXT NOT NULL UNIQUE, auth_time INTEGER NOT NULL, expires_at INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, pool_id TEXT NOT NULL, username TEXT NOT NULL,
    destination TEXT NOT NULL, medium TEXT NOT NULL, purpose TEXT NOT NULL, code TEXT NOT NULL,
    sent_at TEXT NOT NULL);
";

pub struct Db {
    pub conn: Connection,
}

#[derive(Clone, Debug)]
pub struct PoolRow {
    pub id: String,
    pub name: String,
    pub config: Value,
    pub kid: String,
    pub key_pem: String,
    pub created: i64,
    pub modified: i64,
}

#[derive(Clone, Debug)]
pub struct ClientRow {
    pub id: String,
    pub pool_id: String,
    pub name: String,
    pub config: Value,
    pub created: i64,
}

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

#[derive(Clone, Debug)]
pub struct CodeRow {
    pub code_hash: String,
    pub expires_at: i64,
    pub attempts: i64,
}

pub struct HandshakeRow {
    pub session: String,
    pub pool_id: String,
    pub client_id: String,
    pub username: String,
    pub a_hex: String,
    pub b_hex: String,
    pub big_b_hex: String,
    pub expires_at: i64,
}

#[derive(Clone, Debug)]
pub struct RefreshRow {
    pub pool_id: String,
    pub client_id: String,
    pub username: String,
    pub origin_jti: String,
    pub auth_time: i64,
    pub expires_at: i64,
    pub revoked: bool,
}

fn json_column(text: String) -> Value {
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

impl Db {
    pub fn open(path: &Path) -> rusqlite::Result<Self> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.execute_batch(SCHEMA)?;
        Ok(Self { conn })
    }

    pub fn insert_pool(&self, pool: &PoolRow) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO pools (id, name, config, kid, key_pem, created, modified) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![pool.id, pool.name, pool.config.to_string(), pool.kid, pool.key_pem, pool.created, pool.modified],
        )?;
        Ok(())
    }

    fn pool_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<PoolRow> {
        Ok(PoolRow {
            id: row.get(0)?,
            name: row.get(1)?,
            config: json_column(row.get(2)?),
            kid: row.get(3)?,
            key_pem: row.get(4)?,
            created: row.get(5)?,
            modified: row.get(6)?,
        })
    }

    pub fn pool(&self, id: &str) -> rusqlite::Result<Option<PoolRow>> {
        self.conn
            .query_row(
                "SELECT id, name, config, kid, key_pem, created, modified FROM pools WHERE id = ?1",
                [id],
                Self::pool_from,
            )
            .optional()
    }

    pub fn pools(&self) -> rusqlite::Result<Vec<PoolRow>> {
        let mut statement = self
            .conn
            .prepare("SELECT id, name, config, kid, key_pem, created, modified FROM pools ORDER BY created, id")?;
        let rows = statement.query_map([], Self::pool_from)?;
        rows.collect()
    }

    pub fn insert_client(&self, client: &ClientRow) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO clients (id, pool_id, name, config, created) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                client.id,
                client.pool_id,
                client.name,
                client.config.to_string(),
                client.created
            ],
        )?;
        Ok(())
    }

    fn client_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<ClientRow> {
        Ok(ClientRow {
            id: row.get(0)?,
            pool_id: row.get(1)?,
            name: row.get(2)?,
            config: json_column(row.get(3)?),
            created: row.get(4)?,
        })
    }

    pub fn client(&self, id: &str) -> rusqlite::Result<Option<ClientRow>> {
        self.conn
            .query_row(
                "SELECT id, pool_id, name, config, created FROM clients WHERE id = ?1",
                [id],
                Self::client_from,
            )
            .optional()
    }

    pub fn clients_of(&self, pool_id: &str) -> rusqlite::Result<Vec<ClientRow>> {
        let mut statement = self
            .conn
            .prepare("SELECT id, pool_id, name, config, created FROM clients WHERE pool_id = ?1 ORDER BY created, id")?;
        let rows = statement.query_map([pool_id], Self::client_from)?;
        rows.collect()
    }

    pub fn insert_user(&self, user: &UserRow) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO users (pool_id, username, sub, status, enabled, attributes, salt, verifier, created, modified)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                user.pool_id, user.username, user.sub, user.status, user.enabled,
                serde_json::to_string(&user.attributes).expect("attributes serialise"),
                user.salt, user.verifier, user.created, user.modified
            ],
        )?;
        Ok(())
    }

    pub fn update_user(&self, user: &UserRow) -> rusqlite::Result<()> {
        self.conn.execute(
            "UPDATE users SET status = ?3, enabled = ?4, attributes = ?5, salt = ?6, verifier = ?7, modified = ?8
             WHERE pool_id = ?1 AND username = ?2",
            params![
                user.pool_id, user.username, user.status, user.enabled,
                serde_json::to_string(&user.attributes).expect("attributes serialise"),
                user.salt, user.verifier, user.modified
            ],
        )?;
        Ok(())
    }

    pub fn user(&self, pool_id: &str, username: &str) -> rusqlite::Result<Option<UserRow>> {
        self.conn
            .query_row(
                "SELECT pool_id, username, sub, status, enabled, attributes, salt, verifier, created, modified
                 FROM users WHERE pool_id = ?1 AND username = ?2",
                [pool_id, username],
                |row| {
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
                },
            )
            .optional()
    }

    pub fn put_code(
        &self,
        pool_id: &str,
        username: &str,
        purpose: &str,
        code: &CodeRow,
    ) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO codes (pool_id, username, purpose, code_hash, expires_at, attempts)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
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
            .query_row(
                "SELECT code_hash, expires_at, attempts FROM codes WHERE pool_id = ?1 AND username = ?2 AND purpose = ?3",
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
        self.conn.execute(
            "DELETE FROM codes WHERE pool_id = ?1 AND username = ?2 AND purpose = ?3",
            [pool_id, username, purpose],
        )?;
        Ok(())
    }

    pub fn insert_handshake(
        &self,
        secret_block: &str,
        handshake: &HandshakeRow,
    ) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO srp_handshakes (secret_block, session, pool_id, client_id, username, a_hex, b_hex, big_b_hex, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                secret_block, handshake.session, handshake.pool_id, handshake.client_id, handshake.username,
                handshake.a_hex, handshake.b_hex, handshake.big_b_hex, handshake.expires_at
            ],
        )?;
        Ok(())
    }

    /// Removes and returns a handshake: each secret block answers once.
    pub fn take_handshake(&self, secret_block: &str) -> rusqlite::Result<Option<HandshakeRow>> {
        let found = self
            .conn
            .query_row(
                "SELECT session, pool_id, client_id, username, a_hex, b_hex, big_b_hex, expires_at
                 FROM srp_handshakes WHERE secret_block = ?1",
                [secret_block],
                |row| {
                    Ok(HandshakeRow {
                        session: row.get(0)?,
                        pool_id: row.get(1)?,
                        client_id: row.get(2)?,
                        username: row.get(3)?,
                        a_hex: row.get(4)?,
                        b_hex: row.get(5)?,
                        big_b_hex: row.get(6)?,
                        expires_at: row.get(7)?,
                    })
                },
            )
            .optional()?;
        self.conn.execute(
            "DELETE FROM srp_handshakes WHERE secret_block = ?1",
            [secret_block],
        )?;
        Ok(found)
    }

    pub fn insert_refresh(&self, hash: &str, row: &RefreshRow) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO refresh_tokens (hash, pool_id, client_id, username, origin_jti, auth_time, expires_at, revoked)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)",
            params![hash, row.pool_id, row.client_id, row.username, row.origin_jti, row.auth_time, row.expires_at],
        )?;
        Ok(())
    }

    fn refresh_where(&self, clause: &str, key: &str) -> rusqlite::Result<Option<RefreshRow>> {
        self.conn
            .query_row(
                &format!(
                    "SELECT pool_id, client_id, username, origin_jti, auth_time, expires_at, revoked FROM refresh_tokens WHERE {clause} = ?1"
                ),
                [key],
                |row| {
                    Ok(RefreshRow {
                        pool_id: row.get(0)?,
                        client_id: row.get(1)?,
                        username: row.get(2)?,
                        origin_jti: row.get(3)?,
                        auth_time: row.get(4)?,
                        expires_at: row.get(5)?,
                        revoked: row.get(6)?,
                    })
                },
            )
            .optional()
    }

    pub fn refresh_by_hash(&self, hash: &str) -> rusqlite::Result<Option<RefreshRow>> {
        self.refresh_where("hash", hash)
    }

    pub fn refresh_by_origin(&self, origin_jti: &str) -> rusqlite::Result<Option<RefreshRow>> {
        self.refresh_where("origin_jti", origin_jti)
    }

    /// `GlobalSignOut`: every refresh token of the user, and so every token derived from them.
    pub fn revoke_user_tokens(&self, pool_id: &str, username: &str) -> rusqlite::Result<()> {
        self.conn.execute(
            "UPDATE refresh_tokens SET revoked = 1 WHERE pool_id = ?1 AND username = ?2",
            [pool_id, username],
        )?;
        Ok(())
    }
}

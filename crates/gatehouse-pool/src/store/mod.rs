//! SQLite storage of pools, clients, users, codes, refresh tokens and the outbox (SRP handshakes
//! hold a secret exponent and stay in memory, see `handshakes.rs`). Users and codes are in
//! `users.rs`, refresh tokens in `refresh.rs`, the outbox in `outbox.rs`.
//!
//! One file per data directory, in WAL mode: a request is answered only after its writes are
//! committed and the WAL synced (`batch.rs`), so a crash loses nothing that was acknowledged.
//! Configuration objects (a pool's settings, a client's) are stored as the JSON Cognito describes
//! them with, so that `Describe*` echoes what `Create*` was given.

mod aliases;
mod devices;
mod mfa;
#[cfg(test)]
mod plans;
mod recovery;
mod refresh;
mod users;

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

pub use devices::DeviceRow;
pub use mfa::{AuthSessionRow, UserMfaRow};
pub use refresh::RefreshRow;
pub use users::{username_attributes, CodeRow, UserRow};

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
    email_key TEXT, phone_key TEXT,
    PRIMARY KEY (pool_id, username));
CREATE TABLE IF NOT EXISTS codes (
    pool_id TEXT NOT NULL, username TEXT NOT NULL, purpose TEXT NOT NULL, code_hash TEXT NOT NULL,
    expires_at INTEGER NOT NULL, attempts INTEGER NOT NULL,
    PRIMARY KEY (pool_id, username, purpose));
CREATE TABLE IF NOT EXISTS refresh_tokens (
    hash TEXT PRIMARY KEY, pool_id TEXT NOT NULL, client_id TEXT NOT NULL, username TEXT NOT NULL,
    origin_jti TEXT NOT NULL UNIQUE, auth_time INTEGER NOT NULL, expires_at INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS refresh_tokens_by_user ON refresh_tokens (pool_id, username);
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

fn json_column(text: String) -> Value {
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

impl Db {
    pub fn open(path: &Path) -> rusqlite::Result<Self> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // COMMIT writes the WAL without syncing it: the batch that committed syncs it once it
        // has let go of the database (`batch.rs`), so the next batch need not wait for the disk.
        // Every answer still waits for its sync.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Each operation runs in a SAVEPOINT of its batch's transaction (`batch.rs`), whose undo
        // copies of the pages it changes went to a temporary file once past 64 KiB: a write
        // system call per page, about as many as the WAL's. Kept in memory instead (at most a
        // batch's worth); the WAL alone makes commits durable, so nothing durable moves.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // Every statement is prepared once (`prepare_cached`): parsing SQL was a tenth of a
        // sign-up's CPU. Room for all of them, so none is evicted and parsed again.
        conn.set_prepared_statement_cache_capacity(128);
        conn.execute_batch(SCHEMA)?;
        aliases::add_alias_keys(&conn)?;
        conn.execute_batch(mfa::MFA_SCHEMA)?;
        conn.execute_batch(recovery::RECOVERY_SCHEMA)?;
        conn.execute_batch(devices::DEVICES_SCHEMA)?;
        Ok(Self { conn })
    }

    pub fn insert_pool(&self, pool: &PoolRow) -> rusqlite::Result<()> {
        self.conn.prepare_cached("INSERT INTO pools (id, name, config, kid, key_pem, created, modified) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
            .execute(
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
            .prepare_cached(
                "SELECT id, name, config, kid, key_pem, created, modified FROM pools WHERE id = ?1",
            )?
            .query_row([id], Self::pool_from)
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
        self.conn.prepare_cached("INSERT INTO clients (id, pool_id, name, config, created) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(
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
            .prepare_cached("SELECT id, pool_id, name, config, created FROM clients WHERE id = ?1")?
            .query_row([id], Self::client_from)
            .optional()
    }

    /// Replaces a pool's name and settings, as `UpdateUserPool` does.
    pub fn update_pool(&self, pool: &PoolRow) -> rusqlite::Result<()> {
        self.conn
            .prepare_cached("UPDATE pools SET name = ?2, config = ?3, modified = ?4 WHERE id = ?1")?
            .execute(params![
                pool.id,
                pool.name,
                pool.config.to_string(),
                pool.modified
            ])?;
        Ok(())
    }

    /// Replaces a client's name and settings, as `UpdateUserPoolClient` does.
    pub fn update_client(&self, client: &ClientRow) -> rusqlite::Result<()> {
        self.conn
            .prepare_cached("UPDATE clients SET name = ?2, config = ?3 WHERE id = ?1")?
            .execute(params![client.id, client.name, client.config.to_string()])?;
        Ok(())
    }

    pub fn clients_of(&self, pool_id: &str) -> rusqlite::Result<Vec<ClientRow>> {
        let mut statement = self
            .conn
            .prepare("SELECT id, pool_id, name, config, created FROM clients WHERE pool_id = ?1 ORDER BY created, id")?;
        let rows = statement.query_map([pool_id], Self::client_from)?;
        rows.collect()
    }
}

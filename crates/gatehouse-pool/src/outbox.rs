//! The outbox: every message the pool would email or text, recorded instead of sent, so that a
//! person (in the app's local mode) or a test can read the code. This is the simulated mailbox of
//! an offline pool; it is listed at `GET /_gatehouse/outbox[?username=]`.

use rusqlite::params;
use serde::Serialize;

use crate::store::Db;

/// One message the pool "sent".
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboxMessage {
    pub pool_id: String,
    pub username: String,
    /// The address or number it went to, unmasked (it is the user's own mailbox).
    pub destination: String,
    /// `EMAIL` or `SMS`.
    pub medium: String,
    /// What the code is for, e.g. `SIGN_UP`.
    pub purpose: String,
    pub code: String,
    /// RFC 3339 UTC.
    pub sent_at: String,
}

impl Db {
    pub fn insert_outbox(&self, message: &OutboxMessage) -> rusqlite::Result<()> {
        self.conn.prepare_cached("INSERT INTO outbox (pool_id, username, destination, medium, purpose, code, sent_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
            .execute(
            params![
                message.pool_id,
                message.username,
                message.destination,
                message.medium,
                message.purpose,
                message.code,
                message.sent_at
            ],
        )?;
        Ok(())
    }

    /// Oldest first.
    pub fn outbox(&self, username: Option<&str>) -> rusqlite::Result<Vec<OutboxMessage>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT pool_id, username, destination, medium, purpose, code, sent_at FROM outbox
             WHERE ?1 IS NULL OR username = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([username], |row| {
            Ok(OutboxMessage {
                pool_id: row.get(0)?,
                username: row.get(1)?,
                destination: row.get(2)?,
                medium: row.get(3)?,
                purpose: row.get(4)?,
                code: row.get(5)?,
                sent_at: row.get(6)?,
            })
        })?;
        rows.collect()
    }
}

//! When codes were delivered, per user and purpose: the memory behind the bound on how often a
//! user may ask for a code (`ForgotPassword`, `ResendConfirmationCode`). Only times are kept,
//! never the codes.

use rusqlite::params;

use super::Db;

pub const RECOVERY_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS code_deliveries (
    pool_id TEXT NOT NULL, username TEXT NOT NULL, purpose TEXT NOT NULL, sent_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS code_deliveries_by_user ON code_deliveries (pool_id, username, purpose, sent_at);
CREATE INDEX IF NOT EXISTS code_deliveries_by_time ON code_deliveries (sent_at);
";

impl Db {
    pub fn record_code_delivery(
        &self,
        pool_id: &str,
        username: &str,
        purpose: &str,
        sent_at: i64,
    ) -> rusqlite::Result<()> {
        self.conn.prepare_cached("INSERT INTO code_deliveries (pool_id, username, purpose, sent_at) VALUES (?1, ?2, ?3, ?4)")?
            .execute(
            params![pool_id, username, purpose, sent_at],
        )?;
        Ok(())
    }

    /// How many codes for `purpose` went to the user at or after `since`.
    pub fn code_deliveries_since(
        &self,
        pool_id: &str,
        username: &str,
        purpose: &str,
        since: i64,
    ) -> rusqlite::Result<i64> {
        self.conn.prepare_cached("SELECT COUNT(*) FROM code_deliveries WHERE pool_id = ?1 AND username = ?2 AND purpose = ?3 AND sent_at >= ?4")?
            .query_row(
            params![pool_id, username, purpose, since],
            |row| row.get(0),
        )
    }

    /// Drops what the hourly bound no longer looks at.
    pub fn forget_code_deliveries_before(&self, before: i64) -> rusqlite::Result<()> {
        self.conn
            .prepare_cached("DELETE FROM code_deliveries WHERE sent_at < ?1")?
            .execute([before])?;
        Ok(())
    }
}

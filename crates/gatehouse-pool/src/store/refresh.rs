//! Refresh tokens, stored as their SHA-256 only. Each row is one sign-in: its `origin_jti` is carried
//! by every token that sign-in produced, so revoking the row revokes them all.

use rusqlite::{params, OptionalExtension};

use super::Db;

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

impl Db {
    pub fn insert_refresh(&self, hash: &str, row: &RefreshRow) -> rusqlite::Result<()> {
        self.conn.prepare_cached("INSERT INTO refresh_tokens (hash, pool_id, client_id, username, origin_jti, auth_time, expires_at, revoked)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)")?
            .execute(
            params![hash, row.pool_id, row.client_id, row.username, row.origin_jti, row.auth_time, row.expires_at],
        )?;
        Ok(())
    }

    fn refresh_where(&self, clause: &str, key: &str) -> rusqlite::Result<Option<RefreshRow>> {
        self.conn
            .prepare_cached(&format!(
                    "SELECT pool_id, client_id, username, origin_jti, auth_time, expires_at, revoked FROM refresh_tokens WHERE {clause} = ?1"
                ))?
            .query_row(
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
        self.conn
            .prepare_cached(
                "UPDATE refresh_tokens SET revoked = 1 WHERE pool_id = ?1 AND username = ?2",
            )?
            .execute([pool_id, username])?;
        Ok(())
    }

    /// `RevokeToken`: one sign-in, and so the access and ID tokens issued from it.
    pub fn revoke_refresh(&self, hash: &str) -> rusqlite::Result<()> {
        self.conn
            .prepare_cached("UPDATE refresh_tokens SET revoked = 1 WHERE hash = ?1")?
            .execute([hash])?;
        Ok(())
    }
}

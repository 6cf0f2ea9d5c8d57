//! Devices the pool tracks for its users (Cognito device tracking). A device is created
//! unconfirmed when a sign-in hands out its key (`NewDeviceMetadata`); `ConfirmDevice` stores its
//! SRP salt and verifier. The device password itself never reaches the pool. A sign-in from a
//! device is bound to it by its `origin_jti`: its refresh token works only with that device.

use rusqlite::{params, OptionalExtension};

use super::Db;

pub const DEVICES_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS devices (
    pool_id TEXT NOT NULL, username TEXT NOT NULL, device_key TEXT NOT NULL,
    group_key TEXT NOT NULL, name TEXT, confirmed INTEGER NOT NULL, remembered INTEGER NOT NULL,
    salt_hex TEXT, verifier_hex TEXT, created INTEGER NOT NULL, modified INTEGER NOT NULL,
    last_authenticated INTEGER NOT NULL,
    PRIMARY KEY (pool_id, device_key));
CREATE INDEX IF NOT EXISTS devices_by_user ON devices (pool_id, username, created);
CREATE TABLE IF NOT EXISTS device_sign_ins (
    origin_jti TEXT PRIMARY KEY, pool_id TEXT NOT NULL, device_key TEXT NOT NULL);
";

/// One tracked device. `Debug` leaves the verifier out.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceRow {
    pub pool_id: String,
    pub username: String,
    pub device_key: String,
    pub group_key: String,
    pub name: Option<String>,
    /// `ConfirmDevice` stored a verifier.
    pub confirmed: bool,
    /// `dev:device_remembered_status` is `remembered`.
    pub remembered: bool,
    /// Hex of the salt bytes the client chose, as sent back in `SALT`.
    pub salt_hex: Option<String>,
    /// Hex of `g^x mod N`.
    pub verifier_hex: Option<String>,
    pub created: i64,
    pub modified: i64,
    pub last_authenticated: i64,
}

impl std::fmt::Debug for DeviceRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceRow")
            .field("pool_id", &self.pool_id)
            .field("device_key", &self.device_key)
            .field("confirmed", &self.confirmed)
            .field("remembered", &self.remembered)
            .finish_non_exhaustive()
    }
}

const COLUMNS: &str = "pool_id, username, device_key, group_key, name, confirmed, remembered, \
     salt_hex, verifier_hex, created, modified, last_authenticated";

fn device_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<DeviceRow> {
    Ok(DeviceRow {
        pool_id: row.get(0)?,
        username: row.get(1)?,
        device_key: row.get(2)?,
        group_key: row.get(3)?,
        name: row.get(4)?,
        confirmed: row.get(5)?,
        remembered: row.get(6)?,
        salt_hex: row.get(7)?,
        verifier_hex: row.get(8)?,
        created: row.get(9)?,
        modified: row.get(10)?,
        last_authenticated: row.get(11)?,
    })
}

impl Db {
    /// Inserts or replaces a device.
    pub fn put_device(&self, device: &DeviceRow) -> rusqlite::Result<()> {
        self.conn.prepare_cached(&format!("INSERT OR REPLACE INTO devices ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"))?
            .execute(
            params![
                device.pool_id,
                device.username,
                device.device_key,
                device.group_key,
                device.name,
                device.confirmed,
                device.remembered,
                device.salt_hex,
                device.verifier_hex,
                device.created,
                device.modified,
                device.last_authenticated
            ],
        )?;
        Ok(())
    }

    /// A device of `username`; another user's device is not found.
    pub fn device(
        &self,
        pool_id: &str,
        username: &str,
        device_key: &str,
    ) -> rusqlite::Result<Option<DeviceRow>> {
        self.conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM devices WHERE pool_id = ?1 AND username = ?2 AND device_key = ?3"))?
            .query_row(
                params![pool_id, username, device_key],
                device_from,
            )
            .optional()
    }

    /// The user's confirmed devices, oldest first.
    pub fn confirmed_devices(
        &self,
        pool_id: &str,
        username: &str,
    ) -> rusqlite::Result<Vec<DeviceRow>> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM devices WHERE pool_id = ?1 AND username = ?2 AND confirmed = 1 \
             ORDER BY created, device_key"
        ))?;
        let rows = statement.query_map(params![pool_id, username], device_from)?;
        rows.collect()
    }

    pub fn delete_device(&self, pool_id: &str, device_key: &str) -> rusqlite::Result<()> {
        self.conn
            .prepare_cached("DELETE FROM devices WHERE pool_id = ?1 AND device_key = ?2")?
            .execute(params![pool_id, device_key])?;
        Ok(())
    }

    /// Binds a sign-in (its `origin_jti`) to the device it was made from.
    pub fn bind_sign_in_to_device(
        &self,
        origin_jti: &str,
        pool_id: &str,
        device_key: &str,
    ) -> rusqlite::Result<()> {
        self.conn.prepare_cached("INSERT OR REPLACE INTO device_sign_ins (origin_jti, pool_id, device_key) VALUES (?1, ?2, ?3)")?
            .execute(
            params![origin_jti, pool_id, device_key],
        )?;
        Ok(())
    }

    /// The device a sign-in was made from, if it was bound to one.
    pub fn device_of_sign_in(&self, origin_jti: &str) -> rusqlite::Result<Option<String>> {
        self.conn
            .prepare_cached("SELECT device_key FROM device_sign_ins WHERE origin_jti = ?1")?
            .query_row([origin_jti], |row| row.get(0))
            .optional()
    }
}

#[cfg(test)]
mod tests {
    use super::DeviceRow;

    #[test]
    fn debug_leaves_the_salt_and_verifier_out() {
        let device = DeviceRow {
            pool_id: "us-east-1_p".into(),
            username: "jane".into(),
            device_key: "us-east-1_k".into(),
            group_key: "-g".into(),
            name: None,
            confirmed: true,
            remembered: true,
            salt_hex: Some("5a175a17".into()),
            verifier_hex: Some("feedface".into()),
            created: 0,
            modified: 0,
            last_authenticated: 0,
        };
        let shown = format!("{device:?}");
        assert!(shown.contains("us-east-1_k"));
        assert!(!shown.contains("5a175a17") && !shown.contains("feedface"));
    }
}

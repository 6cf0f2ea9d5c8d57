//! Lookup keys for the attributes a pool's users may sign in with (`UsernameAttributes`): the
//! email in ASCII lower case (Cognito compares emails without case) and the phone number, kept in
//! their own columns of `users` and indexed per pool, so that finding a user by them
//! (`Db::user_by_alias`, on every sign-up and sign-in of such a pool) reads one index entry
//! instead of every user's attributes.

use rusqlite::{params, Connection};

/// Partial: users without the attribute add nothing to its index (most have no phone number).
const ALIAS_INDEXES: &str = "
CREATE INDEX IF NOT EXISTS users_by_email ON users (pool_id, email_key, created, username)
    WHERE email_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS users_by_phone ON users (pool_id, phone_key, created, username)
    WHERE phone_key IS NOT NULL;
";

pub(super) fn alias_keys(attributes: &[(String, String)]) -> (Option<String>, Option<String>) {
    let value = |name: &str| {
        attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    (
        value("email").map(str::to_ascii_lowercase),
        value("phone_number").map(str::to_owned),
    )
}

/// Gives a data directory from before the alias keys its key columns, filled from each user's
/// attributes, in one transaction; then makes sure of the indexes.
pub(super) fn add_alias_keys(conn: &Connection) -> rusqlite::Result<()> {
    let present = conn
        .prepare("SELECT 1 FROM pragma_table_info('users') WHERE name = 'email_key'")?
        .exists([])?;
    if !present {
        let transaction = conn.unchecked_transaction()?;
        transaction.execute_batch(
            "ALTER TABLE users ADD COLUMN email_key TEXT; ALTER TABLE users ADD COLUMN phone_key TEXT;",
        )?;
        let users = transaction
            .prepare("SELECT pool_id, username, attributes FROM users")?
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut fill = transaction.prepare(
            "UPDATE users SET email_key = ?3, phone_key = ?4 WHERE pool_id = ?1 AND username = ?2",
        )?;
        for (pool_id, username, attributes) in users {
            let attributes: Vec<(String, String)> =
                serde_json::from_str(&attributes).unwrap_or_default();
            let (email, phone) = alias_keys(&attributes);
            fill.execute(params![pool_id, username, email, phone])?;
        }
        drop(fill);
        transaction.commit()?;
    }
    conn.execute_batch(ALIAS_INDEXES)
}

#[cfg(test)]
mod tests {
    use super::super::{Db, UserRow};

    fn user(username: &str, attributes: &[(&str, &str)]) -> UserRow {
        UserRow {
            pool_id: "pool".into(),
            username: username.into(),
            sub: username.into(),
            status: "CONFIRMED".into(),
            enabled: true,
            attributes: attributes
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            salt: "00".into(),
            verifier: "00".into(),
            created: 1,
            modified: 1,
        }
    }

    /// Checks who `value` finds as `attribute`.
    fn finds(db: &Db, attribute: &str, value: &str, expected: Option<&str>) {
        let found = db.user_by_alias("pool", attribute, value).expect("lookup");
        assert_eq!(
            found.map(|user| user.username).as_deref(),
            expected,
            "{attribute} {value}"
        );
    }

    #[test]
    fn a_data_directory_from_before_the_keys_gets_them_from_its_users_attributes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("pool.sqlite3");
        {
            let old = rusqlite::Connection::open(&path).expect("old database");
            old.execute_batch(
                "CREATE TABLE users (
                    pool_id TEXT NOT NULL, username TEXT NOT NULL, sub TEXT NOT NULL,
                    status TEXT NOT NULL, enabled INTEGER NOT NULL, attributes TEXT NOT NULL,
                    salt TEXT NOT NULL, verifier TEXT NOT NULL, created INTEGER NOT NULL,
                    modified INTEGER NOT NULL, PRIMARY KEY (pool_id, username));
                 INSERT INTO users VALUES ('pool', 'ann', 'ann', 'CONFIRMED', 1,
                    '[[\"email\",\"Ann@Example.com\"],[\"phone_number\",\"+15550100\"]]', '00', '00', 1, 1);
                 INSERT INTO users VALUES ('pool', 'bob', 'bob', 'CONFIRMED', 1, '[]', '00', '00', 2, 2);",
            )
            .expect("old schema");
        }
        for _ in 0..2 {
            // The second open finds the columns there and changes nothing.
            let db = Db::open(&path).expect("open migrates");
            finds(&db, "email", "ann@EXAMPLE.com", Some("ann"));
            finds(&db, "phone_number", "+15550100", Some("ann"));
            finds(&db, "email", "bob@example.com", None);
        }
    }

    #[test]
    fn keys_follow_inserts_and_updates_and_the_earliest_holder_wins() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Db::open(&dir.path().join("pool.sqlite3")).expect("open");
        db.conn
            .execute_batch("PRAGMA foreign_keys = OFF")
            .expect("no pools needed here");
        let mut ann = user("ann", &[("email", "ann@example.com")]);
        db.insert_user(&ann).expect("insert");
        let mut later = user("zed", &[("email", "ANN@example.com")]);
        later.created = 5;
        db.insert_user(&later).expect("insert");
        finds(&db, "email", "Ann@Example.com", Some("ann"));

        ann.set_attribute("email", "ann@new.example");
        ann.set_attribute("phone_number", "+15550199");
        db.update_user(&ann).expect("update");
        finds(&db, "email", "ann@example.com", Some("zed"));
        finds(&db, "email", "ANN@NEW.example", Some("ann"));
        finds(&db, "phone_number", "+15550199", Some("ann"));
        finds(&db, "given_name", "ann", None);
    }
}

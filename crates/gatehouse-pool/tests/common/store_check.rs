//! What a pool's SQLite file must hold after the load workload (`load.rs`), whatever happened to
//! the pool: read from the file itself (read-only), so that the API cannot hide a half-written
//! row. The schema is in `src/store/mod.rs`; a user's sign-up writes the user, their code and the
//! outbox message in one transaction, and a confirmation updates the user and deletes the code.

use std::{collections::BTreeSet, path::Path};

use rusqlite::{Connection, OpenFlags};

/// A user as the file holds them.
#[derive(Debug)]
pub struct StoredUser {
    pub username: String,
    pub status: String,
}

/// Every broken rule found in the pool's file at `data_dir`, and its users: no rule may break.
pub fn check_store(data_dir: &Path) -> (Vec<String>, Vec<StoredUser>) {
    let db = Connection::open_with_flags(
        data_dir.join("pool.sqlite3"),
        OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("the pool's file opens read-only");
    let mut broken = Vec::new();
    let integrity: String = db
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("an integrity check");
    if integrity != "ok" {
        broken.push(format!("integrity_check: {integrity}"));
    }
    let codes = names(&db, "SELECT username FROM codes WHERE purpose = 'SIGN_UP'");
    let mailed = names(&db, "SELECT username FROM outbox");
    let mut subs = BTreeSet::new();
    let mut users = Vec::new();
    let mut statement = db
        .prepare("SELECT username, sub, status, attributes, salt, verifier FROM users")
        .expect("the users table");
    let rows = statement
        .query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
            ))
        })
        .expect("users are readable");
    for row in rows {
        let (username, sub, status, attributes, salt, verifier) = row.expect("a whole row");
        let mut rule = |holds: bool, what: &str| {
            if !holds {
                broken.push(format!("{username}: {what}"));
            }
        };
        let attributes: Vec<(String, String)> =
            serde_json::from_str(&attributes).unwrap_or_default();
        let attribute = |name: &str| {
            attributes
                .iter()
                .find(|(own, _)| own == name)
                .map(|(_, value)| value.as_str())
        };
        rule(is_hex(&salt), "salt is hex");
        rule(is_hex(&verifier), "verifier is hex");
        rule(attribute("sub") == Some(sub.as_str()), "sub attribute");
        rule(attribute("email").is_some(), "email attribute");
        rule(subs.insert(sub.clone()), "sub is unique");
        rule(mailed.contains(&username), "sign-up message in the outbox");
        match status.as_str() {
            "UNCONFIRMED" => rule(codes.contains(&username), "unconfirmed user has a code"),
            "CONFIRMED" => {
                rule(!codes.contains(&username), "a used code is gone");
                rule(
                    attribute("email_verified") == Some("true"),
                    "email verified",
                );
            }
            other => rule(false, &format!("status {other}")),
        }
        users.push(StoredUser { username, status });
    }
    let known: BTreeSet<&str> = users.iter().map(|user| user.username.as_str()).collect();
    for (table, rows) in [
        ("codes", codes.clone()),
        ("outbox", mailed),
        (
            "refresh_tokens",
            names(&db, "SELECT username FROM refresh_tokens"),
        ),
    ] {
        for orphan in rows.iter().filter(|name| !known.contains(name.as_str())) {
            broken.push(format!("{table} row of {orphan}, who does not exist"));
        }
    }
    (broken, users)
}

fn names(db: &Connection, sql: &str) -> BTreeSet<String> {
    let mut statement = db.prepare(sql).expect("a known table");
    let rows = statement
        .query_map([], |row| row.get::<_, String>(0))
        .expect("readable rows");
    rows.map(|row| row.expect("a whole row")).collect()
}

fn is_hex(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_hexdigit())
}

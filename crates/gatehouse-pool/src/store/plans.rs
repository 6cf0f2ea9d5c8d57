//! The statements a request runs find their rows through a key or an index, never by reading a
//! whole table: a scan per request makes the pool slower with every user it holds. The pruning
//! of old code deliveries scanned that table on every sign-up, which kept sign-ups per second
//! falling over a load run (`cargo xtask bench pool`).

use super::{users::USER_TABLES, Db};

/// SQLite's plan for `sql`, one line per step (`SEARCH ... USING INDEX ...` or `SCAN ...`).
fn plan(db: &Db, sql: &str) -> Vec<String> {
    let mut statement = db
        .conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap_or_else(|error| panic!("{sql}: {error}"));
    statement
        .query_map([], |row| row.get::<_, String>(3))
        .expect("a plan has rows")
        .collect::<Result<_, _>>()
        .expect("plan details are text")
}

#[test]
fn per_request_statements_search_instead_of_scanning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(&dir.path().join("pool.sqlite3")).expect("open");
    let mut statements = vec![
        "DELETE FROM code_deliveries WHERE sent_at < 1".to_owned(),
        "SELECT COUNT(*) FROM code_deliveries WHERE pool_id = 'p' AND username = 'u' \
         AND purpose = 's' AND sent_at >= 1"
            .to_owned(),
        "DELETE FROM auth_sessions WHERE expires_at < 1".to_owned(),
        "UPDATE refresh_tokens SET revoked = 1 WHERE pool_id = 'p' AND username = 'u'".to_owned(),
        "SELECT username FROM refresh_tokens WHERE hash = 'h'".to_owned(),
        "SELECT username FROM refresh_tokens WHERE origin_jti = 'j'".to_owned(),
        "SELECT device_key FROM device_sign_ins WHERE origin_jti = 'j'".to_owned(),
        "SELECT code_hash FROM codes WHERE pool_id = 'p' AND username = 'u' AND purpose = 's'"
            .to_owned(),
        "SELECT username FROM users WHERE pool_id = 'p' AND email_key = 'e' \
         ORDER BY created, username LIMIT 1"
            .to_owned(),
        "SELECT username FROM users WHERE pool_id = 'p' AND phone_key = 'n' \
         ORDER BY created, username LIMIT 1"
            .to_owned(),
    ];
    statements.extend(
        USER_TABLES
            .map(|table| format!("DELETE FROM {table} WHERE pool_id = 'p' AND username = 'u'")),
    );
    for sql in &statements {
        let plan = plan(&db, sql);
        assert!(
            plan.iter()
                .all(|step| !step.starts_with("SCAN") && !step.contains("TEMP B-TREE")),
            "{sql} reads a whole table: {plan:?}"
        );
    }
}

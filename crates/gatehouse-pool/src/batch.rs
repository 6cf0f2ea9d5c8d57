//! Group commit. Operations that queue for the database while another holds it join that one's
//! transaction, and the last of them commits for all: one COMMIT, one fsync, for as many
//! operations as arrived during the previous one. Every member returns only once its batch is
//! committed and on disk, so an answer still means its writes are durable, and a batch whose
//! COMMIT or fsync fails fails every member. Each operation runs in its own SAVEPOINT
//! (`Service::with_transaction`), so a refused one rolls back only its own writes.
//!
//! The fsync is ours, not SQLite's: the database runs with `synchronous=NORMAL`, so COMMIT only
//! writes the WAL, and the committer syncs the WAL file after it has let go of the database.
//! The next batch runs its operations meanwhile instead of queueing behind the disk (under
//! `synchronous=FULL` SQLite synced inside COMMIT, with the lock held; syncing outside it raised
//! the sign-up rate by about 5%). Batches are committed in order, so a sync covers its batch and
//! every earlier one: a member is released by the first sync to finish of those started after
//! its batch's COMMIT. A failed COMMIT fails its batch before the lock is let go.
//!
//! The rule that keeps a batch from waiting forever: whoever leaves the database while nobody is
//! queued for it commits. A member that leaves while someone is queued waits for that one, who
//! holds the same rule. A member that panics poisons the lock; the next to take it rolls the batch
//! back, as a crash would, and its members fail.

use std::{
    collections::VecDeque,
    path::PathBuf,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Condvar, Mutex, MutexGuard,
    },
};

use crate::store::Db;

/// Most operations one COMMIT answers for: bounds how long the first member waits.
const MAX_MEMBERS: usize = 64;
/// Failed batches remembered for their waiting members (they wake at once; this only bounds memory).
const FAILED_KEPT: usize = 64;

pub struct Batches {
    open: Mutex<Open>,
    /// Threads waiting for `open`: while there are some, a leaving member leaves the COMMIT to them.
    queued: AtomicUsize,
    finished: Mutex<Finished>,
    finished_changed: Condvar,
    /// The WAL file, synced after each COMMIT; `None` for a database without a file.
    wal: Option<PathBuf>,
}

/// The database and the batch open on it, if any.
struct Open {
    db: Db,
    /// Operations done in the open transaction; 0 when none is open.
    members: usize,
    /// The open batch's number, or the last one's.
    id: u64,
}

/// `through`: every batch up to this one is finished (synced, or failed).
struct Finished {
    through: u64,
    failed: VecDeque<u64>,
}

impl Batches {
    pub fn new(db: Db) -> Self {
        let wal = db
            .conn
            .path()
            .filter(|path| !path.is_empty())
            .map(|path| PathBuf::from(format!("{path}-wal")));
        Self {
            wal,
            open: Mutex::new(Open {
                db,
                members: 0,
                id: 0,
            }),
            queued: AtomicUsize::new(0),
            finished: Mutex::new(Finished {
                through: 0,
                failed: VecDeque::new(),
            }),
            finished_changed: Condvar::new(),
        }
    }

    /// Runs `work` in the open batch (begun if none is) and returns once that batch is committed.
    /// An `Err` from `work` is a storage failure: the whole batch is rolled back.
    pub fn run<T>(&self, work: impl FnOnce(&Db) -> rusqlite::Result<T>) -> rusqlite::Result<T> {
        let mut open = self.lock();
        if open.members == 0 {
            // A transaction left open by a panic outside any batch: end it as a crash would.
            if !open.db.conn.is_autocommit() {
                open.db.conn.execute_batch("ROLLBACK")?;
            }
            open.db.conn.execute_batch("BEGIN IMMEDIATE")?;
            open.id += 1;
        }
        let batch = open.id;
        open.members += 1;
        let value = match work(&open.db) {
            Ok(value) => value,
            Err(error) => {
                self.abandon(&mut open);
                return Err(error);
            }
        };
        if self.queued.load(Ordering::SeqCst) > 0 && open.members < MAX_MEMBERS {
            drop(open);
            self.wait_for(batch)?;
        } else {
            self.commit(&mut open)?;
            drop(open);
            self.make_durable(batch)?;
        }
        Ok(value)
    }

    /// Runs `read` on the database as it stands, the open batch's uncommitted writes included,
    /// without waiting for a COMMIT: for guesses that are checked again (`ops/prepare.rs`).
    pub fn peek<T>(&self, read: impl FnOnce(&Db) -> T) -> T {
        let mut open = self.lock();
        let value = read(&open.db);
        if open.members > 0 && self.queued.load(Ordering::SeqCst) == 0 {
            // Its members wait for whoever leaves last; an error reaches them through `finish`.
            let batch = open.id;
            if self.commit(&mut open).is_ok() {
                drop(open);
                let _ = self.make_durable(batch);
            }
        }
        value
    }

    fn lock(&self) -> MutexGuard<'_, Open> {
        self.queued.fetch_add(1, Ordering::SeqCst);
        let taken = self.open.lock();
        self.queued.fetch_sub(1, Ordering::SeqCst);
        taken.unwrap_or_else(|poison| {
            let mut open = poison.into_inner();
            self.open.clear_poison();
            self.abandon(&mut open);
            open
        })
    }

    /// Rolls the open batch back and fails its members.
    fn abandon(&self, open: &mut Open) {
        if !open.db.conn.is_autocommit() {
            if let Err(error) = open.db.conn.execute_batch("ROLLBACK") {
                tracing::error!(%error, "a failed batch could not be rolled back");
            }
        }
        if open.members > 0 {
            open.members = 0;
            self.finish(open.id, false);
        }
    }

    /// COMMITs the open batch into the WAL; [`Batches::make_durable`] follows once the lock is let
    /// go. A failed COMMIT fails the batch here, under the lock, before a later batch's sync
    /// could release its members.
    fn commit(&self, open: &mut Open) -> rusqlite::Result<()> {
        open.members = 0;
        let outcome = open.db.conn.execute_batch("COMMIT");
        if outcome.is_err() {
            // SQLite may keep the transaction open after a failed COMMIT; don't leave it so.
            let _ = open.db.conn.execute_batch("ROLLBACK");
            self.finish(open.id, false);
        }
        outcome
    }

    /// Syncs the WAL after `batch`'s COMMIT, outside the lock, then releases its members.
    fn make_durable(&self, batch: u64) -> rusqlite::Result<()> {
        let synced = self.sync_wal();
        self.finish(batch, synced.is_ok());
        synced.map_err(|error| {
            tracing::error!(%error, "the write-ahead log could not be synced");
            rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_IOERR_FSYNC),
                Some("the write-ahead log could not be synced".into()),
            )
        })
    }

    fn sync_wal(&self) -> std::io::Result<()> {
        let Some(wal) = &self.wal else {
            return Ok(());
        };
        #[cfg(test)]
        if tests::failing_sync(wal) {
            return Err(std::io::Error::other("a failing disk"));
        }
        // Opened for writing, which Windows asks of FlushFileBuffers; a batch that wrote nothing
        // may find no WAL yet, and then has nothing to sync.
        match std::fs::OpenOptions::new().write(true).open(wal) {
            Ok(file) => file.sync_data(),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(error),
        }
    }

    fn finish(&self, batch: u64, committed: bool) {
        let mut finished = self
            .finished
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        // A later batch's sync may return first; it covers this one too.
        finished.through = finished.through.max(batch);
        if !committed {
            finished.failed.push_back(batch);
            if finished.failed.len() > FAILED_KEPT {
                finished.failed.pop_front();
            }
        }
        self.finished_changed.notify_all();
    }

    fn wait_for(&self, batch: u64) -> rusqlite::Result<()> {
        let mut finished = self
            .finished
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        while finished.through < batch {
            finished = self
                .finished_changed
                .wait(finished)
                .unwrap_or_else(|poison| poison.into_inner());
        }
        if finished.failed.contains(&batch) {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_IOERR),
                Some("the batch this operation joined was not committed".into()),
            ));
        }
        Ok(())
    }

    /// Begins a transaction outside any batch, as an operation that panicked would leave one.
    #[cfg(test)]
    pub fn leave_a_transaction_open(&self) {
        self.lock()
            .db
            .conn
            .execute_batch("BEGIN IMMEDIATE")
            .expect("a transaction begins");
    }

    #[cfg(test)]
    pub fn is_idle(&self) -> bool {
        let open = self.lock();
        open.members == 0 && open.db.conn.is_autocommit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WAL files whose sync fails, as a dying disk's would.
    static FAILING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

    pub(super) fn failing_sync(wal: &std::path::Path) -> bool {
        FAILING.lock().unwrap().iter().any(|path| path == wal)
    }

    fn batches(dir: &tempfile::TempDir) -> Batches {
        let db = Db::open(&dir.path().join("pool.sqlite3")).expect("the database opens");
        db.conn
            .execute_batch("CREATE TABLE t (n INTEGER NOT NULL)")
            .expect("a table");
        Batches::new(db)
    }

    fn count(batches: &Batches) -> i64 {
        batches
            .run(|db| {
                db.conn
                    .query_row("SELECT count(*) FROM t", [], |row| row.get(0))
            })
            .expect("a count")
    }

    #[test]
    fn concurrent_members_are_all_committed_before_they_return() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let batches = batches(&dir);
        std::thread::scope(|scope| {
            for thread in 0..8 {
                let batches = &batches;
                scope.spawn(move || {
                    for n in 0..50 {
                        batches
                            .run(|db| {
                                db.conn
                                    .execute("INSERT INTO t (n) VALUES (?1)", [thread * 100 + n])
                            })
                            .expect("an insert");
                    }
                });
            }
        });
        assert!(batches.is_idle());
        // Another connection sees only committed rows: every acknowledged one is there.
        let other = rusqlite::Connection::open(dir.path().join("pool.sqlite3")).expect("opens");
        let rows: i64 = other
            .query_row("SELECT count(*) FROM t", [], |row| row.get(0))
            .expect("a count");
        assert_eq!(rows, 400);
    }

    #[test]
    fn a_storage_failure_rolls_the_batch_back_and_later_batches_go_on() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let batches = batches(&dir);
        let failed = batches.run(|db| {
            db.conn.execute("INSERT INTO t (n) VALUES (1)", [])?;
            db.conn.execute("INSERT INTO missing (n) VALUES (1)", [])
        });
        assert!(failed.is_err());
        assert_eq!(count(&batches), 0);
        batches
            .run(|db| db.conn.execute("INSERT INTO t (n) VALUES (2)", []))
            .expect("an insert");
        assert_eq!(count(&batches), 1);
    }

    #[test]
    fn a_panicking_member_fails_its_batch_without_blocking_later_ones() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let batches = batches(&dir);
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            batches.run(|db| -> rusqlite::Result<()> {
                db.conn.execute("INSERT INTO t (n) VALUES (1)", [])?;
                panic!("a broken invariant");
            })
        }));
        assert!(panicked.is_err());
        assert_eq!(count(&batches), 0, "the half-done member's write is gone");
        assert!(batches.is_idle());
    }

    #[test]
    fn peeking_commits_a_batch_nobody_else_would() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let batches = batches(&dir);
        batches
            .run(|db| db.conn.execute("INSERT INTO t (n) VALUES (1)", []))
            .expect("an insert");
        let rows: i64 = batches.peek(|db| {
            db.conn
                .query_row("SELECT count(*) FROM t", [], |row| row.get(0))
                .expect("a count")
        });
        assert_eq!(rows, 1);
        assert!(batches.is_idle());
    }

    #[test]
    fn the_wal_is_what_gets_synced() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let batches = batches(&dir);
        let wal = dir.path().join("pool.sqlite3-wal");
        assert_eq!(batches.wal.as_deref(), Some(wal.as_path()));
        batches
            .run(|db| db.conn.execute("INSERT INTO t (n) VALUES (1)", []))
            .expect("an insert");
        assert!(wal.is_file(), "COMMIT wrote the WAL that the sync opens");
    }

    #[test]
    fn a_failed_sync_fails_its_batch_and_later_batches_go_on() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let batches = batches(&dir);
        let wal = dir.path().join("pool.sqlite3-wal");
        FAILING.lock().unwrap().push(wal.clone());
        let failed = batches.run(|db| db.conn.execute("INSERT INTO t (n) VALUES (1)", []));
        FAILING.lock().unwrap().retain(|path| *path != wal);
        match failed {
            Err(rusqlite::Error::SqliteFailure(error, _)) => {
                assert_eq!(error.extended_code, rusqlite::ffi::SQLITE_IOERR_FSYNC)
            }
            other => panic!("a failed sync must fail the member, not {other:?}"),
        }
        batches
            .run(|db| db.conn.execute("INSERT INTO t (n) VALUES (2)", []))
            .expect("an insert once the disk is back");
        assert!(batches.is_idle());
    }
}

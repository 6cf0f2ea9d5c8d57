//! Group commit on a thread of its own. Every operation that touches the database is a job sent
//! to one thread, which owns the connection: it runs the jobs that are waiting back to back in
//! one transaction (each operation in its own SAVEPOINT, `Service::with_transaction`, so a
//! refused one rolls back only its own writes) and COMMITs once nobody else is waiting. One
//! COMMIT and one fsync answer for as many operations as arrived during the previous batch. Every
//! member returns only once its batch is committed and on disk, so an answer still means its
//! writes are durable, and a batch whose COMMIT or fsync fails fails every member.
//!
//! Why a thread and not a lock: with a lock each member took the database in turn, and a holder
//! descheduled among the many runnable threads (clients, the runtime's workers, the blocking
//! pool) held every other request back; each handover was a wake-up and a context switch. The
//! database thread runs the serial part without handing anything over.
//!
//! The fsync is ours, not SQLite's: the database runs with `synchronous=NORMAL`, so COMMIT only
//! writes the WAL, and a second thread syncs the WAL file while the database thread runs the next
//! batch (under `synchronous=FULL` SQLite synced inside COMMIT and the next batch waited for the
//! disk). Batches are committed in order and handed to the syncer in that order, so one sync
//! covers every batch handed over before it began.
//!
//! A member that fails with a storage error, or panics, rolls its whole batch back, as a crash
//! would, and the batch's other members fail.

use std::{
    any::Any,
    panic::{self, AssertUnwindSafe},
    path::PathBuf,
    sync::mpsc::{self, Receiver, Sender, SyncSender},
    thread::{JoinHandle, ThreadId},
};

use crate::store::Db;

/// Most operations one COMMIT answers for: bounds how long the first member waits.
const MAX_MEMBERS: usize = 64;

pub struct Batches {
    jobs: Option<Sender<Job>>,
    thread: Option<JoinHandle<()>>,
    thread_id: ThreadId,
    /// The WAL file, synced after each COMMIT; `None` for a database without a file.
    #[cfg(test)]
    wal: Option<PathBuf>,
}

enum Job {
    /// An operation in the open batch (begun for it if none is open; the `Err` is BEGIN's).
    Write(Write),
    /// A read of the database as it stands, the open batch's uncommitted writes included.
    Read(Box<dyn FnOnce(&Db) + Send>),
}

/// An operation, given the open batch's database (or BEGIN's error).
type Write = Box<dyn FnOnce(rusqlite::Result<&Db>) -> Member + Send>;

/// What a write leaves behind.
enum Member {
    /// Done: to be answered once its batch is durable (or has failed).
    Joined(Release),
    /// Failed with a storage error or a panic, already answered: its batch is rolled back.
    Failed,
}

/// Answers a member with its batch's fate.
type Release = Box<dyn FnOnce(Fate) + Send>;

#[derive(Clone, Copy)]
enum Fate {
    Durable,
    NotCommitted,
    NotSynced,
}

/// A job's answer to the thread that is waiting for it.
enum Answer<T> {
    Done(rusqlite::Result<T>),
    Panicked(Box<dyn Any + Send>),
}

impl Batches {
    pub fn new(db: Db) -> Self {
        let wal = db
            .conn
            .path()
            .filter(|path| !path.is_empty())
            .map(|path| PathBuf::from(format!("{path}-wal")));
        let (jobs, queue) = mpsc::channel();
        #[cfg(test)]
        let wal_kept = wal.clone();
        let thread = std::thread::Builder::new()
            .name("pool-database".into())
            .spawn(move || serve(db, queue, wal))
            .expect("the database thread starts");
        Self {
            jobs: Some(jobs),
            thread_id: thread.thread().id(),
            thread: Some(thread),
            #[cfg(test)]
            wal: wal_kept,
        }
    }

    /// Runs `work` in the open batch (begun if none is) and returns once that batch is committed
    /// and synced. An `Err` from `work` is a storage failure: the whole batch is rolled back.
    pub fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Db) -> rusqlite::Result<T> + Send + 'static,
    ) -> rusqlite::Result<T> {
        let (answer, answered) = mpsc::sync_channel(1);
        let job = Job::Write(Box::new(move |db: rusqlite::Result<&Db>| {
            let done = match db {
                Ok(db) => panic::catch_unwind(AssertUnwindSafe(|| work(db))),
                Err(error) => Ok(Err(error)),
            };
            match done {
                Ok(Ok(value)) => Member::Joined(Box::new(move |fate| {
                    let _ = answer.send(Answer::Done(fate.into_result().map(|()| value)));
                })),
                Ok(Err(error)) => {
                    let _ = answer.send(Answer::Done(Err(error)));
                    Member::Failed
                }
                Err(panic) => {
                    let _ = answer.send(Answer::Panicked(panic));
                    Member::Failed
                }
            }
        }));
        self.send(job, &answered)
    }

    /// Runs `read` on the database as it stands, the open batch's uncommitted writes included,
    /// without waiting for a COMMIT: for guesses that are checked again (`ops/prepare.rs`).
    ///
    /// Tried and not kept: reads on read-only connections of their own beside the database thread
    /// (the WAL allows them): sign-ups were no faster with 8 clients and slower with 32.
    pub fn peek<T: Send + 'static>(&self, read: impl FnOnce(&Db) -> T + Send + 'static) -> T {
        let (answer, answered) = mpsc::sync_channel(1);
        let job = Job::Read(Box::new(move |db: &Db| {
            let _ = answer.send(match panic::catch_unwind(AssertUnwindSafe(|| read(db))) {
                Ok(value) => Answer::Done(Ok(value)),
                Err(panic) => Answer::Panicked(panic),
            });
        }));
        match self.send(job, &answered) {
            Ok(value) => value,
            Err(error) => panic!("the database thread is gone: {error}"),
        }
    }

    fn send<T>(&self, job: Job, answered: &Receiver<Answer<T>>) -> rusqlite::Result<T> {
        let sent = self
            .jobs
            .as_ref()
            .is_some_and(|jobs| jobs.send(job).is_ok());
        match sent.then(|| answered.recv()) {
            Some(Ok(Answer::Done(result))) => result,
            Some(Ok(Answer::Panicked(panic))) => panic::resume_unwind(panic),
            // Only a panic of the thread itself, outside any job, gets here.
            None | Some(Err(_)) => Err(failure(
                rusqlite::ffi::SQLITE_IOERR,
                "the database thread is not running",
            )),
        }
    }

    /// Begins a transaction outside any batch, as an operation that panicked would leave one.
    #[cfg(test)]
    pub fn leave_a_transaction_open(&self) {
        self.peek(|db| db.conn.execute_batch("BEGIN IMMEDIATE"))
            .expect("a transaction begins");
    }

    /// No batch open: a read runs only between batches or inside one, which has a transaction.
    #[cfg(test)]
    pub fn is_idle(&self) -> bool {
        self.peek(|db| db.conn.is_autocommit())
    }
}

impl Drop for Batches {
    fn drop(&mut self) {
        // The thread ends once it has answered every job sent before this.
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            // The last owner of the service may let go of it inside a job, on the thread itself.
            if std::thread::current().id() != self.thread_id {
                let _ = thread.join();
            }
        }
    }
}

impl Fate {
    fn into_result(self) -> rusqlite::Result<()> {
        match self {
            Fate::Durable => Ok(()),
            Fate::NotCommitted => Err(failure(
                rusqlite::ffi::SQLITE_IOERR,
                "the batch this operation joined was not committed",
            )),
            Fate::NotSynced => Err(failure(
                rusqlite::ffi::SQLITE_IOERR_FSYNC,
                "the write-ahead log could not be synced",
            )),
        }
    }
}

fn failure(code: std::ffi::c_int, message: &str) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), Some(message.into()))
}

/// The database thread: jobs in the order they came, batched, until every `Batches` handle is gone.
fn serve(db: Db, queue: Receiver<Job>, wal: Option<PathBuf>) {
    let (to_syncer, synced) = mpsc::sync_channel::<Vec<Release>>(MAX_MEMBERS);
    let syncer = std::thread::Builder::new()
        .name("pool-wal-sync".into())
        .spawn(move || sync_batches(synced, wal))
        .expect("the sync thread starts");
    let mut members: Vec<Release> = Vec::new();
    loop {
        let job = if members.is_empty() {
            match queue.recv() {
                Ok(job) => job,
                Err(_) => break,
            }
        } else if members.len() >= MAX_MEMBERS {
            commit(&db, &mut members, &to_syncer);
            continue;
        } else {
            match queue.try_recv() {
                Ok(job) => job,
                // Nobody else is waiting: this batch is complete.
                Err(_) => {
                    commit(&db, &mut members, &to_syncer);
                    continue;
                }
            }
        };
        match job {
            Job::Read(read) => read(&db),
            Job::Write(write) => {
                let begun = if members.is_empty() {
                    begin(&db)
                } else {
                    Ok(())
                };
                match write(begun.map(|()| &db)) {
                    Member::Joined(release) => members.push(release),
                    Member::Failed => abandon(&db, &mut members),
                }
            }
        }
    }
    drop(to_syncer);
    let _ = syncer.join();
}

fn begin(db: &Db) -> rusqlite::Result<()> {
    // A transaction left open outside any batch (by a read that began one): end it as a crash would.
    if !db.conn.is_autocommit() {
        db.conn.execute_batch("ROLLBACK")?;
    }
    db.conn.execute_batch("BEGIN IMMEDIATE")
}

/// COMMITs the batch into the WAL and hands its members to the syncer; a failed COMMIT fails them.
fn commit(db: &Db, members: &mut Vec<Release>, to_syncer: &SyncSender<Vec<Release>>) {
    let batch = std::mem::take(members);
    if let Err(error) = db.conn.execute_batch("COMMIT") {
        tracing::error!(%error, "a batch could not be committed");
        // SQLite may keep the transaction open after a failed COMMIT; don't leave it so.
        let _ = db.conn.execute_batch("ROLLBACK");
        release(batch, Fate::NotCommitted);
    } else if let Err(mpsc::SendError(batch)) = to_syncer.send(batch) {
        release(batch, Fate::NotSynced);
    }
}

/// Rolls the open batch back and fails its members.
fn abandon(db: &Db, members: &mut Vec<Release>) {
    if !db.conn.is_autocommit() {
        if let Err(error) = db.conn.execute_batch("ROLLBACK") {
            tracing::error!(%error, "a failed batch could not be rolled back");
        }
    }
    release(std::mem::take(members), Fate::NotCommitted);
}

fn release(members: Vec<Release>, fate: Fate) {
    for member in members {
        member(fate);
    }
}

/// The syncer: one fsync of the WAL for every batch committed before it began.
fn sync_batches(committed: Receiver<Vec<Release>>, wal: Option<PathBuf>) {
    while let Ok(mut waiting) = committed.recv() {
        while let Ok(more) = committed.try_recv() {
            waiting.extend(more);
        }
        let fate = match sync_wal(wal.as_deref()) {
            Ok(()) => Fate::Durable,
            Err(error) => {
                tracing::error!(%error, "the write-ahead log could not be synced");
                Fate::NotSynced
            }
        };
        release(waiting, fate);
    }
}

fn sync_wal(wal: Option<&std::path::Path>) -> std::io::Result<()> {
    let Some(wal) = wal else {
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

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

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

    /// `rows` acknowledged inserts, one operation each, numbered by `thread`.
    fn insert_rows(batches: &Batches, thread: i64, rows: i64) {
        for n in 0..rows {
            batches
                .run(move |db| {
                    db.conn
                        .execute("INSERT INTO t (n) VALUES (?1)", [thread * 100 + n])
                })
                .expect("an insert");
        }
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
                scope.spawn(move || insert_rows(batches, thread, 50));
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
    fn a_peek_sees_what_was_acknowledged_and_leaves_no_batch_open() {
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

    /// The service lets go of its `Batches` when the pool stops: every job already sent is
    /// answered, the thread ends and the database is closed, so the next opener finds it all.
    #[test]
    fn dropping_the_batches_answers_every_job_and_closes_the_database() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let batches = std::sync::Arc::new(batches(&dir));
        let writers: Vec<_> = (0..4)
            .map(|thread| {
                let batches = std::sync::Arc::clone(&batches);
                std::thread::spawn(move || insert_rows(&batches, thread, 25))
            })
            .collect();
        for writer in writers {
            writer.join().expect("every insert answered");
        }
        let batches = std::sync::Arc::into_inner(batches).expect("the last owner");
        drop(batches);
        // The last connection to close checkpoints and removes the WAL: the thread's is closed.
        assert!(!dir.path().join("pool.sqlite3-wal").exists());
        let other = rusqlite::Connection::open(dir.path().join("pool.sqlite3")).expect("opens");
        let rows: i64 = other
            .query_row("SELECT count(*) FROM t", [], |row| row.get(0))
            .expect("a count");
        assert_eq!(rows, 100);
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

//! The pool's operations, run one at a time on the database thread: decode a request's JSON, run
//! the operation against storage, answer JSON or a `CognitoError`. Operations that queue for the
//! thread share a COMMIT (`batch.rs`). HTTP lives in `http.rs`; this module is plain Rust that
//! tests can call directly.

use std::{
    cell::{Cell, RefCell},
    collections::HashMap,
    sync::{Arc, Mutex},
};

use serde_json::Value;
use tokio::sync::broadcast;

use crate::{
    batch::Batches,
    clock::Clock,
    error::CognitoError,
    handshakes::Handshakes,
    ops,
    outbox::OutboxMessage,
    store::{Db, PoolRow},
    tokens::PoolKey,
};

/// Shared state of a running pool.
pub struct Service {
    batches: Batches,
    keys: Mutex<HashMap<String, PoolKey>>,
    /// SRP handshakes awaiting their proof; memory only, they hold the secret `b`.
    pub handshakes: Handshakes,
    pub clock: Clock,
    outbox_events: broadcast::Sender<()>,
    /// `http://HOST:PORT`: token issuers are this plus the pool id (Cognito's are
    /// `https://cognito-idp.{region}.amazonaws.com/{poolId}`).
    issuer_base: String,
}

/// A write that must survive the failure of the operation that made it (a wrong code's attempt).
type DurableWrite = Box<dyn FnOnce(&Db) -> rusqlite::Result<()>>;

/// What an operation sees: the open database and the service around it.
pub struct Ctx<'a> {
    pub db: &'a Db,
    pub service: &'a Service,
    pub now: i64,
    /// Work done for this request before it was queued for the database (`ops/prepare.rs`).
    pub prepared: ops::Prepared,
    mail_sent: Cell<bool>,
    on_failure: RefCell<Vec<DurableWrite>>,
}

impl Ctx<'_> {
    /// Notes that the operation wrote to the outbox, so listeners are told once it commits.
    pub fn mail_sent(&self) {
        self.mail_sent.set(true);
    }

    /// Keeps `write` even when the operation fails and its other writes are rolled back.
    pub fn keep_on_failure(&self, write: impl FnOnce(&Db) -> rusqlite::Result<()> + 'static) {
        self.on_failure.borrow_mut().push(Box::new(write));
    }
}

impl Service {
    pub fn new(db: Db, clock: Clock, issuer_base: String) -> Arc<Self> {
        let (outbox_events, _) = broadcast::channel(64);
        Arc::new(Self {
            batches: Batches::new(db),
            keys: Mutex::new(HashMap::new()),
            handshakes: Handshakes::default(),
            clock,
            outbox_events,
            issuer_base,
        })
    }

    pub fn issuer_base(&self) -> &str {
        &self.issuer_base
    }

    /// The local-mode pool and client, created on first use (see `ops::ensure_local_pool`).
    pub fn ensure_local_pool(
        self: &Arc<Self>,
        pool_name: &str,
        client_name: &str,
    ) -> Result<Value, CognitoError> {
        let (pool_name, client_name) = (pool_name.to_owned(), client_name.to_owned());
        self.with_transaction(ops::Prepared::default(), move |ctx| {
            ops::ensure_local_pool(ctx, &pool_name, &client_name)
        })
    }

    /// Runs one Cognito operation by name (`X-Amz-Target` without its prefix).
    pub fn call(self: &Arc<Self>, operation: &str, request: &Value) -> Result<Value, CognitoError> {
        if !request.is_object() {
            return Err(CognitoError::new(
                "SerializationException",
                "The request body must be a JSON object.",
            ));
        }
        let prepared = ops::prepare(self, operation, request);
        // The operation runs on the database thread (`batch.rs`), which needs its own copies.
        let (operation, request) = (operation.to_owned(), request.clone());
        self.with_transaction(prepared, move |ctx| {
            ops::dispatch(ctx, &operation, &request)
        })
    }

    /// Runs `read` on the database as it stands (uncommitted writes of the batch in progress
    /// included), for guesses an operation checks again. Not from inside an operation: it would
    /// wait for the database thread, which is running that operation.
    pub(crate) fn read<T: Send + 'static>(
        &self,
        read: impl FnOnce(&Db) -> T + Send + 'static,
    ) -> T {
        self.batches.peek(read)
    }

    /// Runs `run` in a SAVEPOINT of the open batch and answers once the batch is committed.
    fn with_transaction(
        self: &Arc<Self>,
        prepared: ops::Prepared,
        run: impl FnOnce(&Ctx<'_>) -> Result<Value, CognitoError> + Send + 'static,
    ) -> Result<Value, CognitoError> {
        let service = Arc::clone(self);
        let (result, mail_sent) = self.batches.run(move |db| {
            let ctx = Ctx {
                db,
                service: &service,
                now: service.clock.now().timestamp(),
                prepared,
                mail_sent: Cell::new(false),
                on_failure: RefCell::new(Vec::new()),
            };
            db.conn.execute_batch("SAVEPOINT operation")?;
            let result = run(&ctx);
            if result.is_ok() {
                db.conn.execute_batch("RELEASE operation")?;
            } else {
                // A failed operation rolls back whatever it wrote: bad input changes nothing.
                db.conn
                    .execute_batch("ROLLBACK TO operation; RELEASE operation")?;
                for write in ctx.on_failure.take() {
                    write(db)?;
                }
            }
            Ok((result, ctx.mail_sent.get()))
        })?;
        if mail_sent {
            let _ = self.outbox_events.send(());
        }
        result
    }

    pub fn outbox(&self, username: Option<&str>) -> Result<Vec<OutboxMessage>, CognitoError> {
        let username = username.map(str::to_owned);
        Ok(self.batches.run(move |db| db.outbox(username.as_deref()))?)
    }

    pub fn subscribe_outbox(&self) -> broadcast::Receiver<()> {
        self.outbox_events.subscribe()
    }

    /// The JWKS of a pool, or `None` when the pool does not exist.
    pub fn jwks(&self, pool_id: &str) -> Result<Option<Value>, CognitoError> {
        let pool_id = pool_id.to_owned();
        let Some(pool) = self.batches.run(move |db| db.pool(&pool_id))? else {
            return Ok(None);
        };
        Ok(Some(
            serde_json::json!({ "keys": [self.key_of(&pool)?.jwk()] }),
        ))
    }

    /// The pool's signing key, parsed once and cached.
    pub fn key_of(&self, pool: &PoolRow) -> Result<PoolKey, CognitoError> {
        let mut keys = self
            .keys
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if let Some(key) = keys.get(&pool.id) {
            return Ok(key.clone());
        }
        let key = PoolKey::from_pem(pool.kid.clone(), &pool.key_pem)?;
        keys.insert(pool.id.clone(), key.clone());
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transaction_left_open_by_a_panic_does_not_block_later_operations() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let db = Db::open(&dir.path().join("pool.sqlite3")).expect("the database opens");
        let service = Service::new(db, Clock::system(), "http://127.0.0.1:9".into());
        let before = service.call("ListUserPools", &serde_json::json!({ "MaxResults": 10 }));
        assert!(before.is_ok(), "{before:?}");
        service.batches.leave_a_transaction_open();
        let after = service.call("ListUserPools", &serde_json::json!({ "MaxResults": 10 }));
        assert!(after.is_ok(), "{after:?}");
        assert!(service.batches.is_idle());
    }
}

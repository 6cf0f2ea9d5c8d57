//! The client core against a real local pool behind a fault proxy (`gatehouse_tests::fault_proxy`):
//! the pool down, slow, failing (500) or throttling. What the user must get: a specific error,
//! retries only where repeating is safe (counted by the proxy), and a signed-in session that
//! survives every network fault. The retry rule itself is in `gatehouse-auth`'s `cognito::network`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use gatehouse_auth::{
    cognito::NetworkPolicy,
    view::{AuthView, ErrorKind, Screen},
    Auth, MemoryStore, PoolSettings, TokenStore,
};
use gatehouse_tests::fault_proxy::{Fault, FaultProxy, Rule};

#[path = "core/mod.rs"]
mod app;
use app::local_pool::LocalPool;
use app::{App, PASSWORD};

/// Short enough that "slow" tests stay quick, long enough for the local pool's SRP work.
const ATTEMPT_TIMEOUT: Duration = Duration::from_millis(1500);
/// Past `ATTEMPT_TIMEOUT`.
const SLOW: Fault = Fault::Slow(Duration::from_millis(2500));

/// A pool, a proxy in front of it, and the app's settings pointing at the proxy.
struct Faulty {
    pool: LocalPool,
    proxy: FaultProxy,
    settings: PoolSettings,
}

impl Faulty {
    async fn start() -> Self {
        let pool = LocalPool::start().await;
        let proxy = FaultProxy::start(&pool.pool.endpoint()).await;
        let mut settings = pool.settings.clone();
        settings.endpoint = Some(proxy.endpoint());
        Self {
            pool,
            proxy,
            settings,
        }
    }

    /// `Auth` through the proxy, on the pool's clock, with a short attempt timeout.
    async fn app(&self, store: &Arc<MemoryStore>) -> App {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let recorder = seen.clone();
        let store: Arc<dyn TokenStore> = store.clone();
        let network = NetworkPolicy {
            attempt_timeout: ATTEMPT_TIMEOUT,
            ..NetworkPolicy::default()
        };
        let auth = Auth::with_network(
            self.settings.clone(),
            network,
            store,
            Box::new(move |view: &AuthView| recorder.lock().unwrap().push(view.clone())),
        )
        .with_clock(self.pool.clock());
        auth.start().await;
        App { auth, seen }
    }

    /// A confirmed user `name`, signed in on a fresh store.
    async fn signed_in(&self, name: &str) -> (App, Arc<MemoryStore>) {
        let store = Arc::new(MemoryStore::default());
        let app = self.app(&store).await;
        app.sign_up(name, &[("email", &format!("{name}@example.com"))])
            .await;
        let view = app
            .confirm_sign_up(&self.pool.last_code_sent_to(name))
            .await;
        assert_eq!(view.error, None);
        let view = app.sign_in(name, PASSWORD).await;
        assert!(is_signed_in(&view), "signed in: {view:?}");
        (app, store)
    }
}

fn is_signed_in(view: &AuthView) -> bool {
    matches!(view.screen, Screen::SignedIn { .. })
}

fn error_kind(view: &AuthView) -> Option<ErrorKind> {
    view.error.as_ref().map(|e| e.kind)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_throttled_sign_in_succeeds_after_backing_off() {
    let faulty = Faulty::start().await;
    let (app, _store) = faulty.signed_in("thea").await;
    app.sign_out().await;

    faulty.proxy.reset_counts();
    faulty
        .proxy
        .set(Rule::always(Fault::Throttle).next(2).only("InitiateAuth"))
        .await;
    let view = app.sign_in("thea", PASSWORD).await;
    assert!(is_signed_in(&view), "{view:?}");
    assert_eq!(
        faulty.proxy.seen("InitiateAuth"),
        3,
        "two throttled tries, then the one that went through"
    );

    // Throttling is retried even for an operation that consumes a challenge session: the pool
    // did not process a throttled request.
    app.sign_out().await;
    faulty.proxy.reset_counts();
    faulty
        .proxy
        .set(
            Rule::always(Fault::Throttle)
                .next(1)
                .only("RespondToAuthChallenge"),
        )
        .await;
    let view = app.sign_in("thea", PASSWORD).await;
    assert!(is_signed_in(&view), "{view:?}");
    assert_eq!(faulty.proxy.seen("RespondToAuthChallenge"), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_that_lasts_is_reported_as_throttling() {
    let faulty = Faulty::start().await;
    let (app, _store) = faulty.signed_in("tess").await;
    app.sign_out().await;
    faulty.proxy.reset_counts();
    faulty
        .proxy
        .set(Rule::always(Fault::Throttle).only("InitiateAuth"))
        .await;
    let view = app.sign_in("tess", PASSWORD).await;
    assert_eq!(error_kind(&view), Some(ErrorKind::TooManyRequests));
    assert_eq!(
        faulty.proxy.seen("InitiateAuth"),
        NetworkPolicy::default().max_attempts as usize,
        "every attempt was made, and no more"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_while_the_pool_is_down_says_it_cannot_be_reached() {
    let faulty = Faulty::start().await;
    let store = Arc::new(MemoryStore::default());
    let app = faulty.app(&store).await;
    faulty.proxy.set(Rule::always(Fault::Down)).await;
    let view = app.sign_in("nobody", PASSWORD).await;
    assert_eq!(error_kind(&view), Some(ErrorKind::Network), "{view:?}");
    assert_eq!(faulty.proxy.seen_total(), 0, "no request got through");

    faulty.proxy.set(Rule::always(Fault::Pass)).await;
    let view = app.sign_in("nobody", PASSWORD).await;
    assert_ne!(
        error_kind(&view),
        Some(ErrorKind::Network),
        "the proxy is back up: {view:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_up_code_is_sent_once_under_a_server_error_and_still_works_after() {
    let faulty = Faulty::start().await;
    let store = Arc::new(MemoryStore::default());
    let app = faulty.app(&store).await;
    app.sign_up("cody", &[("email", "cody@example.com")]).await;
    let code = faulty.pool.last_code_sent_to("cody");

    faulty
        .proxy
        .set(Rule::always(Fault::ServerError).only("ConfirmSignUp"))
        .await;
    let view = app.confirm_sign_up(&code).await;
    assert_eq!(error_kind(&view), Some(ErrorKind::PoolError), "{view:?}");
    assert_eq!(
        faulty.proxy.seen("ConfirmSignUp"),
        1,
        "a call that consumes a code is not repeated after a 500"
    );
    assert!(matches!(view.screen, Screen::ConfirmSignUp { .. }));

    faulty.proxy.set(Rule::always(Fault::Pass)).await;
    let view = app.confirm_sign_up(&code).await;
    assert_eq!(view.error, None, "the code was never spent: {view:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_answer_times_out_and_is_retried_only_where_safe() {
    let faulty = Faulty::start().await;
    let store = Arc::new(MemoryStore::default());
    let app = faulty.app(&store).await;
    app.sign_up("sol", &[("email", "sol@example.com")]).await;
    let code = faulty.pool.last_code_sent_to("sol");

    faulty
        .proxy
        .set(Rule::always(SLOW).only("ConfirmSignUp"))
        .await;
    let view = app.confirm_sign_up(&code).await;
    assert_eq!(error_kind(&view), Some(ErrorKind::PoolTimeout), "{view:?}");
    assert_eq!(faulty.proxy.seen("ConfirmSignUp"), 1, "sent once");

    // A read: one slow attempt, then the retry answers in time.
    faulty.proxy.set(Rule::always(Fault::Pass)).await;
    let (app, _store) = faulty.signed_in("sam").await;
    faulty.proxy.reset_counts();
    faulty
        .proxy
        .set(Rule::always(SLOW).next(1).only("InitiateAuth"))
        .await;
    faulty.pool.let_pass(3600);
    let view = app.auth.ensure_fresh_session().await;
    assert!(is_signed_in(&view), "{view:?}");
    assert_eq!(view.error, None, "{view:?}");
    assert_eq!(faulty.proxy.seen("InitiateAuth"), 2, "a refresh is retried");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_under_a_server_error_is_retried() {
    let faulty = Faulty::start().await;
    let (app, _store) = faulty.signed_in("rita").await;
    faulty.proxy.reset_counts();
    faulty
        .proxy
        .set(
            Rule::always(Fault::ServerError)
                .next(2)
                .only("InitiateAuth"),
        )
        .await;
    faulty.pool.let_pass(3600);
    let view = app.auth.ensure_fresh_session().await;
    assert_eq!(view.error, None, "{view:?}");
    assert_eq!(faulty.proxy.seen("InitiateAuth"), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_network_fault_on_refresh_keeps_the_stored_session() {
    let faulty = Faulty::start().await;
    let (app, store) = faulty.signed_in("kim").await;
    let key = faulty.settings.store_key();
    let stored = store.get(&key).expect("a stored session");
    faulty.pool.let_pass(3600);

    for (fault, kind) in [
        (Fault::Down, ErrorKind::Network),
        (SLOW, ErrorKind::PoolTimeout),
        (Fault::ServerError, ErrorKind::PoolError),
        (Fault::Throttle, ErrorKind::TooManyRequests),
    ] {
        faulty.proxy.set(Rule::always(fault)).await;
        let view = app.auth.ensure_fresh_session().await;
        assert!(is_signed_in(&view), "{fault:?}: still signed in: {view:?}");
        assert_eq!(error_kind(&view), Some(kind), "{fault:?}");
        assert_eq!(
            store.get(&key).as_ref(),
            Some(&stored),
            "{fault:?}: the stored session is untouched"
        );
    }

    // Restarting while the pool is down: the stored user is shown, signed in.
    faulty.proxy.set(Rule::always(Fault::Down)).await;
    let restarted = faulty.app(&store).await;
    let view = restarted.auth.view();
    assert!(is_signed_in(&view), "after a restart: {view:?}");

    faulty.proxy.set(Rule::always(Fault::Pass)).await;
    let view = restarted.auth.ensure_fresh_session().await;
    assert_eq!(view.error, None, "the pool is back: {view:?}");
    assert_ne!(store.get(&key).as_ref(), Some(&stored), "refreshed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_refusal_from_the_pool_ends_the_session() {
    let faulty = Faulty::start().await;
    let (app, store) = faulty.signed_in("rex").await;
    let key = faulty.settings.store_key();
    // The administrator signs the user out everywhere: the refresh token is revoked.
    faulty
        .pool
        .admin
        .expect(
            "AdminUserGlobalSignOut",
            serde_json::json!({"UserPoolId": faulty.pool.ids.user_pool_id, "Username": "rex"}),
        )
        .await;
    faulty.pool.let_pass(3600);
    let view = app.auth.ensure_fresh_session().await;
    assert!(!is_signed_in(&view), "{view:?}");
    assert_eq!(store.get(&key), None, "the dead session is gone");
}

//! Load (issue 6): many clients at once sign up (racing in pairs for each username), confirm
//! (sending each code several times at once), sign in by SRP and refresh, against a pool on
//! loopback HTTP with its SQLite file on disk. Afterwards the pool must hold exactly what it
//! acknowledged: each username once, confirmed exactly when a confirmation was acknowledged, no
//! code accepted twice. Bounded by count; the workload is in `common/load.rs`.

mod common;

use std::{
    collections::BTreeSet,
    sync::{Arc, Mutex},
    time::Duration,
};

use common::{
    load::{Ended, Ledger, Remote, Workload},
    store_check::check_store,
    TestPool,
};

const CLIENTS: usize = 16;
const NAMES_PER_CLIENT: usize = 6;
/// A guard against a deadlocked pool, far above what the workload needs: not a timing check.
const HANG_GUARD: Duration = Duration::from_secs(300);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_clients_leave_exactly_what_the_pool_acknowledged() {
    let test = TestPool::start().await;
    let remote = Remote::new(test.pool.endpoint());
    let (pool_id, client_id) = remote.pool_and_client().await;
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let workload = Workload {
        remote,
        pool_id: pool_id.clone(),
        client_id,
        prefix: "load".into(),
        clients: CLIENTS,
        names_per_client: NAMES_PER_CLIENT,
        ledger: ledger.clone(),
    };
    let ended = tokio::time::timeout(HANG_GUARD, workload.run())
        .await
        .expect("the workload ends");
    assert!(ended.iter().all(|end| *end == Ended::Finished), "{ended:?}");
    let ledger = std::mem::take(&mut *ledger.lock().unwrap());
    assert!(ledger.unexpected.is_empty(), "{:?}", ledger.unexpected);

    // Two clients raced for every username: exactly one sign-up was acknowledged.
    let tried: BTreeSet<String> = (0..CLIENTS / 2)
        .flat_map(|pair| (0..NAMES_PER_CLIENT).map(move |index| format!("load-{pair}-{index}")))
        .collect();
    let signed_up: BTreeSet<String> = ledger.sign_ups.keys().cloned().collect();
    assert_eq!(signed_up, tried);
    assert!(
        ledger.sign_ups.values().all(|acks| *acks == 1),
        "{:?}",
        ledger.sign_ups
    );
    // Each code, sent several times at once, was accepted exactly once.
    assert!(
        ledger.confirmations.values().all(|acks| *acks == 1),
        "{:?}",
        ledger.confirmations
    );
    let confirmed: BTreeSet<String> = ledger.confirmations.keys().cloned().collect();
    let unconfirmed: BTreeSet<String> = ledger.left_unconfirmed.iter().cloned().collect();
    assert!(!confirmed.is_empty() && !unconfirmed.is_empty());
    assert_eq!(&confirmed | &unconfirmed, tried);
    assert_eq!(ledger.sign_ins, confirmed.len());
    assert_eq!(ledger.refreshes, confirmed.len());

    // The pool's API and its file agree with the acknowledgements.
    for username in &tried {
        let expected = if confirmed.contains(username) {
            "CONFIRMED"
        } else {
            "UNCONFIRMED"
        };
        assert_eq!(
            test.status_of(&pool_id, username).await,
            expected,
            "{username}"
        );
    }
    let (broken, users) = check_store(test.dir.path());
    assert!(broken.is_empty(), "{broken:#?}");
    assert_eq!(users.len(), tried.len(), "no user lost or duplicated");
    for user in users {
        let expected = confirmed.contains(&user.username);
        assert_eq!(user.status == "CONFIRMED", expected, "{}", user.username);
    }
}

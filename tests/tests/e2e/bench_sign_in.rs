//! The sign-in bench's journey (`cargo xtask bench signin`, issue 6), not a test: it runs only
//! when `GATEHOUSE_BENCH=signin` and passes without doing anything in the normal suite.
//!
//! One confirmed user signs in and out `GATEHOUSE_BENCH_RUNS` times (default 10) on a pool of the
//! journey's own, which the app reaches through a [`TimingRelay`] named in an imported profile.
//! For each sign-in:
//! - total: page-side, from the click on submit reaching the page to the signed-in view being in
//!   the DOM (`performance.now()` in a capture-phase click listener and in a MutationObserver), so
//!   WebDriver's latency is in neither end;
//! - network: the sum of the relay's exchanges (first request byte in to last answer byte out)
//!   that started between the click reaching the page and the view showing. The relay and the
//!   page both read the wall clock (`performance.timeOrigin + performance.now()`), since
//!   WebDriver's own latency (tens of milliseconds in the debug build) puts the click's arrival
//!   well after the moment it was sent.
//!
//! Each sign-in is one JSON line in `GATEHOUSE_BENCH_SIGNIN_OUT`. After the last one, still
//! signed in, the app's process id is written to `<out>.pid` and the journey waits (at most a
//! minute) for `<out>.measured`: the bench measures the memory of the app's process tree then.

use std::{
    path::{Path, PathBuf},
    time::{Duration, Instant, SystemTime},
};

use serde_json::{json, Value};

use crate::{
    app::AppSession, run::Run, test_pool::TestPool, timing_relay::TimingRelay, unique, NewUser,
};

/// Before the click: note when a click on submit reaches the page, and resolve a promise when
/// the signed-in view is in the DOM.
const WATCH: &str = r#"
const bench = { clicked: null, shown: null };
window.__gatehouseBench = bench;
bench.done = new Promise((resolve) => {
  const onClick = (event) => {
    if (bench.clicked === null && event.target.closest('[data-action="sign-in"]')) {
      bench.clicked = performance.now();
    }
  };
  const observer = new MutationObserver(() => {
    if (bench.clicked !== null && document.querySelector('[data-screen="signedIn"]')) {
      bench.shown = performance.now();
      observer.disconnect();
      window.removeEventListener("click", onClick, true);
      resolve();
    }
  });
  window.addEventListener("click", onClick, true);
  observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true });
});
return true;
"#;

/// After the click: the two page times, once the signed-in view showed.
const COLLECT: &str = r#"
const done = arguments[arguments.length - 1];
const bench = window.__gatehouseBench;
bench.done.then(() =>
  done({ origin: performance.timeOrigin, clicked: bench.clicked, shown: bench.shown }));
"#;

fn runs() -> usize {
    std::env::var("GATEHOUSE_BENCH_RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .filter(|runs: &usize| *runs > 0)
        .unwrap_or(10)
}

// The pool and the relay serve from this test's runtime while the app talks to them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bench_sign_in_overhead() {
    if std::env::var("GATEHOUSE_BENCH").as_deref() != Ok("signin") {
        return;
    }
    let out = PathBuf::from(
        std::env::var_os("GATEHOUSE_BENCH_SIGNIN_OUT").expect("GATEHOUSE_BENCH_SIGNIN_OUT is set"),
    );
    let run = Run::from_env();
    let TestPool {
        dir,
        running,
        admin,
    } = TestPool::start().await;
    let pool = admin.create_pool_and_client("bench").await;
    let user = NewUser::new("bench");
    admin
        .confirmed_user(
            &pool,
            &user.username,
            &user.password,
            &[("email", &user.email)],
        )
        .await;
    let relay = TimingRelay::start(running.addr()).await;
    let profile = dir.path().join("bench.json");
    let text = json!({
        "name": "bench", "region": pool.region, "userPoolId": pool.user_pool_id,
        "clientId": pool.client_id, "endpoint": relay.endpoint(),
    });
    std::fs::write(&profile, text.to_string()).expect("the profile file is written");
    let data_dir = dir.path().join(unique("bench-data-"));
    let app = AppSession::launch_with(
        &run,
        &[
            "--profile-file",
            &profile.to_string_lossy(),
            "--data-dir",
            &data_dir.to_string_lossy(),
        ],
    )
    .await;
    app.wait_for_screen("signIn").await;

    let mut lines = String::new();
    let total_runs = runs();
    for index in 1..=total_runs {
        let line = sign_in_once(&app, &relay, &user).await;
        eprintln!("bench sign-in {index}/{total_runs}: {line}");
        lines.push_str(&format!("{line}\n"));
        if index < total_runs {
            app.click("sign-out").await;
            app.wait_for_screen("signIn").await;
            settle(&relay).await;
        }
    }
    std::fs::write(&out, lines).expect("the results are written");
    measure_memory(&run, &out).await;
    app.click("sign-out").await;
    app.wait_for_screen("signIn").await;
    app.close().await;
    running.shutdown().await;
}

/// One sign-in from the filled form to the signed-in view, as a JSON line.
async fn sign_in_once(app: &AppSession<'_>, relay: &TimingRelay, user: &NewUser) -> Value {
    app.fill("username", &user.username).await;
    app.fill("password", &user.password).await;
    app.run_script(WATCH, false).await;
    let sent = Instant::now();
    app.click("sign-in").await;
    let page = app.run_script(COLLECT, true).await;
    let collected = Instant::now();
    let time = |key: &str| page[key].as_f64().expect("the page times are numbers");
    let total_ms = time("shown") - time("clicked");
    // The page's moments on the wall clock, less a millisecond for WebKit's coarsened timers.
    let wall = |key: &str| {
        let ms = time("origin") + time(key);
        SystemTime::UNIX_EPOCH + Duration::from_secs_f64(ms / 1000.0)
    };
    let clicked = wall("clicked") - Duration::from_millis(1);
    let shown = wall("shown") + Duration::from_millis(1);
    let mut network_ms = 0.0;
    let mut requests = Vec::new();
    let mut after = Vec::new();
    for exchange in relay.exchanges() {
        if exchange.started < sent {
            continue;
        }
        let ended = exchange.ended.unwrap_or(collected);
        let ms = ended.duration_since(exchange.started).as_secs_f64() * 1000.0;
        let at = exchange.started.duration_since(sent).as_secs_f64() * 1000.0;
        let entry = json!({ "op": exchange.operation, "at_ms": at, "ms": ms });
        if exchange.started_wall >= clicked && exchange.started_wall <= shown {
            network_ms += ms;
            requests.push(entry);
        } else {
            after.push(entry);
        }
    }
    json!({
        "total_ms": total_ms, "network_ms": network_ms, "requests": requests,
        "after_view": after,
    })
}

/// Waits until every request the relay saw was answered and none came for 300 ms (sign-out's
/// revocation may still be on its way when the sign-in screen shows).
async fn settle(relay: &TimingRelay) {
    let started = Instant::now();
    loop {
        let exchanges = relay.exchanges();
        let quiet = exchanges.iter().all(|exchange| {
            exchange
                .ended
                .is_some_and(|ended| ended.elapsed() > Duration::from_millis(300))
        });
        if quiet || started.elapsed() > Duration::from_secs(10) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Hands the app's process id to the bench and waits until it measured the memory.
async fn measure_memory(run: &Run, out: &Path) {
    // Let the signed-in view finish what it loads before it is measured.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let pid = app_pid(run).expect("the app's process is found");
    let pid_file = out.with_extension("pid");
    let measured = out.with_extension("measured");
    std::fs::write(&pid_file, pid.to_string()).expect("the pid file is written");
    let started = Instant::now();
    while !measured.exists() && started.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The process running the app binary (read from /proc, as `Run::app_is_running` does).
fn app_pid(run: &Run) -> Option<u32> {
    let app = std::fs::canonicalize(&run.app).unwrap_or_else(|_| run.app.clone());
    let app = app.to_string_lossy().into_owned();
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|process| {
            let exe = std::fs::read_link(process.path().join("exe")).ok()?;
            let exe = exe.to_string_lossy();
            let same = exe == app || exe.strip_suffix(" (deleted)") == Some(&app);
            same.then(|| process.file_name().to_str()?.parse().ok())?
        })
}

//! The client core (`gatehouse-auth`'s `Auth` driver) against a real local pool over HTTP.
//!
//! Every test starts `gatehouse_pool::start` on a loopback port with its own SQLite data directory,
//! and drives `Auth` with the intents the UI sends, reading confirmation codes from the pool's
//! outbox as a user would read their email. The session store is the in-memory one: the OS keyring
//! is covered by gatehouse-auth's keyring tests and by the end-to-end suite.
//! See https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html

use std::sync::{Arc, Mutex};

use gatehouse_auth::{
    view::{AuthView, ErrorKind, Field, Screen},
    Auth, ConfirmationCode, Intent, MemoryStore, Password, PoolSettings, TokenStore,
};
use gatehouse_pool::{PoolServerConfig, RunningPool};

const PASSWORD: &str = "Correct-Horse-9-battery";

/// A running pool with the app's pool and client, and the directory its SQLite file lives in.
struct LocalPool {
    pool: RunningPool,
    settings: PoolSettings,
    _data: tempfile::TempDir,
}

impl LocalPool {
    async fn start() -> Self {
        let data = tempfile::tempdir().expect("a temporary directory");
        let pool = gatehouse_pool::start(PoolServerConfig {
            bind: "127.0.0.1:0".parse().expect("a socket address"),
            data_dir: data.path().to_path_buf(),
        })
        .await
        .expect("the local pool starts");
        let ids = pool
            .ensure_local_pool("gatehouse-local", "gatehouse-desktop")
            .expect("the app's pool and client exist");
        let settings = PoolSettings::new(
            "local",
            ids.region,
            ids.user_pool_id,
            ids.client_id,
            Some(pool.endpoint()),
        );
        Self {
            pool,
            settings,
            _data: data,
        }
    }

    /// A started `Auth` on this pool, recording every view its observer is shown.
    async fn app(&self, store: &Arc<MemoryStore>) -> App {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let recorder = seen.clone();
        let store: Arc<dyn TokenStore> = store.clone();
        let auth = Auth::new(
            self.settings.clone(),
            store,
            Box::new(move |view: &AuthView| recorder.lock().unwrap().push(view.clone())),
        );
        auth.start().await;
        App { auth, seen }
    }

    /// The code the pool "emailed" to `username` last, as the outbox shows it.
    fn last_code_sent_to(&self, username: &str) -> String {
        self.pool
            .outbox(Some(username))
            .expect("the outbox can be read")
            .last()
            .unwrap_or_else(|| panic!("the pool sent {username} a message"))
            .code
            .clone()
    }
}

struct App {
    auth: Auth,
    seen: Arc<Mutex<Vec<AuthView>>>,
}

impl App {
    async fn sign_up(&self, username: &str, email: &str) -> AuthView {
        self.auth.dispatch(Intent::ShowSignUp).await;
        self.auth
            .dispatch(Intent::SignUp {
                username: username.to_owned(),
                password: Password::new(PASSWORD.to_owned()),
                attributes: [("email".to_owned(), email.to_owned())].into(),
            })
            .await
    }

    async fn confirm(&self, code: &str) -> AuthView {
        self.auth
            .dispatch(Intent::ConfirmSignUp {
                code: ConfirmationCode::new(code.to_owned()),
            })
            .await
    }

    async fn sign_in(&self, username: &str, password: &str) -> AuthView {
        self.auth.dispatch(Intent::ShowSignIn).await;
        self.auth
            .dispatch(Intent::SignIn {
                username: username.to_owned(),
                password: Password::new(password.to_owned()),
            })
            .await
    }
}

/// A user who signed up and confirmed with the emailed code, signed out, on the sign-in screen.
async fn confirmed_user(pool: &LocalPool, app: &App, username: &str) {
    app.sign_up(username, &format!("{username}@example.com"))
        .await;
    let view = app.confirm(&pool.last_code_sent_to(username)).await;
    assert_eq!(view.error, None, "the emailed code confirms the sign-up");
}

fn signed_in_user(view: &AuthView) -> &gatehouse_auth::view::UserSummary {
    match &view.screen {
        Screen::SignedIn { user } => user,
        other => panic!(
            "expected to be signed in, got {other:?} with error {:?}",
            view.error
        ),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_user_signs_up_confirms_with_the_emailed_code_and_signs_in() {
    let pool = LocalPool::start().await;
    let app = pool.app(&Arc::new(MemoryStore::default())).await;
    assert!(
        matches!(app.auth.view().screen, Screen::SignIn { .. }),
        "nobody is signed in at first"
    );

    let view = app.sign_up("alice", "alice@example.com").await;
    let Screen::ConfirmSignUp { username, delivery } = &view.screen else {
        panic!("sign-up asks for the code, got {view:?}");
    };
    assert_eq!(username, "alice");
    let delivery = delivery
        .as_ref()
        .expect("the pool says where it sent the code");
    assert_eq!(delivery.medium, "EMAIL");
    assert_ne!(
        delivery.destination, "alice@example.com",
        "the address is masked"
    );

    let view = app.confirm(&pool.last_code_sent_to("alice")).await;
    assert_eq!(view.error, None);
    assert_eq!(
        view.screen,
        Screen::SignIn {
            username: Some("alice".into())
        },
        "after confirming, sign-in is pre-filled with the new username"
    );

    let view = app.sign_in("alice", PASSWORD).await;
    let user = signed_in_user(&view);
    assert_eq!(user.username, "alice");
    assert_eq!(user.email.as_deref(), Some("alice@example.com"));
    assert!(!user.sub.is_empty(), "the user has a sub");
    let expires = chrono::DateTime::parse_from_rfc3339(&user.session_expires_at)
        .expect("the expiry is an RFC 3339 timestamp");
    assert!(
        expires > chrono::Utc::now(),
        "the session has not expired yet"
    );

    let seen = app.seen.lock().unwrap();
    assert!(
        seen.iter().any(|view| view.busy),
        "the observer saw the form busy while the pool answered"
    );
    assert_eq!(seen.last(), Some(&view), "the observer saw the final view");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_in_user_is_restored_at_the_next_start_from_the_stored_session() {
    let pool = LocalPool::start().await;
    let store = Arc::new(MemoryStore::default());
    let first = pool.app(&store).await;
    confirmed_user(&pool, &first, "bob").await;
    let signed_in = first.sign_in("bob", PASSWORD).await;
    let sub = signed_in_user(&signed_in).sub.clone();

    let second = pool.app(&store).await;

    let restored = second.auth.view();
    assert_eq!(signed_in_user(&restored).username, "bob");
    assert_eq!(signed_in_user(&restored).sub, sub);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_is_refused_and_nothing_is_stored() {
    let pool = LocalPool::start().await;
    let store = Arc::new(MemoryStore::default());
    let app = pool.app(&store).await;
    confirmed_user(&pool, &app, "carol").await;

    let view = app.sign_in("carol", "Wrong-Horse-9-battery").await;

    assert!(
        matches!(view.screen, Screen::SignIn { .. }),
        "still on sign-in: {view:?}"
    );
    let error = view.error.expect("the refusal is shown");
    assert_eq!(error.kind, ErrorKind::NotAuthorized);
    assert!(
        !error.message.contains("Wrong-Horse"),
        "the message never repeats the password"
    );
    assert!(
        store.get(&pool.settings.store_key()).is_none(),
        "no session was stored"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_code_is_refused_next_to_the_code_field_and_the_right_one_still_confirms() {
    let pool = LocalPool::start().await;
    let app = pool.app(&Arc::new(MemoryStore::default())).await;
    app.sign_up("dave", "dave@example.com").await;
    let code = pool.last_code_sent_to("dave");
    let wrong = if code == "000000" { "111111" } else { "000000" };

    let view = app.confirm(wrong).await;

    assert!(
        matches!(view.screen, Screen::ConfirmSignUp { .. }),
        "still asked for the code"
    );
    let error = view.error.expect("the mismatch is shown");
    assert_eq!(error.kind, ErrorKind::CodeMismatch);
    assert_eq!(error.field, Some(Field::Code));
    let view = app.confirm(&code).await;
    assert_eq!(view.error, None);
    assert!(
        matches!(view.screen, Screen::SignIn { .. }),
        "confirmed: {view:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_before_confirming_leads_to_the_confirm_screen() {
    let pool = LocalPool::start().await;
    let app = pool.app(&Arc::new(MemoryStore::default())).await;
    app.sign_up("erin", "erin@example.com").await;

    let view = app.sign_in("erin", PASSWORD).await;

    let Screen::ConfirmSignUp { username, .. } = &view.screen else {
        panic!("an unconfirmed user is sent to confirm, got {view:?}");
    };
    assert_eq!(username, "erin");
    let view = app.confirm(&pool.last_code_sent_to("erin")).await;
    assert_eq!(view.error, None, "the latest code confirms");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_forgets_the_session() {
    let pool = LocalPool::start().await;
    let store = Arc::new(MemoryStore::default());
    let app = pool.app(&store).await;
    confirmed_user(&pool, &app, "frank").await;
    signed_in_user(&app.sign_in("frank", PASSWORD).await);
    assert!(
        store.get(&pool.settings.store_key()).is_some(),
        "signing in stored the session"
    );

    let view = app.auth.dispatch(Intent::SignOut).await;

    assert!(
        matches!(view.screen, Screen::SignIn { .. }),
        "signed out: {view:?}"
    );
    assert!(
        store.get(&pool.settings.store_key()).is_none(),
        "the store is cleared"
    );
    let restarted = pool.app(&store).await;
    assert!(
        matches!(restarted.auth.view().screen, Screen::SignIn { .. }),
        "the next start finds no session"
    );
}

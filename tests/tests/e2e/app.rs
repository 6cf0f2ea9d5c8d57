//! One WebDriver session on the real app: tauri-driver starts the app for the session and stops it
//! when the session is closed. Screens are found by the DOM hooks the UI promises
//! (`data-screen`, `data-action`, `name`, `data-user`, `data-outbox-*`, `data-error-for`).
//! See https://v2.tauri.app/develop/tests/webdriver/ and https://www.w3.org/TR/webdriver2/
//!
//! Command-line arguments reach the app through tauri-driver's `tauri:options.args`
//! (`--profile-file`, `--data-dir`). The embedded pool's address and ids are asked of the app
//! itself (`app_info`), since the pool listens on a new port at each launch.

use std::{
    io::{Read, Write},
    time::{Duration, Instant},
};

use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use gatehouse_tests::pool_admin::{PoolAdmin, PoolClient};
use serde::Deserialize;
use serde_json::json;

use crate::run::Run;

/// Long enough for a cold WebKit start under Xvfb on a busy 2-core machine.
const SCREEN_TIMEOUT: Duration = Duration::from_secs(60);

pub struct AppSession<'r> {
    client: Client,
    run: &'r Run,
    /// The WebDriver session's id, to end it even when a failing test cannot `close` it.
    session_id: String,
    closed: bool,
}

/// One message of the outbox panel, as the panel shows it (newest first).
#[derive(Deserialize)]
pub struct OutboxEntry {
    pub username: String,
    /// `EMAIL` or `SMS` (`data-outbox-medium`).
    pub medium: Option<String>,
    pub code: String,
}

/// Reads the outbox panel's entries. A hook is either an attribute of the entry holding its value
/// (`data-outbox-medium="SMS"`) or an element inside it whose text is the value.
const READ_OUTBOX: &str = r#"
const field = (entry, name) => {
  const own = entry.getAttribute(name);
  if (own) return own;
  const inner = entry.querySelector("[" + name + "]");
  if (!inner) return null;
  return inner.getAttribute(name) || inner.textContent.trim();
};
return Array.from(document.querySelectorAll('[data-panel="outbox"] [data-outbox-message]'))
  .map((entry) => ({
    username: field(entry, "data-outbox-username") ?? "",
    medium: field(entry, "data-outbox-medium"),
    code: field(entry, "data-outbox-code") ?? "",
  }));
"#;

/// Asks the app what it is running on (the `app_info` command, as its own UI does).
const APP_INFO: &str = r#"
const done = arguments[arguments.length - 1];
window.__TAURI_INTERNALS__.invoke("app_info").then(done, (error) => done({ error: String(error) }));
"#;

impl<'r> AppSession<'r> {
    /// Starts the app (a new WebDriver session) with the run's data directory, on the profile it
    /// last used (local on a first start).
    pub async fn launch(run: &'r Run) -> Self {
        Self::launch_with(run, &[]).await
    }

    /// Starts the app with these command-line arguments (`--profile-file PATH`, `--data-dir PATH`).
    pub async fn launch_with(run: &'r Run, args: &[&str]) -> Self {
        assert!(
            !run.app_is_running(),
            "no other instance of the app is running"
        );
        // aws-lc-rs (AWS SDK) and ring (reqwest) are both linked: rustls cannot pick on its own.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".into(),
            json!({ "application": run.app.to_string_lossy(), "args": args }),
        );
        let client = ClientBuilder::rustls()
            .expect("rustls initialises")
            .capabilities(capabilities)
            .connect(&run.webdriver)
            .await
            .expect("tauri-driver starts the app in a new session");
        let session_id = client
            .session_id()
            .await
            .expect("the session id can be read")
            .expect("a started session has an id");
        Self {
            client,
            run,
            session_id,
            closed: false,
        }
    }

    /// Waits for one of `screens` (`data-screen` values) to be shown and says which.
    pub async fn wait_for_any_screen(&self, screens: &[&str]) -> String {
        let selector = screens
            .iter()
            .map(|screen| format!("[data-screen=\"{screen}\"]"))
            .collect::<Vec<_>>()
            .join(", ");
        let started = Instant::now();
        loop {
            let element = self
                .client
                .wait()
                .at_most(SCREEN_TIMEOUT)
                .for_element(Locator::Css(&selector))
                .await
                .unwrap_or_else(|error| panic!("one of the screens {screens:?} shows: {error}"));
            // The screen may be rebuilt between finding and reading it (a profile switch renders
            // the screen afresh): read again.
            match element.attr("data-screen").await {
                Ok(Some(screen)) => return screen,
                result => assert!(
                    started.elapsed() < SCREEN_TIMEOUT,
                    "the screen root can be read: {result:?}"
                ),
            }
        }
    }

    pub async fn wait_for_screen(&self, screen: &str) {
        self.wait_for_any_screen(&[screen]).await;
    }

    /// Saves a PNG of the X display as the next numbered screenshot. WebKitWebDriver's own
    /// screenshot command hangs (or answers `null`) under Xvfb without compositing (WebKitGTK
    /// 2.50), so the display is taken with ImageMagick's `import`, as TOOLCHAIN.md describes.
    pub async fn screenshot(&self, screen: &str) {
        let path = self.run.next_screenshot(screen);
        let status = std::process::Command::new("import")
            .args(["-window", "root"])
            .arg(&path)
            .status()
            .expect("ImageMagick's import runs (cargo xtask test installs it)");
        assert!(status.success(), "import took a screenshot of the display");
    }

    async fn find(&self, selector: &str) -> Element {
        self.client
            .wait()
            .at_most(SCREEN_TIMEOUT)
            .for_element(Locator::Css(selector))
            .await
            .unwrap_or_else(|error| panic!("{selector} shows: {error}"))
    }

    /// Types into the input (or text area) `name`, replacing what it held.
    pub async fn fill(&self, name: &str, value: &str) {
        self.fill_at(
            &format!("input[name=\"{name}\"], textarea[name=\"{name}\"]"),
            value,
        )
        .await;
    }

    /// Types into the first field matching `selector`, replacing what it held.
    pub async fn fill_at(&self, selector: &str, value: &str) {
        let input = self.find(selector).await;
        input.clear().await.expect("the input can be cleared");
        input.send_keys(value).await.expect("the input takes keys");
    }

    pub async fn input_value(&self, name: &str) -> String {
        let input = self.find(&format!("input[name=\"{name}\"]")).await;
        input
            .prop("value")
            .await
            .expect("the value can be read")
            .unwrap_or_default()
    }

    /// Clicks the button `data-action` and waits until no form is busy any more.
    pub async fn click(&self, action: &str) {
        self.click_at(&format!("[data-action=\"{action}\"]")).await;
    }

    /// Clicks the first element matching `selector` once it is enabled (as a person waits for a
    /// button that a form's last action still holds disabled; a click on a disabled button does
    /// nothing: a run under load once lost a sign-out click, most likely so), then waits until no
    /// form is busy.
    pub async fn click_at(&self, selector: &str) {
        self.find(selector).await;
        // Found afresh each time: a screen rebuilt meanwhile has a new element.
        self.wait_until(&format!("{selector} is enabled"), || async {
            match self.client.find(Locator::Css(selector)).await {
                Ok(element) => element.is_enabled().await.unwrap_or(false),
                Err(_) => false,
            }
        })
        .await;
        self.find(selector)
            .await
            .click()
            .await
            .unwrap_or_else(|error| panic!("{selector} can be clicked: {error}"));
        self.wait_until("the form is no longer busy", || async {
            self.client
                .find_all(Locator::Css("[aria-busy=\"true\"]"))
                .await
                .is_ok_and(|busy| busy.is_empty())
        })
        .await;
    }

    /// The text of an element, trimmed.
    pub async fn text(&self, selector: &str) -> String {
        let text = self.find(selector).await.text().await;
        text.unwrap_or_else(|error| panic!("{selector} has text: {error}"))
            .trim()
            .to_owned()
    }

    /// The attribute `name` of the element at `selector` (empty when it has none).
    pub async fn attribute(&self, selector: &str, name: &str) -> String {
        let element = self.find(selector).await;
        element
            .attr(name)
            .await
            .unwrap_or_else(|error| panic!("{selector} has attributes: {error}"))
            .unwrap_or_default()
    }

    /// A signed-in detail: `username`, `email`, `sub` or `expires`.
    pub async fn user_detail(&self, detail: &str) -> String {
        self.text(&format!("[data-user=\"{detail}\"]")).await
    }

    /// The newest code the outbox panel shows for `username`, waiting for a message to arrive.
    pub async fn code_in_outbox_for(&self, username: &str) -> String {
        self.new_code_in_outbox(username, None, 0).await
    }

    /// The outbox panel's messages, newest first.
    pub async fn outbox(&self) -> Vec<OutboxEntry> {
        let entries = self
            .client
            .execute(READ_OUTBOX, Vec::new())
            .await
            .expect("the outbox panel can be read");
        serde_json::from_value(entries).expect("the outbox entries are read as a list")
    }

    /// How many messages the outbox panel shows for `username`.
    pub async fn outbox_count_for(&self, username: &str) -> usize {
        let entries = self.outbox().await;
        entries
            .iter()
            .filter(|entry| entry.username == username)
            .count()
    }

    /// The code of the newest message to `username` (by `medium` when given, `EMAIL` or `SMS`)
    /// among those that arrived after the first `seen` ones, waiting for it to arrive.
    pub async fn new_code_in_outbox(
        &self,
        username: &str,
        medium: Option<&str>,
        seen: usize,
    ) -> String {
        let started = Instant::now();
        loop {
            let entries: Vec<OutboxEntry> = self
                .outbox()
                .await
                .into_iter()
                .filter(|entry| entry.username == username)
                .collect();
            let new = entries.len().saturating_sub(seen);
            let found = entries[..new]
                .iter()
                .find(|entry| medium.is_none() || entry.medium.as_deref() == medium);
            if let Some(entry) = found {
                return entry.code.clone();
            }
            assert!(
                started.elapsed() < SCREEN_TIMEOUT,
                "the outbox shows a new {} message for {username}",
                medium.unwrap_or("any")
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// The embedded pool of local mode, as an administrator reaches it, with its pool and client.
    pub async fn local_pool(&self) -> (PoolAdmin, PoolClient) {
        let info = self
            .client
            .execute_async(APP_INFO, Vec::new())
            .await
            .expect("the app answers app_info");
        let local = &info["localPool"];
        let text = |key: &str| {
            local[key]
                .as_str()
                .unwrap_or_else(|| panic!("app_info has localPool.{key} in local mode: {info}"))
                .to_owned()
        };
        let pool = PoolClient {
            region: text("region"),
            user_pool_id: text("userPoolId"),
            client_id: text("clientId"),
        };
        (PoolAdmin::new(text("endpoint")), pool)
    }

    /// Chooses `value` in the select `name`.
    pub async fn select(&self, name: &str, value: &str) {
        let select = self.find(&format!("select[name=\"{name}\"]")).await;
        select
            .select_by_value(value)
            .await
            .unwrap_or_else(|error| panic!("{value} can be chosen in {name}: {error}"));
        // WebKitWebDriver does not always fire `change` for an option it selects (seen on the
        // profile bar's second switch); a person's choice always does. The UI ignores a repeat.
        let element = serde_json::to_value(&select).expect("an element reference serialises");
        self.client
            .execute(
                "arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
                vec![element],
            )
            .await
            .expect("the change event is dispatched");
        assert_eq!(self.selected(name).await, value, "{name} shows the choice");
    }

    /// Chooses profile `name` in the profile bar and waits until the app runs on it and the screen
    /// has been rebuilt for it. Until then the previous profile's screen is still shown, and an
    /// element found on it goes stale mid-click (seen in CI: "show-sign-up can be clicked").
    pub async fn switch_profile(&self, name: &str) {
        self.select("profile", name).await;
        self.wait_until(&format!("the app runs on profile {name}"), || async {
            let info = self
                .client
                .execute_async(APP_INFO, Vec::new())
                .await
                .expect("the app answers app_info");
            let settled = self
                .client
                .find_all(Locator::Css("[aria-busy=\"true\"]"))
                .await
                .is_ok_and(|busy| busy.is_empty());
            info["profile"] == name && settled
        })
        .await;
    }

    /// The value chosen in the select `name`.
    pub async fn selected(&self, name: &str) -> String {
        self.find(&format!("select[name=\"{name}\"]"))
            .await
            .prop("value")
            .await
            .expect("the value can be read")
            .unwrap_or_default()
    }

    /// The error shown next to the field or attribute `name`, waiting for it.
    pub async fn error_for(&self, name: &str) -> String {
        self.text(&format!("[data-error-for=\"{name}\"]")).await
    }

    /// The error shown for the whole form, waiting for it.
    pub async fn form_error(&self) -> String {
        self.text("[data-error=\"form\"]").await
    }

    /// Whether an element matching `selector` is on the page now (no waiting).
    pub async fn shows(&self, selector: &str) -> bool {
        self.client
            .find_all(Locator::Css(selector))
            .await
            .is_ok_and(|found| !found.is_empty())
    }

    /// Waits until the text of `selector` contains `needle` (in any case), and returns that text.
    pub async fn wait_for_text(&self, selector: &str, needle: &str) -> String {
        let started = Instant::now();
        loop {
            if let Ok(element) = self.client.find(Locator::Css(selector)).await {
                if let Ok(text) = element.text().await {
                    // Rendered text: CSS may have changed its case (badges are upper case).
                    if text.to_lowercase().contains(&needle.to_lowercase()) {
                        return text.trim().to_owned();
                    }
                }
            }
            assert!(
                started.elapsed() < SCREEN_TIMEOUT,
                "{selector} shows \"{needle}\""
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Types `keys` into whatever has the keyboard focus, as a person at the keyboard would
    /// (`\u{E004}` is Tab, `\u{E007}` Enter: WebDriver's key codes).
    pub async fn type_keys(&self, keys: &str) {
        let focused = self
            .client
            .active_element()
            .await
            .expect("an element has the focus");
        focused
            .send_keys(keys)
            .await
            .expect("the focused element takes keys");
    }

    /// The `name` of the element that has the keyboard focus.
    pub async fn focused_name(&self) -> String {
        let focused = self
            .client
            .active_element()
            .await
            .expect("an element has the focus");
        focused
            .attr("name")
            .await
            .expect("the focused element can be read")
            .unwrap_or_default()
    }

    /// The window's background colour as the stylesheet computed it (`rgb(r, g, b)`).
    pub async fn background_colour(&self) -> String {
        let value = self
            .client
            .execute(
                "return getComputedStyle(document.body).backgroundColor;",
                Vec::new(),
            )
            .await
            .expect("the style can be read");
        value.as_str().unwrap_or_default().to_owned()
    }

    /// Scrolls the window so that the first element matching `selector` is in view (for a
    /// screenshot of a section low on a long screen).
    pub async fn scroll_to(&self, selector: &str) {
        let element = serde_json::to_value(self.find(selector).await)
            .expect("an element reference serialises");
        self.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'center' });",
                vec![element],
            )
            .await
            .unwrap_or_else(|error| panic!("{selector} can be scrolled to: {error}"));
    }

    /// The `innerHTML` of the first element matching `selector` (the QR code's SVG markup).
    pub async fn inner_html(&self, selector: &str) -> String {
        self.find(selector)
            .await
            .prop("innerHTML")
            .await
            .unwrap_or_else(|error| panic!("{selector} can be read: {error}"))
            .unwrap_or_default()
    }

    /// The `textContent` of the first element matching `selector`, shown or not.
    pub async fn text_content(&self, selector: &str) -> String {
        self.find(selector)
            .await
            .prop("textContent")
            .await
            .unwrap_or_else(|error| panic!("{selector} can be read: {error}"))
            .unwrap_or_default()
    }

    /// `[data-rule]` items of the password policy checklist: (rule, met).
    pub async fn policy_checklist(&self) -> Vec<(String, bool)> {
        self.find("[data-policy]").await;
        let items = self
            .client
            .find_all(Locator::Css("[data-policy] [data-rule]"))
            .await
            .expect("the policy items can be listed");
        let mut checklist = Vec::new();
        for item in items {
            let rule = item
                .attr("data-rule")
                .await
                .ok()
                .flatten()
                .unwrap_or_default();
            let met = item.attr("data-met").await.ok().flatten();
            checklist.push((rule, met.as_deref() == Some("true")));
        }
        checklist
    }

    /// Polls `condition` every 200 ms; panics naming `what` after the screen timeout.
    async fn wait_until<F, Fut>(&self, what: &str, condition: F)
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let started = Instant::now();
        while !condition().await {
            assert!(
                started.elapsed() < SCREEN_TIMEOUT,
                "timed out waiting until {what}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Runs `script` in the page and returns its value; an `asynchronous` script answers by
    /// calling its last argument (WebDriver's Execute Async Script). For the sign-in bench.
    pub async fn run_script(&self, script: &str, asynchronous: bool) -> serde_json::Value {
        let answer = if asynchronous {
            self.client.execute_async(script, Vec::new()).await
        } else {
            self.client.execute(script, Vec::new()).await
        };
        answer.unwrap_or_else(|error| panic!("the page runs the script: {error}"))
    }

    /// Ends the session: tauri-driver stops the app, as closing its window would.
    pub async fn close(mut self) {
        self.closed = true;
        self.client
            .clone()
            .close()
            .await
            .expect("the WebDriver session closes");
        let started = Instant::now();
        while self.run.app_is_running() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the app exits when its session ends"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// A test that fails mid-journey drops its session without `close`, and its runtime goes before
/// fantoccini could end the session: end it here with a plain `DELETE /session/{id}`, so that
/// the app stops and the next journey can start its own.
impl Drop for AppSession<'_> {
    fn drop(&mut self) {
        if self.closed {
            return;
        }
        let address = self
            .run
            .webdriver
            .trim_start_matches("http://")
            .trim_end_matches('/');
        let request = format!(
            "DELETE /session/{} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n",
            self.session_id
        );
        let ended = std::net::TcpStream::connect(address).and_then(|mut stream| {
            stream.set_read_timeout(Some(Duration::from_secs(20)))?;
            stream.write_all(request.as_bytes())?;
            let mut answer = Vec::new();
            stream.read_to_end(&mut answer).map(|_| ())
        });
        if let Err(error) = ended {
            eprintln!("could not end the WebDriver session of a failed test: {error}");
        }
        let started = Instant::now();
        while self.run.app_is_running() && started.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

//! One WebDriver session on the real app: tauri-driver starts the app for the session and stops it
//! when the session is closed. Screens are found by the DOM hooks the UI promises
//! (`data-screen`, `data-action`, `name`, `data-user`, `data-outbox-*`, `data-error-for`).
//! See https://v2.tauri.app/develop/tests/webdriver/ and https://www.w3.org/TR/webdriver2/

use std::time::{Duration, Instant};

use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use serde_json::json;

use crate::run::Run;

/// Long enough for a cold WebKit start under Xvfb on a busy 2-core machine.
const SCREEN_TIMEOUT: Duration = Duration::from_secs(60);

pub struct AppSession<'r> {
    client: Client,
    run: &'r Run,
}

impl<'r> AppSession<'r> {
    /// Starts the app (a new WebDriver session) and waits for its first settled screen.
    pub async fn launch(run: &'r Run) -> Self {
        assert!(
            !run.app_is_running(),
            "no other instance of the app is running"
        );
        // aws-lc-rs (AWS SDK) and ring (reqwest) are both linked: rustls cannot pick on its own.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".into(),
            json!({ "application": run.app.to_string_lossy() }),
        );
        let client = ClientBuilder::rustls()
            .expect("rustls initialises")
            .capabilities(capabilities)
            .connect(&run.webdriver)
            .await
            .expect("tauri-driver starts the app in a new session");
        Self { client, run }
    }

    /// Waits for one of `screens` (`data-screen` values) to be shown and says which.
    pub async fn wait_for_any_screen(&self, screens: &[&str]) -> String {
        let selector = screens
            .iter()
            .map(|screen| format!("[data-screen=\"{screen}\"]"))
            .collect::<Vec<_>>()
            .join(", ");
        let element = self
            .client
            .wait()
            .at_most(SCREEN_TIMEOUT)
            .for_element(Locator::Css(&selector))
            .await
            .unwrap_or_else(|error| panic!("one of the screens {screens:?} shows: {error}"));
        element
            .attr("data-screen")
            .await
            .expect("the screen root can be read")
            .expect("the screen root has data-screen")
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

    /// Types into the input `name`, replacing what it held.
    pub async fn fill(&self, name: &str, value: &str) {
        let input = self.find(&format!("input[name=\"{name}\"]")).await;
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
        self.find(&format!("[data-action=\"{action}\"]"))
            .await
            .click()
            .await
            .unwrap_or_else(|error| panic!("{action} can be clicked: {error}"));
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

    /// A signed-in detail: `username`, `email`, `sub` or `expires`.
    pub async fn user_detail(&self, detail: &str) -> String {
        self.text(&format!("[data-user=\"{detail}\"]")).await
    }

    /// The code the outbox panel shows for `username`, waiting for the message to arrive.
    pub async fn code_in_outbox_for(&self, username: &str) -> String {
        let started = Instant::now();
        loop {
            if let Some(code) = self.newest_outbox_code(username).await {
                return code;
            }
            assert!(
                started.elapsed() < SCREEN_TIMEOUT,
                "the outbox shows a message for {username}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    async fn newest_outbox_code(&self, username: &str) -> Option<String> {
        let messages = self
            .client
            .find_all(Locator::Css(
                "[data-panel=\"outbox\"] [data-outbox-message]",
            ))
            .await
            .ok()?;
        let mut newest = None;
        for message in messages {
            let to = message
                .find(Locator::Css("[data-outbox-username]"))
                .await
                .ok()?;
            if to.text().await.ok()?.trim() == username {
                let code = message
                    .find(Locator::Css("[data-outbox-code]"))
                    .await
                    .ok()?;
                newest = Some(code.text().await.ok()?.trim().to_owned());
            }
        }
        newest
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

    /// Ends the session: tauri-driver stops the app, as closing its window would.
    pub async fn close(self) {
        self.client
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

//! `spawn_app()`: boots the real `Application` on 127.0.0.1:0 with a fresh data folder and a
//! small site folder, and returns a client for it.

use server::config::{Config, LogFormat};
use server::startup::Application;
use std::path::PathBuf;
use std::sync::Once;
use tempfile::TempDir;

/// The stylesheet the test site serves, so its fingerprinted URL can be checked.
pub const TEST_CSS: &str = "body { color: black; }";

/// A running portal and what a test needs to talk to it.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// A client that does not follow redirects and does not decompress.
    pub client: reqwest::Client,
    _data_dir: TempDir,
    _site_dir: TempDir,
}

/// Options for [`spawn_app_with`].
#[derive(Default)]
pub struct TestOptions {
    /// `PORTAL_PUBLIC_URL`.
    pub public_url: Option<String>,
}

/// The repository's `content/` folder.
pub fn content_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../content")
}

fn init_tracing() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        if std::env::var_os("TEST_LOG").is_some() {
            server::telemetry::init("debug", LogFormat::Text);
        }
    });
}

/// Starts the portal with default test options.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(TestOptions::default()).await
}

/// Starts the portal with `options`.
pub async fn spawn_app_with(options: TestOptions) -> TestApp {
    init_tracing();
    let data_dir = tempfile::tempdir().expect("data dir");
    let site_dir = tempfile::tempdir().expect("site dir");
    std::fs::create_dir_all(site_dir.path().join("pkg")).expect("pkg dir");
    std::fs::write(site_dir.path().join("pkg/portal.css"), TEST_CSS).expect("css");
    std::fs::write(
        site_dir.path().join("favicon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .expect("favicon");

    let config = Config {
        addr: "127.0.0.1:0".parse().expect("addr"),
        public_url: options.public_url,
        content_dir: content_dir(),
        data_dir: data_dir.path().to_owned(),
        site_dir: site_dir.path().to_owned(),
        log_filter: "info".into(),
        log_format: LogFormat::Text,
    };
    let application = Application::build(config).await.expect("the portal starts");
    let address = format!("http://{}", application.local_addr());
    tokio::spawn(application.run_until_stopped(std::future::pending()));

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    TestApp {
        address,
        client,
        _data_dir: data_dir,
        _site_dir: site_dir,
    }
}

impl TestApp {
    /// `GET path`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request sent")
    }

    /// `GET path` and the body as text, asserting the status.
    pub async fn get_page(&self, path: &str, status: u16) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        response.text().await.expect("body")
    }
}

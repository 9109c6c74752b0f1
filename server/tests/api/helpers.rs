//! `spawn_app()`: boots the real `Application` on 127.0.0.1:0 with a fresh data folder, a small
//! site folder and a hand-moved clock, on SQLite or on a fresh PostgreSQL database, and returns
//! a client and typed helpers for it.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use secrecy::{ExposeSecret, SecretString};
use server::clock::ManualClock;
use server::config::{Config, LogFormat};
use server::oauth::Sandbox;
use server::rate_limit::{Limit, Limits};
use server::startup::Application;
use sqlx::Connection;
use std::path::PathBuf;
use std::sync::{Arc, Once};
use tempfile::TempDir;

/// The stylesheet the test site serves, so its fingerprinted URL can be checked.
pub const TEST_CSS: &str = "body { color: black; }";
/// Where the test clock starts: 2026-11-29T10:00:00Z.
pub const START: i64 = 1_795_946_400;

/// The storage behind a test portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in the data folder.
    Sqlite,
    /// A fresh database on `PORTAL_TEST_DATABASE_URL`'s server.
    Postgres,
    /// SQLite for data, with sessions and rate limits in `PORTAL_TEST_REDIS_URL`'s Redis.
    Redis,
}

/// A running portal and what a test needs to talk to it.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// A client that does not follow redirects and does not decompress.
    pub client: reqwest::Client,
    /// The sandbox behind the portal, to arrange clients directly.
    pub sandbox: Arc<Sandbox>,
    /// The portal's clock.
    pub clock: ManualClock,
    data_dir: TempDir,
    _site_dir: TempDir,
    _database: Option<PostgresDatabase>,
}

/// Options for [`spawn_app_with`].
#[derive(Default)]
pub struct TestOptions {
    /// `PORTAL_PUBLIC_URL`.
    pub public_url: Option<String>,
    /// The storage; SQLite by default.
    pub backend: Option<Backend>,
    /// `PORTAL_TOKEN_RATE_LIMIT`.
    pub token_rate_limit: Option<Limit>,
    /// `PORTAL_TOKEN_IP_RATE_LIMIT`.
    pub token_ip_rate_limit: Option<Limit>,
    /// `PORTAL_DATABASE_URL` (to share a database between two portals).
    pub database_url: Option<String>,
    /// `PORTAL_SECRET_KEY`.
    pub secret_key: Option<String>,
    /// Where the portal's clock starts; [`START`] by default.
    pub clock_start: Option<i64>,
    /// `PORTAL_SIGNUP_RATE_LIMIT`.
    pub sign_up_rate_limit: Option<Limit>,
    /// `PORTAL_SIGNIN_RATE_LIMIT`.
    pub sign_in_rate_limit: Option<Limit>,
    /// `PORTAL_SIGNIN_ACCOUNT_RATE_LIMIT`.
    pub sign_in_account_rate_limit: Option<Limit>,
    /// `PORTAL_CONSOLE_RATE_LIMIT`.
    pub console_rate_limit: Option<Limit>,
    /// `PORTAL_TOKEN_FAILURE_LIMIT`; the default (20/15min) when unset.
    pub token_failure_limit: Option<Limit>,
    /// `PORTAL_CLAIMS_RATE_LIMIT`.
    pub claims_rate_limit: Option<Limit>,
    /// `PORTAL_CLAIMS_QUOTA` and `PORTAL_CLAIMS_RETENTION`; 50 MiB and 7 days when unset.
    pub claims: Option<server::claims::attachments::ClaimsStorage>,
    /// `PORTAL_REQUEST_LOG*`; the defaults when unset.
    pub request_log: Option<server::request_log::RequestLogSettings>,
    /// `PORTAL_TRUSTED_PROXIES`.
    pub trusted_proxies: Option<&'static str>,
    /// `PORTAL_HEADER_READ_TIMEOUT` and the connection caps.
    pub connections: Option<server::http::serve::ConnectionLimits>,
    /// The console's extra environments.
    pub environments: Vec<server::config::EnvironmentSettings>,
    /// `PORTAL_CONTENT_DIR`; the repository's `content/` by default.
    pub content_dir: Option<PathBuf>,
    /// `PORTAL_CIAM_*`: the CIAM identity provider; none by default.
    pub ciam: Option<server::config::CiamSettings>,
}

/// The repository's `content/` folder.
pub fn content_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../content")
}

/// Every log line the portals of this test process wrote (at debug level), so tests can
/// check that secrets, tokens and request bodies never appear in logs.
static LOGS: std::sync::Mutex<Vec<u8>> = std::sync::Mutex::new(Vec::new());

struct CapturedLogs;

impl std::io::Write for CapturedLogs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut logs) = LOGS.lock() {
            logs.extend_from_slice(bytes);
        }
        if std::env::var_os("TEST_LOG").is_some() {
            std::io::stderr().write_all(bytes)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn init_tracing() {
    static INIT: Once = Once::new();
    INIT.call_once(|| server::telemetry::init_with_writer("debug", LogFormat::Text, || CapturedLogs));
}

/// What has been logged so far in this test process.
pub fn captured_logs() -> String {
    String::from_utf8_lossy(&LOGS.lock().map(|logs| logs.clone()).unwrap_or_default()).into_owned()
}

/// Starts the portal on SQLite.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(TestOptions::default()).await
}

/// Starts the portal on `backend`; `None` when that backend is not available here.
pub async fn spawn_app_on(backend: Backend) -> Option<TestApp> {
    let available = match backend {
        Backend::Sqlite => true,
        Backend::Postgres => postgres_admin_url().is_some(),
        Backend::Redis => redis_test_url().is_some(),
    };
    if !available {
        return None;
    }
    Some(
        spawn_app_with(TestOptions {
            backend: Some(backend),
            ..TestOptions::default()
        })
        .await,
    )
}

/// Reports a test that could not run here; in CI that is a failure.
pub fn skipped(backend: &str, test: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: {backend} must be available in CI (scripts/test sets it up)"
    );
    eprintln!("SKIPPED {test}: {backend} is not available here");
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

    let backend = options.backend.unwrap_or(Backend::Sqlite);
    let redis_url = match backend {
        Backend::Redis => Some(redis_test_url().expect("PORTAL_TEST_REDIS_URL for a Redis test portal")),
        _ => None,
    };
    let database = match (backend, &options.database_url) {
        (Backend::Postgres, None) => Some(PostgresDatabase::create().await),
        _ => None,
    };
    let database_url = options
        .database_url
        .clone()
        .or_else(|| database.as_ref().map(|db| db.url.clone()));

    let generous = Limit {
        max: 1_000_000,
        per_secs: 60,
    };
    let config = Config {
        addr: "127.0.0.1:0".parse().expect("addr"),
        metrics_addr: None,
        public_url: options.public_url,
        content_dir: options.content_dir.clone().unwrap_or_else(content_dir),
        data_dir: data_dir.path().to_owned(),
        site_dir: site_dir.path().to_owned(),
        database_url: database_url.map(SecretString::from),
        secret_key: options.secret_key.map(SecretString::from),
        redis_url: redis_url.map(SecretString::from),
        limits: Limits {
            tokens_per_client: options.token_rate_limit.unwrap_or(generous),
            oauth_per_source: options.token_ip_rate_limit.unwrap_or(generous),
            token_failures: options.token_failure_limit.unwrap_or(Limit {
                max: 20,
                per_secs: 900,
            }),
            sign_ups_per_source: options.sign_up_rate_limit.unwrap_or(generous),
            sign_ins_per_source: options.sign_in_rate_limit.unwrap_or(generous),
            sign_in_failures: options.sign_in_account_rate_limit.unwrap_or(generous),
            console: options.console_rate_limit.unwrap_or(generous),
            claims_per_client: options.claims_rate_limit.unwrap_or(generous),
        },
        claims: options
            .claims
            .unwrap_or(server::claims::attachments::ClaimsStorage {
                quota_bytes: 50 << 20,
                retention: std::time::Duration::from_secs(7 * 86_400),
            }),
        request_log: options.request_log.unwrap_or_default(),
        trusted_proxies: options
            .trusted_proxies
            .map(|list| list.parse().expect("trusted proxies"))
            .unwrap_or_default(),
        connections: options
            .connections
            .unwrap_or(server::http::serve::ConnectionLimits {
                header_read_timeout: std::time::Duration::from_secs(10),
                max_connections: 4096,
                max_connections_per_ip: 256,
                shutdown_grace: std::time::Duration::ZERO,
            }),
        environments: options.environments.clone(),
        ciam: options.ciam.clone(),
        log_filter: "info".into(),
        log_format: LogFormat::Text,
    };
    let clock = ManualClock::starting_at(options.clock_start.unwrap_or(START));
    let application = Application::build_with_clock(config, Arc::new(clock.clone()))
        .await
        .expect("the portal starts");
    let address = format!("http://{}", application.local_addr());
    let sandbox = application.sandbox();
    tokio::spawn(application.run_until_stopped(std::future::pending()));

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    TestApp {
        address,
        client,
        sandbox,
        clock,
        data_dir,
        _site_dir: site_dir,
        _database: database,
    }
}

/// A sandbox client's credentials.
#[derive(Clone)]
pub struct TestClient {
    /// The client id.
    pub id: String,
    /// The secret.
    pub secret: String,
}

impl TestClient {
    /// The `Authorization: Basic` value for these credentials (form-urlencoded, RFC 6749).
    pub fn basic(&self) -> String {
        format!(
            "Basic {}",
            STANDARD.encode(format!("{}:{}", self.id, self.secret))
        )
    }
}

impl TestApp {
    /// `GET path`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
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

    /// The absolute URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// The size in bytes of the largest session record the portal stored (SQLite sessions).
    pub async fn largest_session_bytes(&self) -> i64 {
        let url = format!("sqlite://{}", self.data_dir.path().join("portal.db").display());
        let mut connection = sqlx::SqliteConnection::connect(&url)
            .await
            .expect("open the database");
        let (largest,): (Option<i64>,) = sqlx::query_as("SELECT max(length(data)) FROM tower_sessions")
            .fetch_one(&mut connection)
            .await
            .expect("read the sessions");
        largest.unwrap_or(0)
    }

    /// The ids of the sessions the portal stores (SQLite sessions).
    pub async fn session_ids(&self) -> Vec<String> {
        let url = format!("sqlite://{}", self.data_dir.path().join("portal.db").display());
        let mut connection = sqlx::SqliteConnection::connect(&url)
            .await
            .expect("open the database");
        let ids: Vec<(String,)> = sqlx::query_as("SELECT id FROM tower_sessions ORDER BY id")
            .fetch_all(&mut connection)
            .await
            .expect("read the sessions");
        ids.into_iter().map(|(id,)| id).collect()
    }

    /// Every byte of the SQLite database as it stands (the file and its write-ahead log), to
    /// check that something was never stored.
    pub fn database_bytes(&self) -> Vec<u8> {
        ["portal.db", "portal.db-wal"]
            .iter()
            .filter_map(|name| std::fs::read(self.data_dir.path().join(name)).ok())
            .flatten()
            .collect()
    }

    /// Creates a sandbox client directly.
    pub async fn create_client(&self, scopes: Option<&str>) -> TestClient {
        let credentials = self
            .sandbox
            .clients
            .create("test app", None, scopes)
            .await
            .expect("client created");
        TestClient {
            id: credentials.client_id,
            secret: credentials.client_secret.expose_secret().to_owned(),
        }
    }

    /// `POST path` with a form body and optional `Authorization`.
    pub async fn post_form(&self, path: &str, body: &str, authorization: Option<&str>) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_owned());
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        request.send().await.expect("request sent")
    }

    /// `POST path` with a JSON body and optional `Authorization`.
    pub async fn post_json(
        &self,
        path: &str,
        body: &serde_json::Value,
        authorization: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self.client.post(self.url(path)).json(body);
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        request.send().await.expect("request sent")
    }

    /// A v2 token for `client` (Basic authentication), optionally for `scope`.
    pub async fn token(&self, client: &TestClient, scope: Option<&str>) -> String {
        let body = match scope {
            Some(scope) => format!("grant_type=client_credentials&scope={}", scope.replace(' ', "+")),
            None => "grant_type=client_credentials".to_owned(),
        };
        let response = self
            .post_form("/apip/auth/v2/token", &body, Some(&client.basic()))
            .await;
        assert_eq!(response.status().as_u16(), 200, "token request");
        let json: serde_json::Value = response.json().await.expect("json");
        json["access_token"].as_str().expect("access_token").to_owned()
    }

    /// The status of a v2 token request with these credentials (HTTP Basic).
    pub async fn token_status(&self, id: &str, secret: &str) -> u16 {
        let client = TestClient {
            id: id.to_owned(),
            secret: secret.to_owned(),
        };
        self.post_form(
            "/apip/auth/v2/token",
            "grant_type=client_credentials",
            Some(&client.basic()),
        )
        .await
        .status()
        .as_u16()
    }

    /// `GET path` with a bearer token.
    pub async fn get_with_token(&self, path: &str, token: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request sent")
    }
}

/// An e-mail address no other test uses.
pub fn unique_email(prefix: &str) -> String {
    format!("{prefix}-{}@example.com", hex::encode(rand::random::<[u8; 6]>()))
}

/// The admin URL of the test PostgreSQL server, if configured.
fn postgres_admin_url() -> Option<String> {
    std::env::var("PORTAL_TEST_DATABASE_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

/// The test Redis server (`PORTAL_TEST_REDIS_URL`), if configured.
pub fn redis_test_url() -> Option<String> {
    std::env::var("PORTAL_TEST_REDIS_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

/// A database created for one test and dropped after it.
pub struct PostgresDatabase {
    admin_url: String,
    name: String,
    /// Its URL.
    pub url: String,
}

impl PostgresDatabase {
    /// A fresh database, when `PORTAL_TEST_DATABASE_URL` is set.
    pub async fn create_if_configured() -> Option<Self> {
        match postgres_admin_url() {
            Some(_) => Some(Self::create().await),
            None => None,
        }
    }

    async fn create() -> Self {
        sqlx::any::install_default_drivers();
        let admin_url = postgres_admin_url().expect("PORTAL_TEST_DATABASE_URL");
        let name = format!("portal_test_{}", hex::encode(rand::random::<[u8; 8]>()));
        let mut admin = sqlx::AnyConnection::connect(&admin_url)
            .await
            .expect("connect to PostgreSQL");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .expect("create database");
        admin.close().await.ok();
        let mut url = url::Url::parse(&admin_url).expect("database URL");
        url.set_path(&name);
        Self {
            admin_url,
            url: url.to_string(),
            name,
        }
    }
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        // Drop runs inside the test's runtime; use a thread with its own to finish the cleanup.
        let cleanup = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                if let Ok(mut admin) = sqlx::AnyConnection::connect(&admin_url).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut admin)
                        .await;
                }
            });
        });
        let _ = cleanup.join();
    }
}

/// Declares each test once and runs it on SQLite and on PostgreSQL (skipped loudly, and a
/// failure in CI, when `PORTAL_TEST_DATABASE_URL` is not set).
macro_rules! on_every_backend {
    ($($(#[$meta:meta])* async fn $name:ident($app:ident: TestApp) $body:block)*) => {
        $($(#[$meta])* async fn $name($app: $crate::helpers::TestApp) $body)*

        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let app = $crate::helpers::spawn_app_on($crate::helpers::Backend::Sqlite).await.expect("SQLite");
                    super::$name(app).await;
                }
            )*
        }

        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    match $crate::helpers::spawn_app_on($crate::helpers::Backend::Postgres).await {
                        Some(app) => super::$name(app).await,
                        None => $crate::helpers::skipped("PostgreSQL", stringify!($name)),
                    }
                }
            )*
        }
    };
}
pub(crate) use on_every_backend;

/// Like [`on_every_backend`], plus a third run with sessions and rate limits in Redis
/// (`PORTAL_TEST_REDIS_URL`), for everything that touches sessions.
macro_rules! on_every_session_store {
    ($($(#[$meta:meta])* async fn $name:ident($app:ident: TestApp) $body:block)*) => {
        $crate::helpers::on_every_backend! { $($(#[$meta])* async fn $name($app: TestApp) $body)* }

        mod redis {
            $(
                #[tokio::test]
                async fn $name() {
                    match $crate::helpers::spawn_app_on($crate::helpers::Backend::Redis).await {
                        Some(app) => super::$name(app).await,
                        None => $crate::helpers::skipped("Redis", stringify!($name)),
                    }
                }
            )*
        }
    };
}
pub(crate) use on_every_session_store;

/// A browser-like client of one test portal: keeps cookies, never follows redirects.
pub struct Browser {
    /// The HTTP client with its cookie jar.
    pub http: reqwest::Client,
    /// The portal's address.
    pub address: String,
}

impl Browser {
    /// A fresh browser with an empty cookie jar.
    pub fn new(app: &TestApp) -> Self {
        Self::at(app, "127.0.0.1")
    }

    /// A fresh browser whose connections come from `source` (any 127.x.y.z is this machine),
    /// so a test can play several people on several addresses.
    pub fn at(app: &TestApp, source: &str) -> Self {
        Self::of(&app.address, source)
    }

    /// A fresh browser of the portal at `address` (a process, say), connecting from `source`.
    pub fn of(address: &str, source: &str) -> Self {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .local_address(source.parse::<std::net::IpAddr>().expect("an IP address"))
            .build()
            .expect("client");
        Self {
            http,
            address: address.to_owned(),
        }
    }

    /// `GET path` and the page, asserting the status.
    pub async fn page(&self, path: &str, status: u16) -> String {
        let response = self
            .http
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        response.text().await.expect("body")
    }

    /// The CSRF token of the form on `path`.
    pub async fn csrf_token(&self, path: &str) -> String {
        let page = self.page(path, 200).await;
        csrf_in(&page).unwrap_or_else(|| panic!("no CSRF token on {path}"))
    }

    /// Submits a form the way a browser without JavaScript does (`Accept: text/html`).
    pub async fn submit_plain(&self, action: &str, from: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(format!("{}{action}", self.address))
            .header("accept", "text/html,application/xhtml+xml")
            .header("referer", format!("{}{from}", self.address))
            .header("origin", self.address.clone())
            .form(fields)
            .send()
            .await
            .expect("sent")
    }

    /// Calls a server function the way an island does (JSON answer).
    pub async fn call(&self, action: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(format!("{}{action}", self.address))
            .header("accept", "application/json")
            .header("origin", self.address.clone())
            .form(fields)
            .send()
            .await
            .expect("sent")
    }

    /// Sends the console's token form (a plain form) with the page's CSRF token and `fields`.
    pub async fn console_token(&self, fields: &[(&str, &str)]) -> reqwest::Response {
        let csrf = self.csrf_token("/try-it").await;
        let mut all = vec![("csrf_token", csrf.as_str())];
        all.extend_from_slice(fields);
        self.submit_plain("/try-it/token", "/try-it", &all).await
    }

    /// Requests a token from the console with pasted credentials; returns the page after.
    pub async fn pasted_token(&self, environment: &str, api: &str, id: &str, secret: &str) -> String {
        let response = self
            .console_token(&[
                ("environment", environment),
                ("api", api),
                ("credentials", "paste"),
                ("client_id", id),
                ("client_secret", secret),
            ])
            .await;
        assert_eq!(
            response.status().as_u16(),
            303,
            "the console answers with a redirect"
        );
        assert_eq!(response.headers()["location"], "/try-it#token-results");
        self.page("/try-it", 200).await
    }

    /// Has the console fetch a v2 token from the sandbox with the account's app `client_id`.
    pub async fn app_token(&self, client_id: &str) {
        let choice = format!("app:{client_id}");
        let response = self
            .console_token(&[
                ("environment", "sandbox"),
                ("api", "v2"),
                ("credentials", &choice),
            ])
            .await;
        assert_eq!(response.status().as_u16(), 303, "the console's token request");
    }

    /// Sends the console's API form (multipart, as a browser does) with the page's CSRF token
    /// and `fields`.
    pub async fn console_call(&self, fields: &[(&str, &str)]) -> reqwest::Response {
        let csrf = self.csrf_token("/try-it").await;
        let form = fields.iter().fold(
            reqwest::multipart::Form::new().text("csrf_token", csrf),
            |form, (name, value)| form.text(name.to_string(), value.to_string()),
        );
        self.http
            .post(format!("{}/try-it/call", self.address))
            .header("accept", "text/html")
            .header("origin", self.address.clone())
            .multipart(form)
            .send()
            .await
            .expect("sent")
    }

    /// Signs up with a plain form and returns (client id, client secret) from the page that
    /// shows them once.
    pub async fn sign_up(&self, email: &str) -> (String, String) {
        let csrf = self.csrf_token("/sandbox/signup").await;
        let response = self
            .submit_plain(
                "/api/account/sign-up",
                "/sandbox/signup",
                &[
                    ("csrf_token", &csrf),
                    ("name", "Jane Doe"),
                    ("email", email),
                    ("organisation", "Acme Health"),
                    ("password", "correct horse battery staple"),
                    ("accept_terms", "yes"),
                ],
            )
            .await;
        assert_eq!(
            response.headers()["location"],
            "/sandbox",
            "sign-up redirects to the sandbox"
        );
        let page = self.page("/sandbox", 200).await;
        credentials_in(&page).expect("the credentials are shown")
    }
}

/// The CSRF token in a page's forms.
pub fn csrf_in(page: &str) -> Option<String> {
    let start = page.find("name=\"csrf_token\" value=\"")? + "name=\"csrf_token\" value=\"".len();
    Some(page[start..].split('"').next()?.to_owned())
}

/// The (client id, client secret) shown on a page, if any.
pub fn credentials_in(page: &str) -> Option<(String, String)> {
    let value_after = |marker: &str| {
        let start = page.find(marker)? + marker.len();
        let end = page[start..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))?;
        Some(format!("{}{}", marker, &page[start..start + end]))
    };
    let secret = value_after("mns_")?;
    let marker = page.find("id=\"new-client-id\"")?;
    let id_start = marker + page[marker..].find('>')? + 1;
    let id = page[id_start..].split('<').next()?.to_owned();
    Some((id, secret))
}

//! Prometheus metrics as an operator sees them: after token requests (issued, refused,
//! rate-limited), console calls and a few pages, `/metrics` on `PORTAL_METRICS_ADDR` shows the
//! series by route template; the portal's own port does not serve it; without the variable
//! the process listens on one port only. Through the real binary, since the recorder is global
//! to a process.

use crate::helpers::{Browser, PostgresDatabase, csrf_in, redis_test_url, skipped};
use crate::process::{create_client, portal};
use axum::Router;
use axum::http::HeaderMap;
use axum::routing::post;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A `portal serve` child on free ports; killed when dropped.
struct Portal {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    address: String,
    port: u16,
    /// `http://127.0.0.1:<port>/metrics` when metrics are on.
    metrics: Option<(u16, String)>,
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Two distinct ports free now.
fn free_ports() -> (u16, u16) {
    let a = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let b = std::net::TcpListener::bind("127.0.0.1:0").expect("another free port");
    let port = |listener: &std::net::TcpListener| listener.local_addr().expect("addr").port();
    (port(&a), port(&b))
}

/// Starts `portal serve` with `env` (plus `PORTAL_METRICS_ADDR` when `with_metrics`) and waits
/// until `/healthz` answers.
async fn start(data_dir: &Path, env: &[(&str, &str)], with_metrics: bool) -> Portal {
    let (port, metrics_port) = free_ports();
    let mut command = portal(data_dir, env);
    command.env("PORTAL_ADDR", format!("127.0.0.1:{port}"));
    if with_metrics {
        command.env("PORTAL_METRICS_ADDR", format!("127.0.0.1:{metrics_port}"));
    }
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("portal starts");
    let portal = Portal {
        child,
        address: format!("http://127.0.0.1:{port}"),
        port,
        metrics: with_metrics.then(|| (metrics_port, format!("http://127.0.0.1:{metrics_port}/metrics"))),
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(response) = reqwest::get(format!("{}/healthz", portal.address)).await
            && response.status().is_success()
        {
            return portal;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the portal did not become healthy at {}", portal.address);
}

impl Portal {
    /// The text of a scrape.
    async fn scrape(&self) -> String {
        let (_, url) = self.metrics.as_ref().expect("metrics are on");
        let response = reqwest::get(url).await.expect("the metrics port answers");
        assert_eq!(response.status().as_u16(), 200);
        assert!(
            response.headers()["content-type"]
                .to_str()
                .expect("ascii")
                .starts_with("text/plain; version=0.0.4"),
            "the Prometheus text format"
        );
        response.text().await.expect("text")
    }

    async fn v2_token(&self, id: &str, secret: &str) -> reqwest::Response {
        reqwest::Client::new()
            .post(format!("{}/apip/auth/v2/token", self.address))
            .basic_auth(id, Some(secret))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .expect("sent")
    }

    /// The ports this process listens on (from /proc: what `ss -ltnp` would show).
    fn listening_ports(&self) -> BTreeSet<u16> {
        let pid = self.child.id();
        let sockets: HashSet<String> = std::fs::read_dir(format!("/proc/{pid}/fd"))
            .expect("the portal's descriptors")
            .filter_map(|entry| std::fs::read_link(entry.ok()?.path()).ok())
            .filter_map(|target| {
                let target = target.to_str()?;
                Some(target.strip_prefix("socket:[")?.strip_suffix(']')?.to_owned())
            })
            .collect();
        let mut ports = BTreeSet::new();
        for table in ["tcp", "tcp6"] {
            let Ok(text) = std::fs::read_to_string(format!("/proc/{pid}/net/{table}")) else {
                continue;
            };
            for line in text.lines().skip(1) {
                let fields: Vec<&str> = line.split_whitespace().collect();
                // local_address, st (0A: LISTEN), inode
                if fields.len() > 9 && fields[3] == "0A" && sockets.contains(fields[9]) {
                    let port = fields[1].rsplit(':').next().expect("port");
                    ports.insert(u16::from_str_radix(port, 16).expect("hex port"));
                }
            }
        }
        ports
    }
}

/// The sum of the samples of `name` whose labels include `labels` (0 when there are none).
fn total(text: &str, name: &str, labels: &[(&str, &str)]) -> f64 {
    samples(text, name, labels).iter().sum()
}

fn samples(text: &str, name: &str, labels: &[(&str, &str)]) -> Vec<f64> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (series, value) = line.rsplit_once(' ')?;
            let (metric, rest) = match series.split_once('{') {
                Some((metric, rest)) => (metric, rest.strip_suffix('}')?),
                None => (series, ""),
            };
            let pairs: Vec<&str> = rest.split(',').collect();
            let wanted = metric == name
                && labels
                    .iter()
                    .all(|(key, value)| pairs.contains(&format!("{key}=\"{value}\"").as_str()));
            wanted.then(|| value.parse::<f64>().expect("a number"))
        })
        .collect()
}

/// An upstream gateway's token endpoint that records the `X-Request-Id` of each request.
async fn recording_upstream() -> (String, Arc<Mutex<Vec<Option<String>>>>) {
    let seen: Arc<Mutex<Vec<Option<String>>>> = Arc::default();
    let recorded = seen.clone();
    let router = Router::new().route(
        "/token",
        post(move |headers: HeaderMap| {
            let recorded = recorded.clone();
            async move {
                let id = headers
                    .get("x-request-id")
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_owned);
                recorded.lock().expect("lock").push(id);
                axum::Json(serde_json::json!({
                    "access_token": "opaque-upstream-token",
                    "token_type": "Bearer",
                    "expires_in": 60
                }))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    (address, seen)
}

/// Sends the console's token form for `environment` with pasted credentials, the browser
/// claiming a request id of its own; returns the id the portal answered with.
async fn console_token(browser: &Browser, environment: &str) -> String {
    let page = browser.page("/try-it", 200).await;
    let csrf = csrf_in(&page).expect("a CSRF token");
    let response = browser
        .http
        .post(format!("{}/try-it/token", browser.address))
        .header("accept", "text/html")
        .header("origin", browser.address.clone())
        .header("referer", format!("{}/try-it", browser.address))
        .header("x-request-id", "chosen-by-the-browser")
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("environment", environment),
            ("api", "v2"),
            ("credentials", "paste"),
            ("client_id", "mnc_someone"),
            ("client_secret", "mns_something"),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(
        response.status().as_u16(),
        303,
        "the console answers with a redirect"
    );
    response.headers()["x-request-id"]
        .to_str()
        .expect("ascii")
        .to_owned()
}

#[tokio::test]
async fn an_operator_sees_tokens_refusals_console_calls_and_rate_limits_by_route_template() {
    // Arrange: a gateway that records request ids, one where nothing listens, two tokens a minute.
    let (upstream, upstream_ids) = recording_upstream().await;
    let (closed, _) = free_ports();
    let environments = serde_json::json!([
        {"id": "recorder", "name": "Recorder", "api_base_url": upstream, "v2_token_url": format!("{upstream}/token")},
        {"id": "nowhere", "name": "Nowhere", "api_base_url": format!("http://127.0.0.1:{closed}"),
         "v2_token_url": format!("http://127.0.0.1:{closed}/token")},
    ])
    .to_string();
    let env = [
        ("PORTAL_TOKEN_RATE_LIMIT", "2/min"),
        ("PORTAL_ENVIRONMENTS", environments.as_str()),
    ];
    let dir = tempfile::tempdir().expect("data dir");
    let (id, secret) = create_client(dir.path(), &env);
    let portal = start(dir.path(), &env, true).await;
    let http = reqwest::Client::new();

    // Act: a token, a wrong secret, a v1 token, one over the limit; an API call; two console
    // calls; a page; a path nothing serves.
    let issued = portal.v2_token(&id, &secret).await;
    assert_eq!(issued.status().as_u16(), 200);
    let body: serde_json::Value = issued.json().await.expect("json");
    let token = body["access_token"].as_str().expect("a token").to_owned();
    assert_eq!(portal.v2_token(&id, "mns_wrong").await.status().as_u16(), 401);
    let v1 = http
        .post(format!("{}/apip/auth/v1/token", portal.address))
        .json(&serde_json::json!({"clientId": id, "clientSecret": secret}))
        .send()
        .await
        .expect("sent");
    assert_eq!(v1.status().as_u16(), 200);
    assert_eq!(portal.v2_token(&id, &secret).await.status().as_u16(), 429);
    let status = http
        .get(format!(
            "{}/claims/attachments/v1/status/att_nosuchattachment",
            portal.address
        ))
        .bearer_auth(&token)
        .send()
        .await
        .expect("sent");
    assert_eq!(status.status().as_u16(), 404);
    let browser = Browser {
        http: reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client"),
        address: portal.address.clone(),
    };
    let portal_id = console_token(&browser, "recorder").await;
    console_token(&browser, "nowhere").await;
    let missing = http
        .get(format!("{}/no/such/page", portal.address))
        .send()
        .await
        .expect("sent");
    assert_eq!(missing.status().as_u16(), 404);
    let text = portal.scrape().await;

    // Assert: tokens, refusals by reason, the limit's bucket.
    assert_eq!(
        total(&text, "portal_tokens_issued_total", &[("api", "v2")]),
        1.0,
        "{text}"
    );
    assert_eq!(total(&text, "portal_tokens_issued_total", &[("api", "v1")]), 1.0);
    let refused = |reason| {
        total(
            &text,
            "portal_tokens_refused_total",
            &[("api", "v2"), ("reason", reason)],
        )
    };
    assert_eq!(refused("invalid_client"), 1.0);
    assert_eq!(refused("rate_limited"), 1.0);
    assert_eq!(
        total(
            &text,
            "portal_rate_limit_refusals_total",
            &[("bucket", "tokens-issued")]
        ),
        1.0
    );
    // The console's calls, by environment and outcome.
    let calls = |environment, outcome| {
        total(
            &text,
            "portal_console_upstream_calls_total",
            &[("environment", environment), ("outcome", outcome)],
        )
    };
    assert_eq!(calls("recorder", "2xx"), 1.0);
    assert_eq!(calls("nowhere", "connect_refused"), 1.0);
    // Requests by route template, method and status; never a raw path.
    let requests = |route, method, status| {
        total(
            &text,
            "portal_http_requests_total",
            &[("route", route), ("method", method), ("status", status)],
        )
    };
    assert_eq!(requests("/apip/auth/v2/token", "POST", "200"), 1.0);
    assert_eq!(requests("/apip/auth/v2/token", "POST", "401"), 1.0);
    assert_eq!(requests("/apip/auth/v2/token", "POST", "429"), 1.0);
    assert_eq!(requests("/apip/auth/v1/token", "POST", "200"), 1.0);
    assert_eq!(requests("/claims/attachments/v1/status/{id}", "GET", "404"), 1.0);
    assert_eq!(requests("/try-it/token", "POST", "303"), 2.0);
    assert!(
        requests("/try-it", "GET", "200") >= 2.0,
        "a Leptos page has its route too"
    );
    assert!(requests("unmatched", "GET", "404") >= 1.0);
    assert!(requests("/healthz", "GET", "200") >= 1.0);
    assert!(!text.contains("att_nosuchattachment") && !text.contains("/no/such/page"));
    let histogram = [
        ("route", "/apip/auth/v2/token"),
        ("method", "POST"),
        ("status", "200"),
    ];
    assert_eq!(
        total(&text, "portal_http_request_duration_seconds_count", &histogram),
        1.0
    );
    let mut le_inf = histogram.to_vec();
    le_inf.push(("le", "+Inf"));
    assert_eq!(
        total(&text, "portal_http_request_duration_seconds_bucket", &le_inf),
        1.0
    );
    // Gauges, read at the scrape.
    assert_eq!(
        total(
            &text,
            "portal_build_info",
            &[("version", env!("CARGO_PKG_VERSION"))]
        ),
        1.0
    );
    assert_eq!(
        samples(&text, "portal_db_pool_connections", &[("state", "idle")]).len(),
        1
    );
    assert_eq!(
        samples(&text, "portal_db_pool_connections", &[("state", "in_use")]).len(),
        1
    );
    assert!(
        total(&text, "portal_sessions_active", &[]) >= 1.0,
        "the browser's session"
    );
    assert!(
        samples(&text, "portal_redis_up", &[]).is_empty(),
        "no Redis configured"
    );
    // The console sent the portal's request id upstream, not the one the browser made up.
    assert_eq!(
        upstream_ids.lock().expect("lock").clone(),
        vec![Some(portal_id.clone())]
    );
    assert_ne!(portal_id, "chosen-by-the-browser");
    // The portal's own port does not serve metrics; the metrics port serves nothing else.
    let on_main = http
        .get(format!("{}/metrics", portal.address))
        .send()
        .await
        .expect("sent");
    assert_eq!(on_main.status().as_u16(), 404);
    assert!(
        !on_main
            .text()
            .await
            .expect("body")
            .contains("portal_http_requests_total")
    );
    let (metrics_port, _) = portal.metrics.clone().expect("metrics are on");
    let elsewhere = reqwest::get(format!("http://127.0.0.1:{metrics_port}/healthz"))
        .await
        .expect("sent");
    assert_eq!(elsewhere.status().as_u16(), 404);
    assert_eq!(
        portal.listening_ports(),
        BTreeSet::from([portal.port, metrics_port])
    );
}

#[tokio::test]
async fn without_a_metrics_address_the_portal_listens_on_its_own_port_only() {
    let dir = tempfile::tempdir().expect("data dir");
    let portal = start(dir.path(), &[], false).await;

    let on_main = reqwest::get(format!("{}/metrics", portal.address))
        .await
        .expect("sent");

    assert_eq!(on_main.status().as_u16(), 404);
    assert_eq!(portal.listening_ports(), BTreeSet::from([portal.port]));
}

#[tokio::test]
async fn on_postgres_the_sessions_gauge_counts_the_session_table() {
    let Some(database) = PostgresDatabase::create_if_configured().await else {
        skipped(
            "PostgreSQL",
            "on_postgres_the_sessions_gauge_counts_the_session_table",
        );
        return;
    };
    let env = [("PORTAL_DATABASE_URL", database.url.as_str())];
    let dir = tempfile::tempdir().expect("data dir");
    let portal = start(dir.path(), &env, true).await;
    let before = total(&portal.scrape().await, "portal_sessions_active", &[]);
    let browser = Browser {
        http: reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client"),
        address: portal.address.clone(),
    };

    browser.page("/try-it", 200).await;
    let text = portal.scrape().await;

    assert_eq!(
        total(&text, "portal_sessions_active", &[]),
        before + 1.0,
        "{text}"
    );
    assert_eq!(
        samples(&text, "portal_db_pool_connections", &[("state", "idle")]).len(),
        1
    );
}

#[tokio::test]
async fn with_redis_the_scrape_says_whether_redis_is_up_and_does_not_count_sessions() {
    let Some(redis) = redis_test_url() else {
        skipped(
            "Redis",
            "with_redis_the_scrape_says_whether_redis_is_up_and_does_not_count_sessions",
        );
        return;
    };
    let env = [("PORTAL_REDIS_URL", redis.as_str())];
    let dir = tempfile::tempdir().expect("data dir");
    let portal = start(dir.path(), &env, true).await;

    let text = portal.scrape().await;

    assert_eq!(total(&text, "portal_redis_up", &[]), 1.0, "{text}");
    assert!(samples(&text, "portal_sessions_active", &[]).is_empty());
}

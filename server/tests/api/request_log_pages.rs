//! The request log's pages, exports and live updates as a developer uses them: requests sent
//! from outside the portal (reqwest, as their own code would) show up in their app's log
//! with the right explanation, filtered and paged; the exports carry the filters and defuse
//! spreadsheet formulas; the event stream delivers what happens after it opened; and nobody
//! but the app's owner sees any of it.

use crate::helpers::{Browser, TestApp, TestClient, on_every_backend};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;
use std::time::Duration;

const TOKEN: &str = "/apip/auth/v2/token";
const WRONG_SECRET_TITLE: &str = "invalid_client: the client secret is wrong";

fn unique_email() -> String {
    crate::helpers::unique_email("request-log")
}

fn log_path(client_id: &str) -> String {
    format!("/sandbox/apps/{client_id}/requests")
}

/// A v2 token request with HTTP Basic, as a developer's code sends it; returns the response.
async fn token_request(app: &TestApp, id: &str, secret: &str, user_agent: &str) -> reqwest::Response {
    let client = TestClient {
        id: id.to_owned(),
        secret: secret.to_owned(),
    };
    app.client
        .post(app.url(TOKEN))
        .header("authorization", client.basic())
        .header("content-type", "application/x-www-form-urlencoded")
        .header("user-agent", user_agent)
        .body("grant_type=client_credentials")
        .send()
        .await
        .expect("sent")
}

/// The `X-Request-Id` the portal answered with.
fn request_id(response: &reqwest::Response) -> String {
    response.headers()["x-request-id"]
        .to_str()
        .expect("ascii")
        .to_owned()
}

/// The page at `path` once it contains every one of `needles` (the log is written about
/// every 250 ms; waits up to 5 s).
async fn page_with(browser: &Browser, path: &str, needles: &[&str]) -> String {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let page = browser.page(path, 200).await;
        if needles.iter().all(|needle| page.contains(needle)) {
            return page;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "GET {path} never showed {needles:?}:\n{page}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// How many requests a page of the log lists.
fn rows(page: &str) -> usize {
    page.split("<tbody").nth(1).map_or(0, |body| {
        body.split("</tbody>")
            .next()
            .unwrap_or_default()
            .matches("<tr")
            .count()
    })
}

/// The `jti` claim of a JWT.
fn jti_of(token: &str) -> String {
    let payload = token.split('.').nth(1).expect("a JWT");
    let claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url")).expect("json");
    claims["jti"].as_str().expect("jti").to_owned()
}

/// The first server-sent event of `response` (within 5 s), as its lines.
async fn first_event(response: &mut reqwest::Response) -> String {
    let mut text = String::new();
    let read = async {
        while let Some(chunk) = response.chunk().await.expect("the stream reads") {
            text.push_str(&String::from_utf8_lossy(&chunk));
            // Keep-alive comments (`:`) are not events.
            if let Some(event) = text
                .split("\n\n")
                .find(|block| block.lines().any(|line| line.starts_with("event:")))
            {
                return event.to_owned();
            }
        }
        panic!("the stream ended before an event: {text}");
    };
    tokio::time::timeout(Duration::from_secs(5), read)
        .await
        .expect("an event within 5 s")
}

on_every_backend! {
    /// A wrong secret and a good request from outside the portal are both listed, newest
    /// first, and each detail view explains it, with "Open in the console" pre-filled.
    async fn bad_and_good_token_requests_show_up_with_their_explanations(app: TestApp) {
        let browser = Browser::new(&app);
        let (client_id, secret) = browser.sign_up(&unique_email()).await;

        let bad = token_request(&app, &client_id, "mns_not-the-secret", "my-billing-service/1.0").await;
        assert_eq!(bad.status().as_u16(), 401);
        let bad_id = request_id(&bad);
        let good = token_request(&app, &client_id, &secret, "my-billing-service/1.0").await;
        assert_eq!(good.status().as_u16(), 200);
        let good_id = request_id(&good);
        let token = good.json::<Value>().await.expect("json")["access_token"].as_str().expect("token").to_owned();

        let list = page_with(&browser, &log_path(&client_id), &[&bad_id, &good_id]).await;
        assert_eq!(rows(&list), 2);
        assert!(list.contains(WRONG_SECRET_TITLE) && list.contains("Token issued"));
        assert!(list.contains("invalid_client") && list.contains("Outside") && list.contains("127.0.0.1"));
        assert!(
            list.find(&good_id) < list.find(&bad_id),
            "the newest request is listed first"
        );
        assert!(list.contains("Times are in UTC"));
        let response = browser.http.get(app.url(&log_path(&client_id))).send().await.expect("sent");
        assert_eq!(response.headers()["cache-control"], "no-store");

        let detail = browser.page(&format!("{}/{bad_id}", log_path(&client_id)), 200).await;
        assert!(detail.contains(WRONG_SECRET_TITLE));
        assert!(detail.contains("neither its current secret nor the one it had before the last rotation"));
        assert!(detail.contains("Next: Check that the secret was copied whole"));
        assert!(detail.contains("wrong_secret") && detail.contains("my-billing-service/1.0"));
        assert!(!detail.contains("mns_not-the-secret"), "the secret sent is not kept");
        let console = format!("/try-it?app={client_id}&amp;api=v2");
        assert!(detail.contains(&console), "Open in the console, pre-filled:\n{detail}");

        let detail = browser.page(&format!("{}/{good_id}", log_path(&client_id)), 200).await;
        assert!(detail.contains("Token issued"));
        assert!(detail.contains(&jti_of(&token)), "the token's id is shown");
        assert!(!detail.contains(&token), "the token itself is not kept");

        let console = browser.page(&format!("/try-it?app={client_id}&api=v2"), 200).await;
        assert!(console.contains("Opened from the request log"));
        assert!(console.contains(&format!("value=\"app:{client_id}\" checked")), "the app is chosen");

        let unknown = format!("{}/0f3a9c7e-1b2d-4c5e-8f90-a1b2c3d4e5f6", log_path(&client_id));
        browser.page(&unknown, 404).await;
        browser.page(&format!("{}/not%20an%20id", log_path(&client_id)), 404).await;
    }

    /// Status class, endpoint, only failures and the time range narrow the list; 50 a page,
    /// with "Older requests" carrying the filters.
    async fn the_log_is_filtered_and_paged(app: TestApp) {
        let browser = Browser::new(&app);
        let (client_id, secret) = browser.sign_up(&unique_email()).await;
        let mut last = String::new();
        for _ in 0..52 {
            let response = token_request(&app, &client_id, &secret, "loop").await;
            assert_eq!(response.status().as_u16(), 200);
            last = request_id(&response);
        }
        app.clock.advance(600);
        let bad = token_request(&app, &client_id, "mns_wrong", "loop").await;
        let bad_id = request_id(&bad);
        let legacy = app
            .client
            .post(app.url("/apip/auth/v1/token"))
            .json(&serde_json::json!({"clientId": client_id, "clientSecret": secret}))
            .send()
            .await
            .expect("sent");
        assert_eq!(legacy.status().as_u16(), 200);
        let legacy_id = request_id(&legacy);
        let log = log_path(&client_id);

        let first = page_with(&browser, &log, &[&bad_id, &legacy_id, &last]).await;
        assert_eq!(rows(&first), 50);
        let older = first
            .split("rel=\"next\"")
            .next()
            .and_then(|before| before.rsplit("href=\"").next())
            .and_then(|href| href.split('"').next())
            .expect("an Older requests link")
            .replace("&amp;", "&");
        assert!(first.contains("Older requests") && older.contains("before="), "{older}");
        let second = browser.page(&older, 200).await;
        assert_eq!(rows(&second), 4, "54 requests: 50, then 4");
        assert!(!second.contains("Older requests"));

        let failures = browser.page(&format!("{log}?status=4xx"), 200).await;
        assert_eq!(rows(&failures), 1);
        assert!(failures.contains(&bad_id));
        let failures = browser.page(&format!("{log}?failures=1"), 200).await;
        assert_eq!(rows(&failures), 1);
        let legacy_only = browser.page(&format!("{log}?endpoint=token_v1"), 200).await;
        assert_eq!(rows(&legacy_only), 1);
        assert!(legacy_only.contains(&legacy_id));
        // The test clock starts at 2026-11-29T10:00:00Z; the last two came ten minutes later.
        let later = browser.page(&format!("{log}?from=2026-11-29T10%3A05"), 200).await;
        assert_eq!(rows(&later), 2);
        let earlier = browser.page(&format!("{log}?to=2026-11-29T10%3A04&status=2xx"), 200).await;
        assert_eq!(rows(&earlier), 50);
        assert!(earlier.contains("before="), "the next page keeps the filters: {}", rows(&earlier));
        assert!(earlier.contains("status=2xx&amp;to=2026-11-29T10%3A04&amp;before="));

        let odd = browser.page(&format!("{log}?status=3xx&from=yesterday"), 200).await;
        assert!(odd.contains("Some filters could not be used"));
        assert_eq!(rows(&odd), 50, "the rest of the page is the unfiltered log");
    }

    /// CSV and JSON carry the list's filters, are downloads that are never cached, and a
    /// user agent starting with `=` reaches the CSV as text, not as a formula.
    async fn exports_carry_the_filters_and_defuse_formulas(app: TestApp) {
        let browser = Browser::new(&app);
        let (client_id, secret) = browser.sign_up(&unique_email()).await;
        let formula = "=HYPERLINK(\"http://evil.example\",\"x\")";
        let bad = token_request(&app, &client_id, "mns_wrong", formula).await;
        let bad_id = request_id(&bad);
        let good = token_request(&app, &client_id, &secret, "curl/8.5.0").await;
        let good_id = request_id(&good);
        let list = page_with(&browser, &log_path(&client_id), &[&bad_id, &good_id]).await;
        let csv_link = format!("/sandbox/apps/{client_id}/requests.csv");
        assert!(list.contains(&csv_link) && list.contains(&format!("/sandbox/apps/{client_id}/requests.json")));
        let filtered = browser.page(&format!("{}?status=4xx", log_path(&client_id)), 200).await;
        assert!(filtered.contains(&format!("{csv_link}?status=4xx")), "the links carry the filters");

        let csv = browser.http.get(app.url(&csv_link)).send().await.expect("sent");
        assert_eq!(csv.status().as_u16(), 200);
        assert_eq!(csv.headers()["cache-control"], "no-store");
        assert!(csv.headers()["content-type"].to_str().expect("ascii").starts_with("text/csv"));
        let disposition = csv.headers()["content-disposition"].to_str().expect("ascii").to_owned();
        assert!(disposition.starts_with("attachment;") && disposition.contains(".csv"), "{disposition}");
        let csv = csv.text().await.expect("body");
        let lines: Vec<&str> = csv.split("\r\n").filter(|line| !line.is_empty()).collect();
        assert_eq!(lines.len(), 3, "a header and two rows:\n{csv}");
        assert!(lines[0].starts_with("\"time_utc\",\"request_id\""));
        assert!(lines[1].contains(&good_id) && lines[2].contains(&bad_id), "newest first");
        assert!(
            lines[2].contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""),
            "the formula is quoted and defused: {}",
            lines[2]
        );
        assert!(!csv.contains(",\"=") && !csv.contains(",="), "no cell starts with =");
        assert!(lines[2].contains("\"wrong_secret\"") && lines[2].contains(WRONG_SECRET_TITLE));

        let json = browser.http.get(app.url(&format!("/sandbox/apps/{client_id}/requests.json?status=4xx"))).send().await.expect("sent");
        assert_eq!(json.headers()["cache-control"], "no-store");
        assert!(json.headers()["content-disposition"].to_str().expect("ascii").starts_with("attachment;"));
        let json: Value = json.json().await.expect("json");
        assert_eq!(json["count"], 1);
        let only = &json["requests"][0];
        assert_eq!(only["request_id"], bad_id.as_str());
        assert_eq!(only["status"], 401);
        assert_eq!(only["reason"], "wrong_secret");
        assert_eq!(only["user_agent"], formula, "JSON keeps the value as it was");
        assert_eq!(only["explanation"]["title"], WRONG_SECRET_TITLE);

        let script = "</script><script>alert(1)</script>";
        let scripted = token_request(&app, &client_id, "mns_wrong", script).await;
        let scripted_id = request_id(&scripted);
        page_with(&browser, &log_path(&client_id), &[&scripted_id]).await;
        let detail = browser.page(&format!("{}/{scripted_id}", log_path(&client_id)), 200).await;
        assert!(detail.contains("&lt;/script&gt;&lt;script&gt;alert(1)"), "shown as text");
        assert!(!detail.contains("<script>alert(1)"), "never as markup: {detail}");

        let odd = browser.http.get(app.url(&format!("{csv_link}?status=3xx"))).send().await.expect("sent");
        assert_eq!(odd.status().as_u16(), 400, "an export never silently drops a filter");
    }

    /// Another account gets 404 for every page, export and stream of the app, exactly as for
    /// an app that does not exist; signed-out people are sent to sign in (pages) or get 401.
    async fn nobody_else_sees_an_apps_requests(app: TestApp) {
        let owner = Browser::new(&app);
        let (client_id, secret) = owner.sign_up(&unique_email()).await;
        let good = token_request(&app, &client_id, &secret, "curl/8.5.0").await;
        let id = request_id(&good);
        page_with(&owner, &log_path(&client_id), &[&id]).await;
        let paths = [
            log_path(&client_id),
            format!("{}/{id}", log_path(&client_id)),
            format!("/sandbox/apps/{client_id}/requests.csv"),
            format!("/sandbox/apps/{client_id}/requests.json"),
            format!("/sandbox/apps/{client_id}/requests/events?after=0.0"),
        ];

        let intruder = Browser::new(&app);
        let (own_app, _) = intruder.sign_up(&unique_email()).await;
        for path in &paths {
            let response = intruder.http.get(app.url(path)).send().await.expect("sent");
            assert_eq!(response.status().as_u16(), 404, "{path}");
            let body = response.text().await.expect("body");
            assert!(!body.contains("Token issued") && !body.contains("First sandbox app"), "{path}: {body}");
            let unknown = path.replace(&client_id, "mnc_doesnotexist");
            let response = intruder.http.get(app.url(&unknown)).send().await.expect("sent");
            assert_eq!(response.status().as_u16(), 404, "{unknown}");
        }
        let console = intruder.page(&format!("/try-it?app={client_id}&api=v2"), 200).await;
        assert!(!console.contains("Opened from the request log"), "another account's app is never chosen");
        assert!(!console.contains(&client_id));
        intruder.page(&log_path(&own_app), 200).await;

        let anonymous = Browser::new(&app);
        for path in &paths[..2] {
            let response = anonymous.http.get(app.url(path)).send().await.expect("sent");
            assert_eq!(response.headers()["location"], "/login", "{path}");
        }
        for path in &paths[2..] {
            let response = anonymous.http.get(app.url(path)).send().await.expect("sent");
            assert_eq!(response.status().as_u16(), 401, "{path}");
        }
    }

    /// A request made after the stream opened arrives as an event carrying its row; a
    /// reconnect with `Last-Event-ID` resumes after it; a fourth stream of one account is refused.
    async fn the_event_stream_delivers_requests_made_after_it_opened(app: TestApp) {
        let browser = Browser::new(&app);
        let (client_id, secret) = browser.sign_up(&unique_email()).await;
        let events = app.url(&format!("/sandbox/apps/{client_id}/requests/events"));
        let list = browser.page(&log_path(&client_id), 200).await;
        assert!(list.contains("No requests yet") && list.contains("curl -u"), "the empty state says how to make one");
        assert!(
            list.contains(&format!("data-live-events=\"/sandbox/apps/{client_id}/requests/events\"")) && list.contains("Refresh"),
            "the page offers live updates (with JavaScript) and a Refresh link"
        );

        let mut stream = browser.http.get(format!("{events}?after=0.0")).send().await.expect("opened");
        assert_eq!(stream.status().as_u16(), 200);
        assert!(stream.headers()["content-type"].to_str().expect("ascii").starts_with("text/event-stream"));
        assert_eq!(stream.headers()["cache-control"], "no-store");
        let bad = token_request(&app, &client_id, "mns_wrong", "curl/8.5.0").await;
        let bad_id = request_id(&bad);
        let event = first_event(&mut stream).await;
        assert!(event.contains("event: request"), "{event}");
        assert!(event.contains(&bad_id) && event.contains(WRONG_SECRET_TITLE), "{event}");
        assert!(event.contains("data: <tr"), "{event}");
        let cursor = event
            .lines()
            .find_map(|line| line.strip_prefix("id: "))
            .expect("an event id")
            .to_owned();

        let good = token_request(&app, &client_id, &secret, "curl/8.5.0").await;
        let good_id = request_id(&good);
        let mut resumed = browser
            .http
            .get(format!("{events}?after=0.0"))
            .header("last-event-id", &cursor)
            .send()
            .await
            .expect("opened");
        let event = first_event(&mut resumed).await;
        assert!(event.contains(&good_id) && !event.contains(&bad_id), "resumed after the last event: {event}");

        let third = browser.http.get(format!("{events}?after=0.0")).send().await.expect("opened");
        assert_eq!(third.status().as_u16(), 200);
        let fourth = browser.http.get(format!("{events}?after=0.0")).send().await.expect("sent");
        assert_eq!(fourth.status().as_u16(), 429, "at most three streams per account");
        drop((stream, resumed, third));
        let missing = browser.http.get(events.clone()).send().await.expect("sent");
        assert_ne!(missing.status().as_u16(), 200, "a stream needs a starting point");
    }
}

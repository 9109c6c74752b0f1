//! The token inspector (`/sandbox/inspect`) through its real form, signed up and signed in
//! like a person: an own token's app, scopes and last uses; expired, revoked and rotated
//! tokens in words; another account's token told only as not yours; foreign tokens and
//! garbage; the pasted token in no log and not in the database. And the console's link-up:
//! its exchanges with the sandbox link to their request-log entries and carry the log's
//! precise explanation, and its token panel shows the inspector's view.

use crate::helpers::{
    Browser, TestApp, TestClient, TestOptions, captured_logs, spawn_app_with, unique_email,
};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use server::crypto::PortalKey;
use server::oauth::tokens::{TokenApi, TokenService};
use server::request_log::RequestLogSettings;
use std::sync::Arc;
use std::time::Duration;

const INSPECT: &str = "/sandbox/inspect";
const KEY_BYTES: [u8; 32] = *b"inspector-test-key-32-bytes-long";

/// A portal with a known key whose request log is written quickly.
async fn portal() -> TestApp {
    spawn_app_with(TestOptions {
        secret_key: Some(STANDARD.encode(KEY_BYTES)),
        request_log: Some(RequestLogSettings {
            flush_every: Duration::from_millis(20),
            ..RequestLogSettings::default()
        }),
        ..TestOptions::default()
    })
    .await
}

/// A signed-up person and their first app's credentials.
async fn person(app: &TestApp) -> (Browser, TestClient) {
    let browser = Browser::new(app);
    let (id, secret) = browser.sign_up(&unique_email("inspector")).await;
    (browser, TestClient { id, secret })
}

/// Sends `token` through the inspector's form; the answer.
async fn inspect_response(browser: &Browser, token: &str) -> reqwest::Response {
    let csrf = browser.csrf_token(INSPECT).await;
    browser
        .submit_plain(INSPECT, INSPECT, &[("csrf_token", &csrf), ("token", token)])
        .await
}

/// Sends `token` through the inspector's form; the page, asserting a 200 kept out of caches.
async fn inspect(browser: &Browser, token: &str) -> String {
    let response = inspect_response(browser, token).await;
    assert_eq!(
        response.status().as_u16(),
        200,
        "the inspector answers with its page"
    );
    assert_eq!(response.headers()["cache-control"], "no-store");
    response.text().await.expect("page")
}

/// A v2 token for `client`, and the request id its token request was filed under.
async fn token_with_request_id(app: &TestApp, client: &TestClient) -> (String, String) {
    let response = app
        .post_form(
            "/apip/auth/v2/token",
            "grant_type=client_credentials",
            Some(&client.basic()),
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .expect("ascii")
        .to_owned();
    let json: serde_json::Value = response.json().await.expect("json");
    (
        json["access_token"].as_str().expect("token").to_owned(),
        request_id,
    )
}

/// The `jti` of a token (decoded, not verified).
fn jti_of(token: &str) -> String {
    let payload = token.split('.').nth(1).expect("payload");
    let claims: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .expect("base64url"),
    )
    .expect("json");
    claims["jti"].as_str().expect("jti").to_owned()
}

/// Waits (up to 10 s) until the request log holds `count` records of the token.
async fn uses_recorded(app: &TestApp, client: &str, token: &str, count: usize) {
    let jti = jti_of(token);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let records = app
            .sandbox
            .db
            .request_log_of_token(client, &jti, 10)
            .await
            .expect("the log reads");
        if records.len() >= count {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{count} uses never recorded: {records:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn the_inspector_is_for_signed_in_people() {
    let app = portal().await;
    let anonymous = Browser::new(&app);
    let response = anonymous
        .http
        .get(format!("{}{INSPECT}", app.address))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.headers()["location"], "/login");

    let (browser, _) = person(&app).await;
    let page = browser.page(INSPECT, 200).await;
    assert!(page.contains("Token inspector") && page.contains("name=\"token\""));
    assert!(
        page.contains("name=\"csrf_token\""),
        "the form carries the CSRF token"
    );
    assert!(
        browser
            .page("/sandbox", 200)
            .await
            .contains("href=\"/sandbox/inspect\""),
        "linked from the sandbox page"
    );
    assert!(
        browser
            .page("/try-it", 200)
            .await
            .contains("href=\"/sandbox/inspect\""),
        "linked from the console"
    );
}

#[tokio::test]
async fn an_own_token_shows_its_app_scopes_checks_and_last_uses() {
    let app = portal().await;
    let (browser, client) = person(&app).await;
    app.sandbox
        .clients
        .rename(&client.id, "Billing service")
        .await
        .expect("renamed");
    let (token, issued_request) = token_with_request_id(&app, &client).await;
    let used = app
        .get_with_token("/claims/attachments/v1/status/att_missing", &token)
        .await;
    let used_request = used.headers()["x-request-id"].to_str().expect("ascii").to_owned();
    uses_recorded(&app, &client.id, &token, 2).await;

    let page = inspect(&browser, &format!("Bearer {token}\n")).await;

    assert!(page.contains("Active: the sandbox accepts this token"), "{page}");
    assert!(
        page.contains("Billing service") && page.contains(&client.id),
        "the app"
    );
    assert!(
        page.contains("claims.attachments.read claims.attachments.write"),
        "its scopes"
    );
    assert!(page.contains("expires in 1 hour"), "the expiry in words");
    assert!(
        page.contains(app.sandbox.tokens.key_id()),
        "the signature's key id"
    );
    assert!(page.contains("Issued") && page.contains("Last uses"));
    for request_id in [&issued_request, &used_request] {
        assert!(
            page.contains(&format!("/sandbox/apps/{}/requests/{request_id}", client.id)),
            "each use links to its log entry ({request_id})"
        );
    }
    assert!(page.contains("Attachment status") && page.contains("v2 token"));
    assert!(
        page.contains("&quot;jti&quot;") || page.contains("\"jti\""),
        "the claims, decoded"
    );
    assert!(page.contains("EdDSA"), "the header, decoded");
    let signature = token.rsplit('.').next().expect("signature");
    assert!(!page.contains(signature), "the token is not put back in the page");
}

#[tokio::test]
async fn an_expired_token_says_so_in_words() {
    let app = portal().await;
    let (browser, client) = person(&app).await;
    let token = app.token(&client, None).await;
    app.clock.advance(3600 + 180);
    let page = inspect(&browser, &token).await;
    assert!(page.contains("Expired: the sandbox refuses this token"), "{page}");
    assert!(page.contains("expired 3 minutes ago"));
}

#[tokio::test]
async fn revoked_tokens_and_tokens_of_revoked_or_rotated_apps_say_why() {
    let app = portal().await;
    let (browser, client) = person(&app).await;
    let token = app.token(&client, None).await;
    let revoked = app
        .post_form(
            "/apip/auth/v2/revoke",
            &format!("token={token}"),
            Some(&client.basic()),
        )
        .await;
    assert_eq!(revoked.status().as_u16(), 200);
    let page = inspect(&browser, &token).await;
    assert!(page.contains("Revoked: the sandbox refuses this token"), "{page}");
    assert!(page.contains("the token itself was revoked"));

    let before_rotation = app.token(&client, None).await;
    app.sandbox.clients.rotate(&client.id).await.expect("rotated");
    let page = inspect(&browser, &before_rotation).await;
    assert!(
        page.contains("issued before the app&#x27;s secret was rotated at")
            || page.contains("issued before the app's secret was rotated at"),
        "{page}"
    );

    let (other_browser, other) = person(&app).await;
    let token = app.token(&other, None).await;
    app.sandbox.clients.revoke(&other.id).await.expect("revoked");
    let page = inspect(&other_browser, &token).await;
    assert!(page.contains("its app was revoked"), "{page}");
    assert!(!page.contains("Active: the sandbox accepts"));
}

#[tokio::test]
async fn another_accounts_token_shows_only_that_it_is_not_yours() {
    let app = portal().await;
    let (_, alice) = person(&app).await;
    app.sandbox
        .clients
        .rename(&alice.id, "Alice billing")
        .await
        .expect("renamed");
    let token = app.token(&alice, None).await;
    let (bob, _) = person(&app).await;

    let page = inspect(&bob, &token).await;

    assert!(page.contains("Valid signature, not one of your apps"), "{page}");
    let claims = page.split("What this token is").nth(1).expect("the result");
    for hidden in [
        alice.id.as_str(),
        "Alice billing",
        &jti_of(&token),
        "claims.attachments.read",
        "jti",
        "Revoked",
        "Last uses",
        "expires in",
    ] {
        assert!(
            !claims.contains(hidden),
            "“{hidden}” of another account's token is shown"
        );
    }
    assert!(!page.contains(&alice.id), "nowhere on the page");
}

#[tokio::test]
async fn a_token_of_another_key_or_issuer_is_not_issued_by_this_sandbox() {
    let app = portal().await;
    let (browser, client) = person(&app).await;
    let elsewhere = TokenService::new(
        &PortalKey::from_bytes([7; 32]),
        app.address.clone(),
        3600,
        Arc::new(app.clock.clone()),
    );
    let foreign = elsewhere
        .issue(&client.id, &["claims.attachments.read"], TokenApi::V2, 0)
        .access_token;
    let page = inspect(&browser, &foreign).await;
    assert!(page.contains("Not issued by this sandbox"), "{page}");
    assert!(page.contains("another environment or identity provider"));
    assert!(page.contains("Claims (unverified)") && page.contains("JOSE header (unverified)"));
    assert!(page.contains(elsewhere.key_id()) && page.contains(app.sandbox.tokens.key_id()));
    assert!(
        !page.contains("Last uses"),
        "no app details for an unverified token"
    );

    let staging = TokenService::new(
        &PortalKey::from_bytes(KEY_BYTES),
        "https://staging.example".into(),
        3600,
        Arc::new(app.clock.clone()),
    );
    let shared_key = staging.issue("mnc_elsewhere", &[], TokenApi::V2, 0).access_token;
    let page = inspect(&browser, &shared_key).await;
    assert!(
        page.contains("Not issued by this sandbox") && page.contains("https://staging.example"),
        "{page}"
    );
}

#[tokio::test]
async fn garbage_gets_a_clear_message_never_a_server_error() {
    let app = portal().await;
    let (browser, _) = person(&app).await;
    for (input, expected) in [
        ("hello", "three parts separated by dots"),
        ("a.b.c", "does not decode"),
        ("mns_notatoken", "client secret"),
        ("", "Paste an access token"),
        ("x.y.z.w.v", "encrypted token"),
        ("\u{0}\u{1}..\u{7f}", "does not decode"),
    ] {
        let page = inspect(&browser, input).await;
        assert!(page.contains("This cannot be read as a token"), "{input:?}");
        assert!(page.contains(expected), "{input:?}: expected “{expected}”");
    }
    let long = "a".repeat(8 * 1024 + 10);
    let page = inspect(&browser, &long).await;
    assert!(page.contains("longer than 8 KiB"));
    let huge = "a".repeat(64 * 1024);
    let refused = inspect_response(&browser, &huge).await;
    assert_eq!(refused.status().as_u16(), 413, "the form's own limit");
    assert!(!refused.text().await.expect("page").contains(&huge[..100]));
}

#[tokio::test]
async fn the_pasted_token_is_in_no_log_and_not_in_the_database() {
    let app = portal().await;
    let (browser, client) = person(&app).await;
    let token = app.token(&client, None).await;
    let garbage = format!("not-a-token-{}", hex::encode(rand::random::<[u8; 8]>()));
    inspect(&browser, &token).await;
    inspect(&browser, &garbage).await;
    // A refused form (no CSRF token) does not echo it either.
    let refused = browser
        .submit_plain(INSPECT, INSPECT, &[("token", token.as_str())])
        .await;
    assert_eq!(refused.status().as_u16(), 403);
    let body = refused.text().await.expect("page");
    let signature = token.rsplit('.').next().expect("signature").to_owned();
    assert!(!body.contains(&signature));
    // Whatever the log writer and the session store still had to write is written.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let logs = captured_logs();
    for secret in [&token, &signature, &garbage] {
        assert!(!logs.contains(secret.as_str()), "the pasted token was logged");
    }
    let stored = app.database_bytes();
    assert!(!stored.is_empty(), "the database was read");
    for secret in [&signature, &garbage] {
        assert!(
            !stored
                .windows(secret.len())
                .any(|window| window == secret.as_bytes()),
            "the pasted token was stored"
        );
    }
}

#[tokio::test]
async fn a_console_exchange_with_the_sandbox_links_to_its_log_entry_and_shows_the_inspectors_view() {
    let app = portal().await;
    let (browser, client) = person(&app).await;
    browser.app_token(&client.id).await;
    let page = browser.page("/try-it", 200).await;
    let link = format!("/sandbox/apps/{}/requests/", client.id);
    assert!(
        page.contains(&link),
        "the exchange links to its log entry: {page}"
    );
    assert!(
        page.contains("See it in your app&#x27;s request log")
            || page.contains("See it in your app's request log")
    );
    let request_id = page
        .split(&link)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a request id")
        .to_owned();
    // The link names the call (a console action may make two under one request id).
    let request_id = request_id
        .strip_suffix("?endpoint=token_v2")
        .expect("the link names the token call")
        .to_owned();
    let entry = app
        .sandbox
        .db
        .request_log_entry(&client.id, &request_id)
        .await
        .expect("reads");
    let entry = match entry {
        Some(entry) => entry,
        None => {
            tokio::time::sleep(Duration::from_millis(300)).await;
            app.sandbox
                .db
                .request_log_entry(&client.id, &request_id)
                .await
                .expect("reads")
                .expect("the linked entry exists")
        }
    };
    assert_eq!(entry.status, 200);

    assert!(page.contains("expires in 1 hour"), "the expiry in words");
    assert!(page.contains("Decoded JOSE header") && page.contains("Decoded JWT claims"));
    assert!(page.contains(app.sandbox.tokens.key_id()), "the signature check");
    assert!(page.contains("First sandbox app"), "the app");
    assert!(
        page.contains("href=\"/sandbox/inspect\""),
        "the way to the inspector"
    );
}

#[tokio::test]
async fn the_console_explains_a_rotated_secret_and_an_unknown_client_precisely() {
    let app = portal().await;
    let (browser, client) = person(&app).await;
    app.sandbox.clients.rotate(&client.id).await.expect("rotated");

    let page = browser
        .pasted_token("sandbox", "v2", &client.id, &client.secret)
        .await;
    assert!(page.contains("invalid_client: this secret was rotated"), "{page}");
    assert!(
        page.contains(&format!("/sandbox/apps/{}/requests/", client.id)),
        "the refusal links to the app's log"
    );

    let page = browser
        .pasted_token("sandbox", "v2", "mnc_nobody", "mns_wrong")
        .await;
    assert!(
        page.contains("invalid_client: no app has this client id"),
        "{page}"
    );
    assert!(
        !page.contains("/sandbox/apps/mnc_nobody/requests"),
        "no app, no log"
    );

    // Someone else's app (or no one's): explained, but not linked.
    let stranger = app.create_client(None).await;
    let page = browser
        .pasted_token("sandbox", "v2", &stranger.id, "mns_wrong")
        .await;
    assert!(
        page.contains("invalid_client: the client secret is wrong"),
        "{page}"
    );
    assert!(!page.contains(&format!("/sandbox/apps/{}/requests", stranger.id)));
}

#[tokio::test]
async fn a_console_action_that_gets_a_token_then_calls_links_each_call_and_the_entry_names_the_other() {
    let app = portal().await;
    let (browser, client) = person(&app).await;
    browser.app_token(&client.id).await;
    // The held token expires, so the next call fetches a fresh one first: two sandbox calls
    // under the console request's one id.
    app.clock.advance(3700);
    let response = browser
        .console_call(&[
            ("environment", "sandbox"),
            ("api", "claims-attachments"),
            ("operation", "attachment-status"),
            ("param.path.id", "att_0000000000madeUp000000"),
        ])
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let page = browser.page("/try-it", 200).await;
    let prefix = format!("/sandbox/apps/{}/requests/", client.id);
    let status_link = page
        .split(&prefix)
        .filter_map(|rest| rest.split('"').next())
        .find(|link| link.ends_with("?endpoint=status"))
        .map(|link| format!("{prefix}{link}"))
        .unwrap_or_else(|| panic!("the status call links to its own entry: {page}"));
    let request_id = status_link
        .trim_start_matches(&prefix)
        .trim_end_matches("?endpoint=status")
        .to_owned();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while app
        .sandbox
        .db
        .request_log_entries(&client.id, &request_id)
        .await
        .expect("reads")
        .len()
        < 2
    {
        assert!(tokio::time::Instant::now() < deadline, "both calls are written");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let entry = browser.page(&status_link, 200).await;
    assert!(
        entry.contains("404: no such attachment"),
        "the status call's own entry"
    );
    assert!(
        entry.contains("The same console action also made") && entry.contains("v2 token (200)"),
        "and the token call it made first: {entry}"
    );
}

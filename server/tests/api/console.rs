//! The Try It console: tokens and API calls through the portal's server, the proxy rules, and
//! every failure explained in plain words.

use crate::helpers::{Browser, TestOptions, csrf_in, spawn_app_with};
use crate::upstream;

/// Requests a token from the console with pasted credentials and returns the page after.
async fn token_via_console(
    browser: &Browser,
    environment: &str,
    api: &str,
    id: &str,
    secret: &str,
) -> String {
    browser.pasted_token(environment, api, id, secret).await
}

async fn call_via_console(
    browser: &Browser,
    operation: &str,
    attachment_id: Option<&str>,
    body: Option<&str>,
) -> String {
    let operation = match operation {
        "submit" => "submit-attachment",
        "status" => "attachment-status",
        "retrieve" => "retrieve-attachment",
        other => other,
    };
    let mut fields = vec![
        ("environment", "sandbox"),
        ("api", "claims-attachments"),
        ("operation", operation),
    ];
    fields.extend(attachment_id.map(|id| ("param.path.id", id)));
    fields.extend(body.map(|body| ("body.0", body)));
    let response = browser.console_call(&fields).await;
    assert_eq!(response.status().as_u16(), 303);
    browser.page("/try-it", 200).await
}

const SUBMISSION: &str = r#"{"claimReference":"CONSOLE-1","attachmentType":"other","fileName":"a.pdf","contentType":"application/pdf","document":"JVBERi0xLjQK"}"#;

#[tokio::test]
async fn pasted_credentials_get_v2_and_v1_tokens_without_the_secret_or_token_reaching_the_page() {
    let app = crate::helpers::spawn_app().await;
    let client = app.create_client(None).await;
    let browser = Browser::new(&app);
    let page = token_via_console(&browser, "sandbox", "v2", &client.id, &client.secret).await;
    assert!(
        page.contains("200 OK") && page.contains("Token received"),
        "the v2 panel shows the answer"
    );
    assert!(
        page.contains("kept on the portal&#x27;s server") || page.contains("kept on the portal's server")
    );
    assert!(page.contains("Decoded JWT claims") && page.contains(&client.id));
    assert!(page.contains("data-expires-at="), "an expiry countdown");
    assert!(
        page.contains(&format!("{}/apip/auth/v2/token", app.address)),
        "snippets use the real URL"
    );
    assert!(
        page.contains("MN_CLIENT_SECRET"),
        "the secret is a placeholder in snippets"
    );
    assert!(
        !page.contains(&client.secret),
        "the secret never reaches the page"
    );
    let token = app.token(&client, None).await;
    let signature = token.rsplit('.').next().expect("signature");
    assert!(!page.contains(signature), "the token stays on the server");

    let page = token_via_console(&browser, "sandbox", "v1", &client.id, &client.secret).await;
    assert!(page.contains("v1 token") && page.contains("accessToken"));
    assert!(!page.contains(&client.secret));
}

#[tokio::test]
async fn a_signed_in_app_submits_follows_and_retrieves_an_attachment_with_a_refreshed_token() {
    let app = crate::helpers::spawn_app().await;
    let browser = Browser::new(&app);
    let (client_id, secret) = browser.sign_up("console@example.com").await;
    let page = browser.page("/try-it", 200).await;
    assert!(
        page.contains(&format!("value=\"app:{client_id}\"")),
        "the account's apps are offered"
    );
    let csrf = csrf_in(&page).expect("csrf");
    browser
        .submit_plain(
            "/try-it/token",
            "/try-it",
            &[
                ("csrf_token", &csrf),
                ("environment", "sandbox"),
                ("api", "v2"),
                ("credentials", &format!("app:{client_id}")),
            ],
        )
        .await;
    let page = call_via_console(&browser, "submit", None, Some(SUBMISSION)).await;
    assert!(page.contains("201 Created"), "submitted");
    let attachment = page
        .split("att_")
        .nth(1)
        .map(|rest| {
            format!(
                "att_{}",
                rest.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                    .next()
                    .unwrap_or_default()
            )
        })
        .expect("an attachment id");

    app.clock.advance(3600);
    let page = call_via_console(&browser, "status", Some(&attachment), None).await;
    assert!(
        page.contains("200 OK") && page.contains("accepted"),
        "the status, with a token fetched again after expiry"
    );
    assert!(
        page.matches("v2 token").count() >= 2,
        "the refresh is in the history"
    );
    let page = call_via_console(&browser, "retrieve", Some(&attachment), None).await;
    assert!(page.contains("CONSOLE-1"));
    assert!(!page.contains(&secret));
}

#[tokio::test]
async fn the_console_explains_missing_tokens_and_refused_credentials() {
    let app = crate::helpers::spawn_app().await;
    let browser = Browser::new(&app);
    let page = call_via_console(&browser, "status", Some("att_x"), None).await;
    assert!(
        page.contains("Choose credentials"),
        "a call without credentials says what to do"
    );
    let page = token_via_console(&browser, "sandbox", "v2", "mnc_nobody", "mns_wrong").await;
    assert!(
        page.contains("invalid_client: no app has this client id"),
        "the sandbox's own reason, as its request log has it"
    );
    assert!(page.contains("Copy the MN-ClientId from your sandbox page again."));
    let csrf = browser.csrf_token("/try-it").await;
    let response = browser
        .submit_plain(
            "/try-it/token",
            "/try-it",
            &[
                ("csrf_token", &csrf),
                ("environment", "sandbox"),
                ("api", "v2"),
                ("credentials", "paste"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert!(
        browser
            .page("/try-it", 200)
            .await
            .contains("Enter a client id and secret")
    );
}

#[tokio::test]
async fn only_configured_environments_can_be_reached() {
    let app = crate::helpers::spawn_app().await;
    let browser = Browser::new(&app);
    let csrf = browser.csrf_token("/try-it").await;
    for environment in ["http://127.0.0.1:1/evil", "nope", ""] {
        let response = browser
            .submit_plain(
                "/try-it/token",
                "/try-it",
                &[
                    ("csrf_token", &csrf),
                    ("environment", environment),
                    ("api", "v2"),
                    ("credentials", "paste"),
                    ("client_id", "a"),
                    ("client_secret", "b"),
                ],
            )
            .await;
        assert_eq!(response.status().as_u16(), 400, "{environment}");
        assert!(response.text().await.expect("body").contains("not configured"));
    }
    let no_csrf = browser
        .submit_plain(
            "/try-it/token",
            "/try-it",
            &[("environment", "sandbox"), ("api", "v2")],
        )
        .await;
    assert_eq!(no_csrf.status().as_u16(), 403);
}

#[tokio::test]
async fn upstream_failures_are_explained_in_plain_words() {
    let stub = upstream::start().await;
    let unused_port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("addr")
        .port();
    let environments = vec![
        upstream::environment("gateway", &format!("{stub}/proxy-error")),
        upstream::environment("slow", &format!("{stub}/slow")),
        upstream::environment("redirect", &format!("{stub}/redirect")),
        upstream::environment("huge", &format!("{stub}/huge")),
        upstream::environment("text", &format!("{stub}/text")),
        upstream::environment("refused", &format!("http://127.0.0.1:{unused_port}/token")),
        upstream::environment("dns", "http://nosuch-host.invalid/token"),
        upstream::environment("tls", &format!("{}/text", stub.replace("http://", "https://"))),
        upstream::environment("unsupported", &format!("{stub}/unsupported")),
    ];
    let app = spawn_app_with(TestOptions {
        environments,
        ..Default::default()
    })
    .await;
    let browser = Browser::new(&app);
    for (environment, expected) in [
        (
            "gateway",
            "a gateway or proxy between the portal and the service failed",
        ),
        ("slow", "The request timed out"),
        ("redirect", "never follows redirects"),
        ("huge", "The response was too large"),
        ("text", "No access_token in the answer"),
        ("refused", "Connection refused"),
        ("dns", "Host name not found"),
        ("tls", "Secure connection failed"),
        ("unsupported", "unsupported_grant_type"),
    ] {
        let page = token_via_console(&browser, environment, "v2", "mnc_a", "mns_b").await;
        assert!(page.contains(expected), "{environment}: expected “{expected}”");
    }
}

#[tokio::test]
async fn headers_are_filtered_both_ways() {
    let stub = upstream::start().await;
    let app = spawn_app_with(TestOptions {
        environments: vec![upstream::environment("echo", &format!("{stub}/echo"))],
        ..Default::default()
    })
    .await;
    let browser = Browser::new(&app);
    let page = token_via_console(&browser, "echo", "v2", "mnc_a", "mns_b").await;
    assert!(page.contains("seen_headers"));
    let seen = page
        .split("seen_headers")
        .nth(1)
        .expect("echo")
        .split(']')
        .next()
        .expect("list")
        .to_lowercase();
    for forbidden in ["cookie", "origin", "referer", "x-forwarded"] {
        assert!(
            !seen.contains(forbidden),
            "the browser's {forbidden} went upstream: {seen}"
        );
    }
    assert!(
        seen.contains("authorization"),
        "the console's own client authentication was sent"
    );
    assert!(
        !page.to_lowercase().contains("set-cookie"),
        "upstream cookies never come back"
    );
    assert!(!page.contains("tracker=1"));
}

#[tokio::test]
async fn console_requests_are_rate_limited() {
    let app = spawn_app_with(TestOptions {
        console_rate_limit: Some(server::rate_limit::Limit { max: 2, per_secs: 60 }),
        ..Default::default()
    })
    .await;
    let browser = Browser::new(&app);
    let csrf = browser.csrf_token("/try-it").await;
    let fields = [
        ("csrf_token", csrf.as_str()),
        ("environment", "sandbox"),
        ("api", "v2"),
        ("credentials", "paste"),
        ("client_id", "a"),
        ("client_secret", "b"),
    ];
    assert_eq!(
        browser
            .submit_plain("/try-it/token", "/try-it", &fields)
            .await
            .status()
            .as_u16(),
        303
    );
    assert_eq!(
        browser
            .submit_plain("/try-it/token", "/try-it", &fields)
            .await
            .status()
            .as_u16(),
        303
    );
    let limited = browser.submit_plain("/try-it/token", "/try-it", &fields).await;
    assert_eq!(limited.status().as_u16(), 429);
    assert!(limited.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn the_history_keeps_twenty_can_run_again_and_can_be_cleared() {
    let app = crate::helpers::spawn_app().await;
    let client = app.create_client(None).await;
    let browser = Browser::new(&app);
    token_via_console(&browser, "sandbox", "v2", &client.id, &client.secret).await;
    for _ in 0..21 {
        call_via_console(&browser, "status", Some("att_missing"), None).await;
    }
    let page = browser.page("/try-it", 200).await;
    let history = page
        .split("id=\"history\"")
        .nth(1)
        .expect("history")
        .split("</section>")
        .next()
        .expect("section");
    assert_eq!(history.matches("<li>").count(), 20, "the last 20 only");
    let entry = history
        .split("name=\"entry\" value=\"")
        .nth(1)
        .expect("an entry")
        .split('"')
        .next()
        .expect("id")
        .to_owned();
    let csrf = csrf_in(&page).expect("csrf");
    let rerun = browser
        .submit_plain(
            "/try-it/history/rerun",
            "/try-it",
            &[("csrf_token", &csrf), ("entry", &entry)],
        )
        .await;
    assert_eq!(rerun.status().as_u16(), 303);
    let cleared = browser
        .submit_plain("/try-it/history/clear", "/try-it", &[("csrf_token", &csrf)])
        .await;
    assert_eq!(cleared.status().as_u16(), 303);
    assert!(
        browser
            .page("/try-it", 200)
            .await
            .contains("Your requests in this session will be listed here.")
    );
}

#[tokio::test]
async fn sandbox_errors_are_explained_invalid_scope_insufficient_scope_revoked_and_rate_limited() {
    let app = spawn_app_with(TestOptions {
        token_rate_limit: Some(server::rate_limit::Limit { max: 3, per_secs: 60 }),
        ..Default::default()
    })
    .await;
    let client = app.create_client(None).await;
    let browser = Browser::new(&app);
    let token_with_scope = |scope: &'static str| {
        let (browser, client) = (&browser, &client);
        async move {
            let csrf = browser.csrf_token("/try-it").await;
            browser
                .submit_plain(
                    "/try-it/token",
                    "/try-it",
                    &[
                        ("csrf_token", &csrf),
                        ("environment", "sandbox"),
                        ("api", "v2"),
                        ("credentials", "paste"),
                        ("client_id", &client.id),
                        ("client_secret", &client.secret),
                        ("scope", scope),
                    ],
                )
                .await;
            browser.page("/try-it", 200).await
        }
    };
    assert!(
        token_with_scope("admin")
            .await
            .contains("invalid_scope: a scope was refused")
    );
    assert!(
        token_with_scope("claims.attachments.read")
            .await
            .contains("Token received")
    );
    let page = call_via_console(&browser, "submit", None, Some(SUBMISSION)).await;
    assert!(
        page.contains("403 insufficient_scope") && page.contains("lacks the claims.attachments.write scope")
    );

    app.sandbox.clients.revoke(&client.id).await.expect("revoke");
    let page = call_via_console(&browser, "status", Some("att_x"), None).await;
    assert!(
        page.contains("invalid_token: the app was revoked"),
        "a revoked app's token"
    );

    let other = app.create_client(None).await;
    let mut page = String::new();
    for _ in 0..4 {
        let csrf = browser.csrf_token("/try-it").await;
        browser
            .submit_plain(
                "/try-it/token",
                "/try-it",
                &[
                    ("csrf_token", &csrf),
                    ("environment", "sandbox"),
                    ("api", "v2"),
                    ("credentials", "paste"),
                    ("client_id", &other.id),
                    ("client_secret", &other.secret),
                ],
            )
            .await;
        page = browser.page("/try-it", 200).await;
    }
    assert!(page.contains("429: rate limited"));
}

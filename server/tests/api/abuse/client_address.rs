//! One client address for logs and limits: the console's calls to the embedded sandbox count
//! against the person using the console, not against the loopback address they arrive from.

use crate::helpers::{Browser, TestOptions, spawn_app_with};
use server::rate_limit::Limit;

#[tokio::test]
async fn console_calls_to_the_sandbox_count_against_each_browser_not_against_loopback() {
    let app = spawn_app_with(TestOptions {
        token_ip_rate_limit: Some(Limit { max: 3, per_secs: 60 }),
        ..TestOptions::default()
    })
    .await;
    let client = app.create_client(None).await;
    let first = Browser::at(&app, "127.0.0.2");
    for _ in 0..3 {
        let page = first
            .pasted_token("sandbox", "v2", &client.id, &client.secret)
            .await;
        assert!(
            page.contains("kept on the portal"),
            "a token for the first browser"
        );
    }
    let second = Browser::at(&app, "127.0.0.3");
    let page = second
        .pasted_token("sandbox", "v2", &client.id, &client.secret)
        .await;
    assert!(
        page.contains("kept on the portal"),
        "the second browser has its own budget at the token endpoint"
    );
    let page = first
        .pasted_token("sandbox", "v2", &client.id, &client.secret)
        .await;
    assert!(page.contains("429"), "the first browser has used up its own");
}

async fn sign_up_status(app: &crate::helpers::TestApp, source: &str, forwarded_for: Option<&str>) -> u16 {
    let browser = Browser::at(app, source);
    let csrf = browser.csrf_token("/sandbox/signup").await;
    let mut request = browser
        .http
        .post(format!("{}/api/account/sign-up", app.address))
        .header("accept", "text/html")
        .header("origin", app.address.clone())
        .form(&[("csrf_token", csrf.as_str()), ("name", "x")]);
    if let Some(client) = forwarded_for {
        request = request.header("x-forwarded-for", client);
    }
    request.send().await.expect("sent").status().as_u16()
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget() {
    let app = spawn_app_with(TestOptions {
        trusted_proxies: Some("127.0.0.1"),
        sign_up_rate_limit: Some(Limit {
            max: 1,
            per_secs: 3600,
        }),
        ..TestOptions::default()
    })
    .await;
    // Through the balancer (127.0.0.1): one sign-up attempt each for two real clients.
    assert_ne!(sign_up_status(&app, "127.0.0.1", Some("203.0.113.7")).await, 429);
    assert_ne!(
        sign_up_status(&app, "127.0.0.1", Some("198.51.100.23")).await,
        429,
        "another client behind the same balancer is not refused"
    );
    assert_eq!(sign_up_status(&app, "127.0.0.1", Some("203.0.113.7")).await, 429);
    // Straight from an untrusted peer, a forwarded address is ignored: it is counted as itself.
    assert_ne!(sign_up_status(&app, "127.0.0.2", Some("203.0.113.99")).await, 429);
    assert_eq!(
        sign_up_status(&app, "127.0.0.2", Some("203.0.113.100")).await,
        429,
        "an untrusted peer cannot buy a fresh budget with X-Forwarded-For"
    );
    assert!(
        crate::helpers::captured_logs().contains("203.0.113.7"),
        "the logs name the forwarded client"
    );
}

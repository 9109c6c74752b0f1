//! One client address for logs and limits: the console's calls to the embedded sandbox count
//! against the person using the console, not against the loopback address they arrive from.

use crate::helpers::{Browser, TestOptions, spawn_app_with};
use server::rate_limit::Limit;

async fn console_token(browser: &Browser, id: &str, secret: &str) -> String {
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
                ("client_id", id),
                ("client_secret", secret),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    browser.page("/try-it", 200).await
}

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
        let page = console_token(&first, &client.id, &client.secret).await;
        assert!(
            page.contains("kept on the portal"),
            "a token for the first browser"
        );
    }
    let second = Browser::at(&app, "127.0.0.3");
    let page = console_token(&second, &client.id, &client.secret).await;
    assert!(
        page.contains("kept on the portal"),
        "the second browser has its own budget at the token endpoint"
    );
    let page = console_token(&first, &client.id, &client.secret).await;
    assert!(page.contains("429"), "the first browser has used up its own");
}

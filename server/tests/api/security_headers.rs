//! Every response carries the security headers; pages get a fresh CSP nonce.

use crate::helpers::{TestOptions, spawn_app, spawn_app_with};

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("missing header {name}"))
        .to_str()
        .expect("ascii")
        .to_owned()
}

fn nonce_of(policy: &str) -> String {
    let start = policy.find("'nonce-").expect("a nonce") + "'nonce-".len();
    policy[start..].split('\'').next().expect("nonce").to_owned()
}

#[tokio::test]
async fn pages_have_a_strict_csp_with_a_fresh_nonce_on_every_script() {
    let app = spawn_app().await;
    let first = app.get("/faq/security-and-authorization").await;
    let policy = header(&first, "content-security-policy");
    let html = first.text().await.expect("body");
    assert!(
        !policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"),
        "{policy}"
    );
    assert!(policy.contains("frame-ancestors 'none'"));
    assert!(policy.contains("object-src 'none'"));
    assert!(
        !policy.contains("wasm-unsafe-eval"),
        "content pages run no wasm: {policy}"
    );
    let nonce = nonce_of(&policy);
    assert!(nonce.len() >= 16);
    let scripts = html.matches("<script").count();
    assert_eq!(
        html.matches(&format!("<script nonce=\"{nonce}\">")).count(),
        scripts,
        "every script carries the nonce"
    );

    let second = header(
        &app.get("/faq/security-and-authorization").await,
        "content-security-policy",
    );
    assert_ne!(nonce_of(&second), nonce, "the nonce changes per response");
}

#[tokio::test]
async fn every_response_has_the_basic_security_headers() {
    let app = spawn_app().await;
    for path in ["/", "/healthz", "/nope", "/favicon.svg", "/api/content/pages"] {
        let response = app.get(path).await;
        assert_eq!(header(&response, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header(&response, "referrer-policy"), "same-origin", "{path}");
        assert_eq!(header(&response, "x-frame-options"), "DENY", "{path}");
        assert!(
            header(&response, "content-security-policy").contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert!(
            response.headers().get("strict-transport-security").is_none(),
            "no HSTS over http"
        );
    }
}

#[tokio::test]
async fn non_page_responses_get_the_strictest_policy() {
    let app = spawn_app().await;
    let policy = header(&app.get("/healthz").await, "content-security-policy");
    assert!(policy.starts_with("default-src 'none'"), "{policy}");
}

#[tokio::test]
async fn hsts_is_sent_when_the_portal_is_public_over_https() {
    let app = spawn_app_with(TestOptions {
        public_url: Some("https://portal.example.com".into()),
        ..Default::default()
    })
    .await;
    let response = app.get("/").await;
    assert!(header(&response, "strict-transport-security").starts_with("max-age="));
    let html = response.text().await.expect("body");
    assert!(
        html.contains(r#"<link rel="canonical" href="https://portal.example.com/">"#),
        "{}",
        &html[..600]
    );
}

#[tokio::test]
async fn pages_for_one_person_and_error_pages_are_never_stored() {
    let app = spawn_app().await;
    // (Pages the same for every anonymous reader are revalidated instead: see `page_cache`.)
    for path in ["/nope", "/login", "/faq/security-and-authorization?q=1"] {
        assert_eq!(
            header(&app.get(path).await, "cache-control"),
            "no-store",
            "{path}"
        );
    }
}

#[tokio::test]
async fn text_is_compressed_with_brotli_or_gzip() {
    let app = spawn_app().await;
    for (accept, expected) in [("br", "br"), ("gzip", "gzip"), ("br, gzip", "br")] {
        let response = app
            .client
            .get(format!("{}/faq/security-and-authorization", app.address))
            .header("accept-encoding", accept)
            .send()
            .await
            .expect("sent");
        assert_eq!(header(&response, "content-encoding"), expected);
    }
    let plain = app.get("/faq/security-and-authorization").await;
    assert!(plain.headers().get("content-encoding").is_none());
}

#[tokio::test]
async fn oversized_request_bodies_are_refused_with_413() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(format!("{}/search", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("q={}", "a".repeat(200_000)))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status().as_u16(), 413);
}

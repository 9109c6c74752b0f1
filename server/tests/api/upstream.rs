//! A misbehaving upstream on loopback, for the console's failure explanations: a gateway's 502
//! page, a slow answer, a redirect, a huge body, a plain-text body, an
//! `unsupported_grant_type` error, and an echo of the headers it received.

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{any, post};
use server::config::EnvironmentSettings;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Starts the stub and returns its base URL.
pub async fn start() -> String {
    let router = Router::new()
        .route("/proxy-error", post(|| async {
            (StatusCode::BAD_GATEWAY, [(header::CONTENT_TYPE, "text/html")], "<html><body><h1>Proxy Error</h1></body></html>")
        }))
        .route("/slow", post(|| async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            "too late"
        }))
        .route("/redirect", post(|| async { (StatusCode::FOUND, [(header::LOCATION, "https://elsewhere.example/token")]) }))
        .route("/huge", post(|| async { vec![b'x'; 9 * 1024 * 1024] }))
        .route("/text", post(|| async { (StatusCode::OK, "not json") }))
        .route("/multibyte-token", post(|| async {
            (
                [(header::CONTENT_TYPE, "application/json")],
                r#"{"access_token":"a€€€€€€€€€€€","expires_in":60}"#,
            )
        }))
        .route("/unsupported", post(|| async {
            (
                StatusCode::BAD_REQUEST,
                [(header::CONTENT_TYPE, "application/json")],
                r#"{"error":"unsupported_grant_type","error_description":"Only the client_credentials grant is supported."}"#,
            )
        }))
        .route("/echo", any(|headers: HeaderMap| async move {
            let seen: Vec<String> = headers.keys().map(|name| name.as_str().to_owned()).collect();
            (
                [(header::SET_COOKIE, "tracker=1; Path=/"), (header::CONTENT_TYPE, "application/json")],
                serde_json::json!({ "access_token": "opaque-token", "expires_in": 60, "seen_headers": seen }).to_string(),
            )
                .into_response()
        }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    address
}

/// What a recording upstream has received: one `METHOD /path?query` line per request.
pub type Recorded = Arc<Mutex<Vec<String>>>;

/// Starts an upstream that records every request line and answers token requests (`POST`)
/// with an opaque token and everything else with `{}`.
pub async fn start_recording() -> (String, Recorded) {
    let recorded: Recorded = Arc::default();
    let seen = recorded.clone();
    let router = Router::new().fallback(move |request: Request| {
        let seen = seen.clone();
        async move {
            let line = format!("{} {}", request.method(), request.uri());
            let is_post = request.method() == axum::http::Method::POST;
            seen.lock().expect("recorded").push(line);
            let body = if is_post {
                r#"{"access_token":"opaque-token","expires_in":60}"#
            } else {
                "{}"
            };
            ([(header::CONTENT_TYPE, "application/json")], body)
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    (address, recorded)
}

/// An environment whose v2 token URL is `token_url`.
pub fn environment(id: &str, token_url: &str) -> EnvironmentSettings {
    EnvironmentSettings {
        id: id.into(),
        name: format!("Stub {id}"),
        api_base_url: token_url.into(),
        apis: vec!["claims-attachments".into()],
        v2_token_url: token_url.into(),
        v1_token_url: None,
        v2_body: Default::default(),
        v2_client_auth: Default::default(),
        v2_token_field: "access_token".into(),
        connect_timeout_ms: 1_000,
        timeout_ms: 1_000,
    }
}

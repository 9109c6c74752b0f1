//! The sandbox Claims API cannot be used to fill the portal's disk: calls are rate limited per
//! client, each client has a storage quota, and attachments are deleted after the retention
//! period — each refusal in the API's own error format.

use crate::helpers::{TestApp, TestOptions, on_every_backend, spawn_app_on, spawn_app_with};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use server::claims::attachments::ClaimsStorage;
use server::rate_limit::Limit;
use std::time::Duration;

const SUBMIT: &str = "/claims/attachments/v1/submissions";

fn submission(document_bytes: usize) -> Value {
    let mut document = b"%PDF-1.4\n".to_vec();
    document.resize(document_bytes, b'x');
    json!({
        "claimReference": "TEST-CLAIM-0001",
        "attachmentType": "medical-records",
        "fileName": "report.pdf",
        "contentType": "application/pdf",
        "document": STANDARD.encode(document),
    })
}

async fn submit(app: &TestApp, token: &str, document_bytes: usize) -> reqwest::Response {
    app.post_json(
        SUBMIT,
        &submission(document_bytes),
        Some(&format!("Bearer {token}")),
    )
    .await
}

#[tokio::test]
async fn calls_are_rate_limited_per_client_with_retry_after() {
    let app = spawn_app_with(TestOptions {
        claims_rate_limit: Some(Limit { max: 3, per_secs: 60 }),
        ..TestOptions::default()
    })
    .await;
    let busy = app.create_client(None).await;
    let token = app.token(&busy, None).await;
    let status = "/claims/attachments/v1/status/att_unknown";
    for _ in 0..3 {
        assert_eq!(app.get_with_token(status, &token).await.status().as_u16(), 404);
    }
    let limited = app.get_with_token(status, &token).await;
    assert_eq!(limited.status().as_u16(), 429);
    assert!(
        limited.headers()["retry-after"]
            .to_str()
            .expect("ascii")
            .parse::<u64>()
            .is_ok()
    );
    let body: Value = limited.json().await.expect("json");
    assert_eq!(body["error"], "rate_limited");
    // Another client is not affected.
    let other = app.create_client(None).await;
    let other_token = app.token(&other, None).await;
    assert_eq!(
        app.get_with_token(status, &other_token).await.status().as_u16(),
        404
    );
}

#[tokio::test]
async fn a_client_past_its_storage_quota_gets_quota_exceeded() {
    let app = spawn_app_with(TestOptions {
        claims: Some(ClaimsStorage {
            quota_bytes: 100 * 1024,
            retention: Duration::from_secs(86_400),
        }),
        ..TestOptions::default()
    })
    .await;
    let client = app.create_client(None).await;
    let token = app.token(&client, None).await;
    assert_eq!(submit(&app, &token, 60 * 1024).await.status().as_u16(), 201);
    let refused = submit(&app, &token, 60 * 1024).await;
    assert_eq!(refused.status().as_u16(), 413);
    let body: Value = refused.json().await.expect("json");
    assert_eq!(body["error"], "quota_exceeded");
    assert!(
        body["error_description"]
            .as_str()
            .is_some_and(|d| d.contains("deleted")),
        "{body}"
    );
    assert_eq!(
        submit(&app, &token, 30 * 1024).await.status().as_u16(),
        201,
        "what fits is still taken"
    );
}

on_every_backend! {
    /// The housekeeping task's pruning deletes attachments past the retention period, and
    /// only those; their quota is free again.
    async fn attachments_past_their_retention_are_deleted(app: TestApp) {
        let retention = ClaimsStorage { quota_bytes: 50 << 20, retention: Duration::from_secs(86_400) };
        let client = app.create_client(None).await;
        let token = app.token(&client, None).await;
        let old: Value = submit(&app, &token, 1024).await.json().await.expect("json");
        app.clock.advance(86_400 - 10);
        let token = app.token(&client, None).await;
        let recent: Value = submit(&app, &token, 1024).await.json().await.expect("json");
        app.clock.advance(20);
        server::startup::prune(&app.sandbox, retention).await;
        let token = app.token(&client, None).await;
        let status = |receipt: &Value| format!("/claims/attachments/v1/status/{}", receipt["attachmentId"].as_str().expect("id"));
        assert_eq!(app.get_with_token(&status(&old), &token).await.status().as_u16(), 404, "past retention");
        assert_eq!(app.get_with_token(&status(&recent), &token).await.status().as_u16(), 200, "within retention");
    }
}

#[tokio::test]
async fn the_openapi_document_describes_the_limits() {
    let app = spawn_app_on(crate::helpers::Backend::Sqlite)
        .await
        .expect("SQLite");
    let document: Value = app.get("/openapi.json").await.json().await.expect("json");
    let submit = &document["paths"][SUBMIT]["post"];
    assert!(submit["responses"]["429"].is_object());
    assert!(
        submit["responses"]["413"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("quota"))
    );
    assert!(
        submit["description"]
            .as_str()
            .is_some_and(|d| d.contains("deleted after"))
    );
}

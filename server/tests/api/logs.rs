//! Logs never hold client secrets, access tokens or request bodies (which may carry PHI).

use crate::helpers::{captured_logs, spawn_app};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;

#[tokio::test]
async fn secrets_tokens_and_bodies_never_reach_the_logs() {
    let app = spawn_app().await;
    let client = app.create_client(None).await;
    let token = app.token(&client, None).await;
    let form = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        client.id, client.secret
    );
    assert_eq!(
        app.post_form("/apip/auth/v2/token", &form, None)
            .await
            .status()
            .as_u16(),
        200
    );
    let wrong = app
        .post_form(
            "/apip/auth/v2/token",
            "grant_type=client_credentials&client_id=x&client_secret=mns_NotLogged123",
            None,
        )
        .await;
    assert_eq!(wrong.status().as_u16(), 401);
    let document = STANDARD.encode(b"%PDF-1.4 Patient: Jane Q. Example, DOB 1970-01-01");
    let submission = json!({
        "claimReference": "LOGCHECK-77", "attachmentType": "other", "fileName": "private-notes.pdf",
        "contentType": "application/pdf", "document": document,
    });
    let response = app
        .post_json(
            "/claims/attachments/v1/submissions",
            &submission,
            Some(&format!("Bearer {token}")),
        )
        .await;
    assert_eq!(response.status().as_u16(), 201);

    let browser = crate::helpers::Browser::new(&app);
    let (_, signed_up_secret) = browser.sign_up("log-check@example.com").await;

    let logs = captured_logs();
    assert!(
        !logs.contains(&signed_up_secret),
        "a sign-up secret reached the logs"
    );
    assert!(
        !logs.contains("correct horse battery staple"),
        "a password reached the logs"
    );
    assert!(
        logs.contains(&client.id),
        "the logs are captured (and may name the client)"
    );
    for secret in [
        client.secret.as_str(),
        "mns_NotLogged123",
        token.as_str(),
        document.as_str(),
        "LOGCHECK-77",
        "private-notes.pdf",
    ] {
        assert!(!logs.contains(secret), "the logs contain `{secret}`");
    }
}

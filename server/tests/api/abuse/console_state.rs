//! What the console keeps in a session is bounded: big bodies are cut for display with a
//! visible notice, and the stored session stays small however many large calls are made.

use crate::helpers::{Browser, TestOptions, spawn_app_with};

/// What one session may hold at most, console history included.
const SESSION_BOUND_BYTES: i64 = 256 * 1024;

#[tokio::test]
async fn twenty_large_calls_keep_the_stored_session_under_its_bound() {
    let app = spawn_app_with(TestOptions::default()).await;
    let browser = Browser::new(&app);
    super::signed_up_with_console_token(&browser).await;
    let large_body = serde_json::json!({
        "claimReference": "X".repeat(200 * 1024),
        "attachmentType": "medical-records",
        "fileName": "x.pdf",
        "contentType": "application/pdf",
        "document": "JVBERi0=",
    })
    .to_string();
    for call in 1..=20 {
        let response = browser
            .console_call(&[
                ("environment", "sandbox"),
                ("api", "claims-attachments"),
                ("operation", "submit-attachment"),
                ("body.0", &large_body),
                ("send_anyway", "true"),
            ])
            .await;
        assert_eq!(response.status().as_u16(), 303, "call {call}");
    }
    let largest = app.largest_session_bytes().await;
    assert!(
        largest < SESSION_BOUND_BYTES,
        "the largest stored session is {largest} bytes"
    );
    let page = browser.page("/try-it", 200).await;
    assert!(page.contains("truncated"), "the page says what it cut");
}

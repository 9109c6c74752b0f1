//! The console builds upstream paths segment by segment: a path parameter is exactly one
//! segment, and `.` or `..` never climb out of the operation's path.

use crate::helpers::{Browser, TestOptions, spawn_app_with};
use crate::upstream;

async fn status_call(browser: &Browser, environment: &str, attachment_id: &str) -> String {
    let response = browser
        .console_call(&[
            ("environment", environment),
            ("api", "claims-attachments"),
            ("operation", "attachment-status"),
            ("param.path.id", attachment_id),
        ])
        .await;
    assert_eq!(response.status().as_u16(), 303);
    browser.page("/try-it", 200).await
}

#[tokio::test]
async fn dot_segments_and_slashes_in_a_path_parameter_never_reach_another_path() {
    let (stub, recorded) = upstream::start_recording().await;
    let app = spawn_app_with(TestOptions {
        environments: vec![upstream::environment("recorder", &stub)],
        ..TestOptions::default()
    })
    .await;
    let browser = Browser::new(&app);
    browser.pasted_token("recorder", "v2", "a", "b").await;
    for hostile in ["..", ".", "../..", "a/../../b", "%2E%2E", "%2e%2e%2f"] {
        status_call(&browser, "recorder", hostile).await;
    }
    let lines = recorded.lock().expect("recorded").clone();
    let calls: Vec<&String> = lines.iter().filter(|line| line.starts_with("GET ")).collect();
    for line in &calls {
        let path = line.trim_start_matches("GET ");
        assert!(
            path.starts_with("/claims/attachments/v1/status/")
                && path.len() > "/claims/attachments/v1/status/".len(),
            "a request left the operation's path: {line}"
        );
        let segments: Vec<&str> = path.split('/').collect();
        assert_eq!(segments.len(), 6, "the id stayed one segment: {line}");
    }
    let page = status_call(&browser, "recorder", "..").await;
    assert!(
        page.contains("cannot be") || page.contains("not a valid"),
        "the console says why it did not send a dot segment"
    );
}

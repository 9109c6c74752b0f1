//! The CSRF check and the form rate limits hold whatever a request says its body is: only the
//! console's API form may be multipart, and anything else that is not a plain form is refused.

use crate::helpers::{Browser, TestOptions, spawn_app_with};
use server::rate_limit::Limit;

const STATE_CHANGING_FORMS: [&str; 6] = [
    "/api/account/sign-in",
    "/api/account/sign-up",
    "/api/account/sign-out",
    "/try-it/token",
    "/try-it/history/rerun",
    "/try-it/history/clear",
];

#[tokio::test]
async fn a_sign_in_that_claims_to_be_multipart_is_refused_every_time_and_never_checks_a_password() {
    let app = spawn_app_with(TestOptions {
        sign_in_account_rate_limit: Some(Limit {
            max: 10,
            per_secs: 900,
        }),
        ..TestOptions::default()
    })
    .await;
    let http = reqwest::Client::new();
    for attempt in 1..=40 {
        let response = http
            .post(app.url("/api/account/sign-in"))
            .header("content-type", "multipart/form-data; boundary=x")
            .header("accept", "application/json")
            .body("csrf_token=x&email=victim%40example.com&password=wrong-password-1234")
            .send()
            .await
            .expect("sent");
        let status = response.status().as_u16();
        let body = response.text().await.expect("body");
        assert_eq!(status, 415, "attempt {attempt} was answered {status}: {body}");
        assert!(
            body.contains("form"),
            "the answer says what to send instead: {body}"
        );
    }
}

#[tokio::test]
async fn every_state_changing_form_refuses_bodies_that_are_not_plain_forms() {
    let app = spawn_app_with(TestOptions::default()).await;
    let browser = Browser::new(&app);
    let csrf = browser.csrf_token("/try-it").await;
    let urlencoded = format!(
        "csrf_token={csrf}&environment=sandbox&api=v2&credentials=paste&client_id=a&client_secret=b&entry=1"
    );
    for path in STATE_CHANGING_FORMS {
        for content_type in [
            "multipart/form-data; boundary=x",
            "application/json",
            "text/plain",
        ] {
            let response = browser
                .http
                .post(format!("{}{path}", app.address))
                .header("content-type", content_type)
                .header("accept", "application/json")
                .header("origin", app.address.clone())
                .body(urlencoded.clone())
                .send()
                .await
                .expect("sent");
            assert_eq!(
                response.status().as_u16(),
                415,
                "{path} with {content_type} must be refused"
            );
        }
        let missing = browser
            .http
            .post(format!("{}{path}", app.address))
            .header("accept", "application/json")
            .header("origin", app.address.clone())
            .body(urlencoded.clone())
            .send()
            .await
            .expect("sent");
        assert_eq!(missing.status().as_u16(), 415, "{path} without a Content-Type");
    }
}

#[tokio::test]
async fn the_console_api_form_checks_its_csrf_token_whatever_the_order_of_its_fields() {
    let app = spawn_app_with(TestOptions::default()).await;
    let browser = Browser::new(&app);
    let csrf = browser.csrf_token("/try-it").await;
    let send = |form: reqwest::multipart::Form| {
        browser
            .http
            .post(format!("{}/try-it/call", app.address))
            .header("accept", "text/html")
            .header("origin", app.address.clone())
            .multipart(form)
            .send()
    };
    // The console_call helper adds a genuine token first; these build their own forms.
    let without_token = reqwest::multipart::Form::new()
        .text("environment", "sandbox")
        .text("api", "claims-attachments")
        .text("operation", "attachment-status")
        .text("param.path.id", "att_x");
    assert_eq!(send(without_token).await.expect("sent").status().as_u16(), 403);
    let wrong_token = reqwest::multipart::Form::new()
        .text("environment", "sandbox")
        .text("api", "claims-attachments")
        .text("operation", "attachment-status")
        .text("csrf_token", "0".repeat(64));
    assert_eq!(send(wrong_token).await.expect("sent").status().as_u16(), 403);
    let token_last = reqwest::multipart::Form::new()
        .text("environment", "sandbox")
        .text("api", "claims-attachments")
        .text("operation", "attachment-status")
        .text("param.path.id", "att_x")
        .text("csrf_token", csrf);
    assert_eq!(
        send(token_last).await.expect("sent").status().as_u16(),
        303,
        "a genuine form is accepted wherever its token is"
    );
}

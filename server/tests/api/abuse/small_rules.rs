//! The smaller rules: every 401 has a challenge, v1 takes both spellings of the credentials,
//! every answer has a request id (and error pages show it), CSRF tokens differ per response,
//! and an app's secret only goes to the environment that issued it.

use crate::helpers::{Browser, TestOptions, captured_logs, spawn_app, spawn_app_with, unique_email};
use crate::upstream;

#[tokio::test]
async fn a_failed_client_secret_post_answers_401_with_a_challenge() {
    let app = spawn_app().await;
    let client = app.create_client(None).await;
    let response = app
        .post_form(
            "/apip/auth/v2/token",
            &format!(
                "grant_type=client_credentials&client_id={}&client_secret=wrong",
                client.id
            ),
            None,
        )
        .await;
    assert_eq!(response.status().as_u16(), 401);
    assert!(
        response.headers().contains_key("www-authenticate"),
        "RFC 9110 §11.6.1: every 401 carries WWW-Authenticate"
    );
}

#[tokio::test]
async fn the_v1_endpoint_takes_both_spellings_of_the_credentials() {
    let app = spawn_app().await;
    let client = app.create_client(None).await;
    let json = app
        .post_json(
            "/apip/auth/v1/token",
            &serde_json::json!({ "client_id": client.id, "client_secret": client.secret }),
            None,
        )
        .await;
    assert_eq!(json.status().as_u16(), 200);
    let body: serde_json::Value = json.json().await.expect("json");
    assert!(body["accessToken"].is_string(), "{body}");
    let form = app
        .post_form(
            "/apip/auth/v1/token",
            &format!("client_id={}&client_secret={}", client.id, client.secret),
            None,
        )
        .await;
    assert_eq!(form.status().as_u16(), 200);
    let both = app
        .post_json(
            "/apip/auth/v1/token",
            &serde_json::json!({ "clientId": client.id, "client_id": "mnc_other", "clientSecret": client.secret }),
            None,
        )
        .await;
    assert_eq!(
        both.status().as_u16(),
        400,
        "two different client ids are refused"
    );
}

#[tokio::test]
async fn every_answer_carries_a_request_id_that_error_pages_show_and_logs_record() {
    let app = spawn_app().await;
    let response = app.get("/no-such-page").await;
    assert_eq!(response.status().as_u16(), 404);
    let id = response
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .expect("a request id")
        .to_owned();
    let page = response.text().await.expect("page");
    assert!(page.contains(&id), "the error page shows the id to quote");
    assert!(captured_logs().contains(&id), "the log lines carry the id");

    let token = app
        .post_form("/apip/auth/v2/token", "grant_type=client_credentials", None)
        .await;
    assert!(token.headers().contains_key("x-request-id"));

    let spoofed = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "forged-by-the-client")
        .send()
        .await
        .expect("sent");
    let echoed = spoofed.headers()["x-request-id"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        !echoed.contains("forged"),
        "a client's own request id is not trusted"
    );
}

#[tokio::test]
async fn the_csrf_token_differs_in_every_response_and_each_one_is_accepted() {
    let app = spawn_app().await;
    let browser = Browser::new(&app);
    let first = browser.csrf_token("/login").await;
    let second = browser.csrf_token("/login").await;
    assert_ne!(first, second, "the token is masked afresh for every response");
    for token in [first, second] {
        let response = browser
            .call(
                "/api/account/sign-in",
                &[
                    ("csrf_token", &token),
                    ("email", "nobody@example.com"),
                    ("password", "wrong password"),
                ],
            )
            .await;
        assert_eq!(response.status().as_u16(), 200, "a masked token is accepted");
    }
}

#[tokio::test]
async fn an_apps_secret_is_only_sent_to_the_environment_that_issued_it() {
    let (stub, recorded) = upstream::start_recording().await;
    let app = spawn_app_with(TestOptions {
        environments: vec![upstream::environment("staging", &stub)],
        ..TestOptions::default()
    })
    .await;
    let browser = Browser::new(&app);
    let (client_id, _) = browser.sign_up(&unique_email("bound")).await;
    let choice = format!("app:{client_id}");
    let response = browser
        .console_token(&[
            ("environment", "staging"),
            ("api", "v2"),
            ("credentials", &choice),
        ])
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert!(
        recorded.lock().expect("recorded").is_empty(),
        "the sandbox app's secret was sent to another environment"
    );
    let page = browser.page("/try-it", 200).await;
    assert!(
        page.contains("only in the sandbox") || page.contains("issued"),
        "the console says why"
    );
}

//! The sandbox apps of an account: add, rename, rotate, revoke, and the Postman export.

use crate::helpers::{Browser, TestClient, credentials_in, csrf_in, on_every_session_store};
use serde_json::Value;

fn unique_email() -> String {
    crate::helpers::unique_email("apps")
}

async fn token(app: &crate::helpers::TestApp, id: &str, secret: &str) -> reqwest::Response {
    let client = TestClient {
        id: id.to_owned(),
        secret: secret.to_owned(),
    };
    app.post_form(
        "/apip/auth/v2/token",
        "grant_type=client_credentials",
        Some(&client.basic()),
    )
    .await
}

on_every_session_store! {
    /// Add → shown once; rename; rotate → old secret refused, new one works; revoke → the
    /// token endpoint refuses the app and its existing tokens stop working.
    async fn apps_can_be_added_renamed_rotated_and_revoked(app: TestApp) {
        let browser = Browser::new(&app);
        let (first_id, first_secret) = browser.sign_up(&unique_email()).await;
        let page = browser.page("/sandbox", 200).await;
        let csrf = csrf_in(&page).expect("csrf");

        let added = browser.submit_plain("/api/apps/create", "/sandbox", &[("csrf_token", &csrf), ("name", "Billing (staging)")]).await;
        assert_eq!(added.headers()["location"], "/sandbox");
        let page = browser.page("/sandbox", 200).await;
        assert!(page.contains("Added “Billing (staging)”."));
        let (second_id, second_secret) = credentials_in(&page).expect("the new app's credentials");
        assert_ne!(second_id, first_id);
        assert_eq!(token(&app, &second_id, &second_secret).await.status().as_u16(), 200);

        browser.submit_plain("/api/apps/rename", "/sandbox", &[("csrf_token", &csrf), ("client_id", &second_id), ("name", "Billing (prod-like)")]).await;
        assert!(browser.page("/sandbox", 200).await.contains("Billing (prod-like)"));

        let unconfirmed = browser.submit_plain("/api/apps/rotate", "/sandbox", &[("csrf_token", &csrf), ("client_id", &first_id)]).await;
        assert_eq!(unconfirmed.headers()["location"], "/sandbox");
        assert!(browser.page("/sandbox", 200).await.contains("Tick the box to confirm"));
        assert_eq!(token(&app, &first_id, &first_secret).await.status().as_u16(), 200, "nothing changed without confirmation");

        browser.submit_plain("/api/apps/rotate", "/sandbox", &[("csrf_token", &csrf), ("client_id", &first_id), ("confirm", "yes")]).await;
        let page = browser.page("/sandbox", 200).await;
        let (rotated_id, rotated_secret) = credentials_in(&page).expect("the rotated secret, once");
        assert_eq!(rotated_id, first_id);
        assert_eq!(token(&app, &first_id, &first_secret).await.status().as_u16(), 401, "the old secret stops working at once");
        let response = token(&app, &first_id, &rotated_secret).await;
        assert_eq!(response.status().as_u16(), 200);
        let live_token = response.json::<Value>().await.expect("json")["access_token"].as_str().expect("token").to_owned();

        browser.submit_plain("/api/apps/revoke", "/sandbox", &[("csrf_token", &csrf), ("client_id", &first_id), ("confirm", "yes")]).await;
        let page = browser.page("/sandbox", 200).await;
        assert!(page.contains("Revoked “First sandbox app”."));
        assert!(page.contains("Secret rotated") && page.contains("Revoked"), "the history lists the changes");
        assert_eq!(token(&app, &first_id, &rotated_secret).await.status().as_u16(), 401);
        let api = app.get_with_token("/claims/attachments/v1/status/att_none", &live_token).await;
        assert_eq!(api.status().as_u16(), 401, "the revoked app's tokens stop working");
        let introspected = app.post_form("/apip/auth/v2/introspect", &format!("token={live_token}"), Some(&TestClient { id: second_id.clone(), secret: second_secret.clone() }.basic())).await;
        assert_eq!(introspected.json::<Value>().await.expect("json")["active"], false);
    }

    /// The island's calls get the fresh overview and, after a rotation, the secret once.
    async fn app_actions_answer_islands_with_the_new_state(app: TestApp) {
        let browser = Browser::new(&app);
        let (client_id, _) = browser.sign_up(&unique_email()).await;
        let csrf = csrf_in(&browser.page("/sandbox", 200).await).expect("csrf");
        let response = browser.call("/api/apps/rotate", &[("csrf_token", &csrf), ("client_id", &client_id), ("confirm", "yes")]).await;
        let update: Value = response.json().await.expect("json");
        assert_eq!(update["credentials"]["client_id"], client_id.as_str());
        assert!(update["credentials"]["client_secret"].as_str().is_some_and(|s| s.starts_with("mns_")));
        assert_eq!(update["overview"]["apps"][0]["client_id"], client_id.as_str());
        assert!(!browser.page("/sandbox", 200).await.contains("mns_"), "the page never shows it again");
    }

    /// Another account's app cannot be touched or downloaded; signed-out people are sent to sign in.
    async fn apps_belong_to_their_account(app: TestApp) {
        let owner = Browser::new(&app);
        let (client_id, secret) = owner.sign_up(&unique_email()).await;
        let intruder = Browser::new(&app);
        intruder.sign_up(&unique_email()).await;
        let csrf = csrf_in(&intruder.page("/sandbox", 200).await).expect("csrf");
        let response = intruder.call("/api/apps/revoke", &[("csrf_token", &csrf), ("client_id", &client_id), ("confirm", "yes")]).await;
        assert_eq!(response.status().as_u16(), 404);
        assert_eq!(token(&app, &client_id, &secret).await.status().as_u16(), 200, "still working");
        let download = intruder.http.get(format!("{}/sandbox/apps/{client_id}/postman-collection.json", app.address)).send().await.expect("sent");
        assert_eq!(download.status().as_u16(), 404);
        let anonymous = Browser::new(&app);
        assert_eq!(anonymous.http.get(format!("{}/sandbox", app.address)).send().await.expect("sent").headers()["location"], "/login");
        let download = anonymous.http.get(format!("{}/sandbox/apps/{client_id}/postman-environment.json", app.address)).send().await.expect("sent");
        assert_eq!(download.status().as_u16(), 401);
    }

    /// The Postman files: a v2.1 collection using the MN- variables, and an environment with
    /// the client id filled in and the secret left empty.
    async fn the_postman_files_use_the_mn_variables_and_leave_the_secret_empty(app: TestApp) {
        let browser = Browser::new(&app);
        let (client_id, secret) = browser.sign_up(&unique_email()).await;
        let get = |kind: &str| {
            let url = format!("{}/sandbox/apps/{client_id}/postman-{kind}.json", app.address);
            let http = browser.http.clone();
            async move { http.get(url).send().await.expect("sent") }
        };
        let collection = get("collection").await;
        assert_eq!(collection.status().as_u16(), 200);
        assert!(collection.headers()["content-disposition"].to_str().expect("ascii").starts_with("attachment;"));
        let text = collection.text().await.expect("body");
        assert!(text.contains("{{MN-ClientId}}") && text.contains("{{MN-ClientSecret}}") && text.contains("{{baseUrl}}"));
        assert!(!text.contains(&secret));
        let environment: Value = get("environment").await.json().await.expect("json");
        let value_of = |key: &str| environment["values"].as_array().expect("values").iter().find(|v| v["key"] == key).expect(key)["value"].clone();
        assert_eq!(value_of("MN-ClientId"), client_id.as_str());
        assert_eq!(value_of("MN-ClientSecret"), "");
        assert_eq!(value_of("baseUrl"), app.address.as_str());
    }
}

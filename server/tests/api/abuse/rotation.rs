//! A rotation ends the old secret and every token issued with it, on every instance, by the
//! time it is acknowledged.

use crate::helpers::{PostgresDatabase, TestClient, TestOptions, skipped, spawn_app, spawn_app_with};
use secrecy::ExposeSecret;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::time::Instant;

#[tokio::test]
async fn tokens_issued_before_a_rotation_stop_working_with_the_old_secret() {
    let app = spawn_app().await;
    let client = app.create_client(None).await;
    let token = app.token(&client, None).await;
    let status_path = "/claims/attachments/v1/status/att_unknown";
    assert_eq!(
        app.get_with_token(status_path, &token).await.status().as_u16(),
        404
    );

    app.sandbox.clients.rotate(&client.id).await.expect("rotated");

    let refused = app.get_with_token(status_path, &token).await;
    assert_eq!(refused.status().as_u16(), 401);
    let body: serde_json::Value = refused.json().await.expect("json");
    assert_eq!(body["error"], "invalid_token");
    assert!(
        body["error_description"]
            .as_str()
            .is_some_and(|d| d.contains("rotat")),
        "the answer says why: {body}"
    );
}

#[tokio::test]
async fn once_a_rotation_is_acknowledged_no_instance_accepts_the_old_secret() {
    let Some(database) = PostgresDatabase::create_if_configured().await else {
        return skipped(
            "PostgreSQL",
            "once_a_rotation_is_acknowledged_no_instance_accepts_the_old_secret",
        );
    };
    let shared = |_: ()| TestOptions {
        database_url: Some(database.url.clone()),
        secret_key: Some("a".repeat(64)),
        ..TestOptions::default()
    };
    let first = spawn_app_with(shared(())).await;
    let second = Arc::new(spawn_app_with(shared(())).await);
    let client = first.create_client(None).await;
    let old = TestClient {
        id: client.id.clone(),
        secret: client.secret.clone(),
    };
    let old_token = second.token(&old, None).await;

    // Keep the second instance busy with the old secret while the first rotates it.
    let stop = Arc::new(AtomicBool::new(false));
    let mut hammers = Vec::new();
    for _ in 0..4 {
        let (second, stop, id, secret) = (second.clone(), stop.clone(), old.id.clone(), old.secret.clone());
        hammers.push(tokio::spawn(async move {
            let mut answers = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let sent = Instant::now();
                let status = second.token_status(&id, &secret).await;
                answers.push((sent, status));
            }
            answers
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let rotated = first.sandbox.clients.rotate(&client.id).await.expect("rotated");
    let acknowledged = Instant::now();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);

    let mut after = 0;
    for hammer in hammers {
        for (sent, status) in hammer.await.expect("hammer") {
            if sent >= acknowledged {
                after += 1;
                // 401, or 429 once this address has failed often enough for that client.
                assert!(
                    [401, 429].contains(&status),
                    "the old secret got {status} after the rotation was acknowledged"
                );
            }
        }
    }
    assert!(after > 0, "requests ran after the acknowledgement");
    let elsewhere = reqwest::Client::builder()
        .local_address("127.0.0.9".parse::<std::net::IpAddr>().expect("ip"))
        .build()
        .expect("client");
    let fresh = elsewhere
        .post(second.url("/apip/auth/v2/token"))
        .basic_auth(&client.id, Some(rotated.client_secret.expose_secret()))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("sent");
    assert_eq!(
        fresh.status().as_u16(),
        200,
        "the new secret works on the other instance"
    );
    for app in [&first, second.as_ref()] {
        let status = app
            .get_with_token("/claims/attachments/v1/status/att_unknown", &old_token)
            .await
            .status()
            .as_u16();
        assert_eq!(
            status, 401,
            "a token issued with the old secret is refused everywhere"
        );
    }
}

//! The request log's recording: each precise reason produced by a real request from outside
//! the console (reqwest, as a developer's code would send it), filed under the right app,
//! with nothing secret kept; the bounded queue, retention, and two instances writing one log.

use crate::helpers::{
    Backend, PostgresDatabase, START, TestApp, TestClient, TestOptions, skipped, spawn_app_with,
};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use server::crypto::PortalKey;
use server::oauth::tokens::{TokenApi, TokenService};
use server::rate_limit::Limit;
use server::request_log::RequestLogSettings;
use server::request_log::explain::explain;
use server::request_log::reason::Reason;
use server::request_log::record::{LogFilter, Record, Source};
use std::sync::Arc;
use std::time::Duration;

const KEY_BYTES: [u8; 32] = *b"request-log-test-key-32-bytes-ok";
const TOKEN_PATH: &str = "/apip/auth/v2/token";

fn key() -> String {
    STANDARD.encode(KEY_BYTES)
}

/// A portal that writes its log quickly, with the test key.
async fn portal(options: TestOptions) -> TestApp {
    spawn_app_with(TestOptions {
        secret_key: Some(key()),
        request_log: Some(RequestLogSettings {
            flush_every: Duration::from_millis(20),
            ..options.request_log.unwrap_or_default()
        }),
        ..options
    })
    .await
}

/// `client`'s records, newest first, once there are at least `count` (within 10 s).
async fn records(app: &TestApp, client: &str, count: usize) -> Vec<Record> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let records = app
            .sandbox
            .db
            .request_log_page(client, &LogFilter::default(), None, 1000)
            .await
            .expect("the log reads");
        if records.len() >= count || tokio::time::Instant::now() > deadline {
            assert!(
                records.len() >= count,
                "expected {count} records for {client}, found {}: {records:#?}",
                records.len()
            );
            return records;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Sends a request and waits for its record (within 10 s), which it returns.
async fn recorded(app: &TestApp, client: &str, request: reqwest::RequestBuilder) -> (u16, Record) {
    let response = request.send().await.expect("sent");
    let status = response.status().as_u16();
    let request_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .expect("a request id")
        .to_owned();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let found = app
            .sandbox
            .db
            .request_log_entry(client, &request_id)
            .await
            .expect("the log reads");
        if let Some(record) = found {
            assert_eq!(record.status, status);
            return (status, record);
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no record of the {status} answer {request_id} under {client}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

fn token_form(app: &TestApp, body: &str) -> reqwest::RequestBuilder {
    app.client
        .post(app.url(TOKEN_PATH))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("user-agent", "my-integration/1.2")
        .body(body.to_owned())
}

fn basic(client: &TestClient) -> String {
    client.basic()
}

#[tokio::test]
async fn each_token_request_failure_is_filed_under_its_app_with_the_precise_reason() {
    let app = portal(TestOptions::default()).await;
    let client = app.create_client(None).await;
    let id = client.id.as_str();

    let (status, record) = recorded(
        &app,
        id,
        token_form(&app, "grant_type=client_credentials").header(
            "authorization",
            basic(&TestClient {
                id: client.id.clone(),
                secret: "mns_not-the-secret".into(),
            }),
        ),
    )
    .await;
    assert_eq!((status, record.reason), (401, Reason::WrongSecret));
    assert_eq!(record.error_code.as_deref(), Some("invalid_client"));
    assert_eq!(record.source, Source::Outside);
    assert_eq!(record.user_agent, "my-integration/1.2");
    assert_eq!(record.client_address, "127.0.0.1");
    assert!(explain(&record).title.contains("secret is wrong"));

    // A body sent as text/plain (fetch() with a string body does that) is still filed.
    let (status, record) = recorded(
        &app,
        id,
        app.client
            .post(app.url(TOKEN_PATH))
            .header("content-type", "text/plain;charset=UTF-8")
            .body(format!(
                "grant_type=client_credentials&client_id={id}&client_secret={}",
                client.secret
            )),
    )
    .await;
    assert_eq!((status, record.reason), (400, Reason::WrongContentType));
    assert_eq!(record.detail.as_deref(), Some("text/plain"));
    assert!(explain(&record).detail.contains("text/plain"));

    let (status, record) = recorded(
        &app,
        id,
        token_form(
            &app,
            &format!("grant_type=client_credentials&client_secret={}", client.secret),
        )
        .header("authorization", basic(&client)),
    )
    .await;
    assert_eq!((status, record.reason), (400, Reason::BothCredentials));

    let (status, record) = recorded(
        &app,
        id,
        token_form(&app, "scope=x").header("authorization", basic(&client)),
    )
    .await;
    assert_eq!((status, record.reason), (400, Reason::GrantTypeMissing));

    let (status, record) = recorded(
        &app,
        id,
        token_form(&app, "grant_type=password").header("authorization", basic(&client)),
    )
    .await;
    assert_eq!((status, record.reason), (400, Reason::UnsupportedGrantType));
    assert_eq!(record.detail.as_deref(), Some("password"));

    let (status, record) = recorded(
        &app,
        id,
        token_form(&app, "grant_type=client_credentials&scope=claims.admin")
            .header("authorization", basic(&client)),
    )
    .await;
    assert_eq!((status, record.reason), (400, Reason::ScopeNotGranted));
    assert!(explain(&record).detail.contains("claims.admin"));

    let (status, record) = recorded(
        &app,
        id,
        token_form(
            &app,
            "grant_type=client_credentials&grant_type=client_credentials",
        )
        .header("authorization", basic(&client)),
    )
    .await;
    assert_eq!((status, record.reason), (400, Reason::MalformedBody));
    assert!(record.detail.as_deref().is_some_and(|d| d.contains("repeated")));

    let (status, record) = recorded(
        &app,
        id,
        app.client
            .post(app.url("/apip/auth/v1/token"))
            .header("authorization", basic(&client))
            .json(&serde_json::json!({"clientId": id, "clientSecret": client.secret})),
    )
    .await;
    assert_eq!((status, record.reason), (400, Reason::HeaderSentToV1));

    let (status, record) = recorded(
        &app,
        id,
        token_form(&app, "grant_type=client_credentials").header("authorization", basic(&client)),
    )
    .await;
    assert_eq!((status, record.reason), (200, Reason::Issued));
    assert!(record.jti.is_some(), "the issued token's id is kept");

    // After a rotation, the old secret is told apart from a wrong one, with the time.
    app.clock.advance(60);
    app.sandbox.clients.rotate(id).await.expect("rotated");
    let (status, record) = recorded(
        &app,
        id,
        token_form(&app, "grant_type=client_credentials").header("authorization", basic(&client)),
    )
    .await;
    assert_eq!((status, record.reason), (401, Reason::RotatedSecret));
    assert_eq!(record.reason_at, Some(START + 60));
    assert!(
        explain(&record).detail.contains("2026-11-29 10:01:00 UTC"),
        "{:?}",
        explain(&record)
    );

    // Suspended and revoked apps.
    let suspended = app.create_client(None).await;
    app.sandbox
        .clients
        .suspend(&suspended.id)
        .await
        .expect("suspended");
    let (status, record) = recorded(
        &app,
        &suspended.id,
        token_form(&app, "grant_type=client_credentials").header("authorization", basic(&suspended)),
    )
    .await;
    assert_eq!((status, record.reason), (400, Reason::AppSuspended));
    let revoked = app.create_client(None).await;
    app.sandbox.clients.revoke(&revoked.id).await.expect("revoked");
    let (status, record) = recorded(
        &app,
        &revoked.id,
        token_form(&app, "grant_type=client_credentials").header("authorization", basic(&revoked)),
    )
    .await;
    assert_eq!((status, record.reason), (401, Reason::AppRevoked));

    // An id no app has is filed nowhere.
    let unknown = "mnc_nosuchappnosuchapp";
    let response = token_form(&app, "grant_type=client_credentials")
        .header(
            "authorization",
            basic(&TestClient {
                id: unknown.into(),
                secret: "mns_x".into(),
            }),
        )
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status().as_u16(), 401);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(records(&app, unknown, 0).await.is_empty());
}

#[tokio::test]
async fn a_rate_limited_token_request_is_filed_with_which_limit() {
    let app = portal(TestOptions {
        token_rate_limit: Some(Limit { max: 1, per_secs: 60 }),
        ..TestOptions::default()
    })
    .await;
    let client = app.create_client(None).await;
    app.token(&client, None).await;
    let (status, record) = recorded(
        &app,
        &client.id,
        token_form(&app, "grant_type=client_credentials").header("authorization", basic(&client)),
    )
    .await;
    assert_eq!((status, record.reason), (429, Reason::RateLimited));
    assert!(
        record
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("tokens issued to this client")),
        "{record:?}"
    );
}

#[tokio::test]
async fn each_sandbox_api_refusal_is_filed_under_the_tokens_app_with_the_precise_reason() {
    let app = portal(TestOptions::default()).await;
    let client = app.create_client(None).await;
    let id = client.id.as_str();
    let status_path = "/claims/attachments/v1/status/att_nosuchattachment";
    let call = |token: &str| {
        app.client
            .get(app.url(status_path))
            .bearer_auth(token)
            .header("user-agent", "curl/8.5.0")
    };

    let token = app.token(&client, None).await;
    let (status, record) = recorded(&app, id, call(&token)).await;
    assert_eq!((status, record.reason), (404, Reason::NotFound));
    assert!(record.jti.is_some());

    let read_only = app.token(&client, Some("claims.attachments.read")).await;
    let (status, record) = recorded(
        &app,
        id,
        app.client
            .post(app.url("/claims/attachments/v1/submissions"))
            .bearer_auth(&read_only)
            .json(&serde_json::json!({})),
    )
    .await;
    assert_eq!((status, record.reason), (403, Reason::MissingScope));
    assert_eq!(record.detail.as_deref(), Some("claims.attachments.write"));

    // Revoked on its own (RFC 7009).
    let revoked = app.token(&client, None).await;
    let response = app
        .post_form(
            "/apip/auth/v2/revoke",
            &format!("token={revoked}"),
            Some(&client.basic()),
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let (status, record) = recorded(&app, id, call(&revoked)).await;
    assert_eq!((status, record.reason), (401, Reason::TokenRevoked));

    // Signed with this key, for another portal.
    let foreign = TokenService::new(
        &PortalKey::from_bytes(KEY_BYTES),
        "https://staging.portal.example".into(),
        3600,
        Arc::new(app.clock.clone()),
    )
    .issue(id, &["claims.attachments.read"], TokenApi::V2, 0)
    .access_token;
    let (status, record) = recorded(&app, id, call(&foreign)).await;
    assert_eq!((status, record.reason), (401, Reason::ForeignIssuer));
    assert!(explain(&record).detail.contains("https://staging.portal.example"));

    // Expired, with when.
    app.clock.advance(3600 + 120);
    let (status, record) = recorded(&app, id, call(&token)).await;
    assert_eq!((status, record.reason), (401, Reason::TokenExpired));
    assert!(explain(&record).detail.contains("2 minutes before this call"));

    // Issued before a rotation.
    let before_rotation = app.token(&client, None).await;
    app.sandbox.clients.rotate(id).await.expect("rotated");
    let (status, record) = recorded(&app, id, call(&before_rotation)).await;
    assert_eq!((status, record.reason), (401, Reason::TokenOfRotatedSecret));
    assert!(record.reason_at.is_some());

    // A token this sandbox did not sign belongs to no app: it is filed nowhere, even when
    // its claims name one (they cannot be believed).
    let forged = {
        let mut parts = before_rotation.split('.');
        let header = parts.next().expect("header");
        let claims = serde_json::json!({"iss": "x", "sub": id, "client_id": id, "aud": "claims-attachments-v1",
            "scope": "", "iat": 0, "exp": i64::MAX, "jti": "forged", "api": "v2"});
        format!(
            "{header}.{}.{}",
            URL_SAFE_NO_PAD.encode(claims.to_string()),
            URL_SAFE_NO_PAD.encode([0u8; 64])
        )
    };
    let before = records(&app, id, 0).await.len();
    assert_eq!(call(&forged).send().await.expect("sent").status().as_u16(), 401);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(records(&app, id, 0).await.len(), before);
}

#[tokio::test]
async fn records_keep_no_secret_token_or_body() {
    let app = portal(TestOptions::default()).await;
    let client = app.create_client(None).await;
    let token = app.token(&client, None).await;
    let marker = "UNIQUE-CLAIM-MARKER-7731";
    let response = app
        .post_json(
            "/claims/attachments/v1/submissions",
            &serde_json::json!({"claimReference": marker, "attachmentType": "other"}),
            Some(&format!("Bearer {token}")),
        )
        .await;
    assert_eq!(response.status().as_u16(), 400);
    app.post_form(
        TOKEN_PATH,
        &format!(
            "grant_type=client_credentials&client_id={}&client_secret=mns_guess-{marker}",
            client.id
        ),
        None,
    )
    .await;
    let stored = records(&app, &client.id, 3).await;
    let text = format!("{stored:?}");
    for secret in [client.secret.as_str(), token.as_str(), marker] {
        assert!(!text.contains(secret), "a record holds {secret}: {text}");
    }
    // Nor anywhere in the database (the secret is only kept hashed and sealed).
    let bytes = app.database_bytes();
    for secret in [client.secret.as_str(), token.as_str()] {
        assert!(
            !bytes
                .windows(secret.len())
                .any(|window| window == secret.as_bytes()),
            "the database holds {secret}"
        );
    }
}

#[tokio::test]
async fn a_burst_bigger_than_the_queue_is_answered_in_full_and_the_excess_dropped_and_counted() {
    // The writer takes a batch only every 5 s here, so the queue fills at once.
    let app = spawn_app_with(TestOptions {
        secret_key: Some(key()),
        request_log: Some(RequestLogSettings {
            queue: 4,
            flush_every: Duration::from_secs(5),
            ..RequestLogSettings::default()
        }),
        ..TestOptions::default()
    })
    .await;
    let client = app.create_client(None).await;
    let burst = 40;
    let authorization = client.basic();
    let answers = futures::future::join_all(
        (0..burst).map(|_| app.post_form(TOKEN_PATH, "grant_type=client_credentials", Some(&authorization))),
    )
    .await;
    assert!(
        answers.iter().all(|answer| answer.status().as_u16() == 200),
        "every request is answered"
    );
    let dropped = app.sandbox.requests.dropped();
    assert!(
        dropped >= burst - 5,
        "at most the queue and the writer's one in hand are kept: {dropped}"
    );
    let kept = records(&app, &client.id, usize::try_from(burst - dropped).expect("small")).await;
    assert_eq!(
        kept.len() as u64 + dropped,
        burst,
        "every request is kept or counted"
    );
}

#[tokio::test]
async fn records_are_kept_for_the_retention_period_and_at_most_the_count_per_app() {
    let app = portal(TestOptions {
        request_log: Some(RequestLogSettings {
            max_per_app: 5,
            retention: Duration::from_secs(86_400),
            ..RequestLogSettings::default()
        }),
        ..TestOptions::default()
    })
    .await;
    let client = app.create_client(None).await;
    let other = app.create_client(None).await;
    for _ in 0..8 {
        app.token(&client, None).await;
    }
    app.token(&other, None).await;
    // The writer trims an app as it writes; housekeeping trims the rest.
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.sandbox.requests.prune().await.expect("pruned");
    assert_eq!(
        records(&app, &client.id, 0).await.len(),
        5,
        "the newest 5 are kept"
    );
    assert_eq!(records(&app, &other.id, 0).await.len(), 1);

    app.clock.advance(86_400 + 1);
    app.token(&other, None).await;
    records(&app, &other.id, 2).await;
    app.sandbox.requests.prune().await.expect("pruned");
    assert!(records(&app, &client.id, 0).await.is_empty(), "past retention");
    let left = records(&app, &other.id, 0).await;
    assert_eq!(left.len(), 1, "only the recent one is left");
}

#[tokio::test]
async fn two_instances_on_postgres_write_one_log() {
    let Some(database) = PostgresDatabase::create_if_configured().await else {
        skipped("PostgreSQL", "two_instances_on_postgres_write_one_log");
        return;
    };
    let instance = || {
        portal(TestOptions {
            backend: Some(Backend::Postgres),
            // Behind one balancer, both are the same issuer.
            public_url: Some("https://portal.example".into()),
            database_url: Some(database.url.clone()),
            ..TestOptions::default()
        })
    };
    let (a, b) = (instance().await, instance().await);
    let client = a.create_client(None).await;
    let token = a.token(&client, None).await;
    let status = b
        .get_with_token("/claims/attachments/v1/status/att_none", &token)
        .await
        .status();
    assert_eq!(status.as_u16(), 404, "B accepts A's token");
    a.token_status(&client.id, "mns_wrong").await;
    for app in [&a, &b] {
        let log = records(app, &client.id, 3).await;
        let reasons: Vec<Reason> = log.iter().map(|record| record.reason).collect();
        assert_eq!(
            reasons,
            [Reason::WrongSecret, Reason::NotFound, Reason::Issued],
            "newest first, from both instances"
        );
    }
}

#[tokio::test]
async fn one_apps_flood_is_recorded_up_to_its_budget_and_never_crowds_out_another_app() {
    let app = portal(TestOptions {
        request_log: Some(RequestLogSettings {
            per_app: Limit {
                max: 5,
                per_secs: 3600,
            },
            ..RequestLogSettings::default()
        }),
        ..TestOptions::default()
    })
    .await;
    let flooding = app.create_client(None).await;
    let quiet = app.create_client(None).await;
    for _ in 0..12 {
        app.token(&flooding, None).await;
    }
    let (status, record) = recorded(
        &app,
        &quiet.id,
        token_form(&app, "grant_type=client_credentials").header("authorization", basic(&quiet)),
    )
    .await;
    assert_eq!((status, record.reason), (200, Reason::Issued));
    assert_eq!(
        records(&app, &flooding.id, 5).await.len(),
        5,
        "the budget's worth"
    );
    assert_eq!(app.sandbox.requests.dropped(), 7, "the excess is counted");
}

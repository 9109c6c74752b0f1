//! PostgreSQL restarts under a running portal: the portal stays up (pages from memory, a clear
//! 503 for what needs the database, `/readyz` 503), its pool reconnects by itself afterwards,
//! and no account is left half made.

use super::own_services::OwnPostgres;
use crate::helpers::{Browser, skipped, unique_email};
use crate::process::PortalProcess;
use sqlx::Connection;
use std::time::Duration;

#[tokio::test]
async fn a_postgresql_restart_is_survived_and_leaves_no_half_made_account() {
    let Some(postgres) = OwnPostgres::start().await else {
        return skipped("PostgreSQL server programs", "a_postgresql_restart_is_survived");
    };
    let dir = tempfile::tempdir().expect("dir");
    let url = postgres.url();
    let mut portal = PortalProcess::start(dir.path(), &[("PORTAL_DATABASE_URL", &url)]).await;
    let before = unique_email("before");
    Browser::of(&portal.address, "127.0.0.1").sign_up(&before).await;
    let bounded = |request: reqwest::RequestBuilder| async move {
        request
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .expect("an answer, not a hang")
    };

    postgres.stop();
    let reader = Browser::of(&portal.address, "127.0.0.2");
    let page = bounded(
        reader
            .http
            .get(format!("{}/faq/security-and-authorization", portal.address)),
    )
    .await;
    assert_eq!(page.status().as_u16(), 200, "content is served from memory");
    let ready = bounded(reader.http.get(format!("{}/readyz", portal.address))).await;
    assert_eq!(ready.status().as_u16(), 503, "not ready without its database");
    let during = unique_email("during");
    let sign_up_page = bounded(reader.http.get(format!("{}/sandbox/signup", portal.address))).await;
    assert_eq!(sign_up_page.status().as_u16(), 503, "a clear 503, not a 500");
    assert!(sign_up_page.headers().contains_key("retry-after"));
    let attempt = bounded(
        reader
            .http
            .post(format!("{}/api/account/sign-up", portal.address))
            .header("accept", "text/html")
            .header("origin", &portal.address)
            .form(&[
                ("csrf_token", "x"),
                ("name", "Jane Doe"),
                ("email", during.as_str()),
                ("organisation", "Acme"),
                ("password", "correct horse battery staple"),
                ("accept_terms", "yes"),
            ]),
    )
    .await;
    assert_eq!(
        attempt.status().as_u16(),
        503,
        "a sign-up during the outage is refused clearly"
    );

    postgres.resume().await;
    let after = unique_email("after");
    let mut signed_up = false;
    for _ in 0..100 {
        let form = bounded(reader.http.get(format!("{}/sandbox/signup", portal.address))).await;
        if form.status() == 200 {
            Browser::of(&portal.address, "127.0.0.3").sign_up(&after).await;
            signed_up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(signed_up, "the pools reconnected by themselves");
    let ready = bounded(reader.http.get(format!("{}/readyz", portal.address))).await;
    assert_eq!(ready.status().as_u16(), 200, "ready again");
    assert!(
        portal.child_is_running(),
        "the portal never exited or panicked through the restart"
    );

    let mut db = sqlx::PgConnection::connect(&url).await.expect("connect");
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT a.email, COUNT(c.id) FROM accounts a LEFT JOIN clients c ON c.account_id = a.id GROUP BY a.email",
    )
    .fetch_all(&mut db)
    .await
    .expect("query");
    let mut rows = rows;
    rows.sort();
    let mut expected = vec![(after, 1), (before, 1)];
    expected.sort();
    assert_eq!(
        rows, expected,
        "each account with its first app; nothing of the refused sign-up"
    );
    db.close().await.ok();
    portal.terminate();
    assert!(
        portal.wait_for_exit(Duration::from_secs(40)).await,
        "a clean stop"
    );
}

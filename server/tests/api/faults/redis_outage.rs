//! Redis stops under a running portal: readers still get pages, what needs a session gets a
//! clear 503 with `Retry-After` (never a hang), tokens are still issued, and once Redis is back
//! everything works again by itself, the signed-in session included.

use super::own_services::OwnRedis;
use crate::helpers::{Browser, skipped, unique_email};
use crate::process::PortalProcess;
use std::time::Duration;

#[tokio::test]
async fn a_redis_outage_keeps_pages_up_answers_503_for_sessions_and_recovers_by_itself() {
    let Some(mut redis) = OwnRedis::start().await else {
        return skipped("redis-server", "a_redis_outage_keeps_pages_up");
    };
    let dir = tempfile::tempdir().expect("dir");
    let redis_url = redis.url();
    let portal = PortalProcess::start(dir.path(), &[("PORTAL_REDIS_URL", &redis_url)]).await;
    let person = Browser::of(&portal.address, "127.0.0.1");
    let (client_id, secret) = person.sign_up(&unique_email("outage")).await;
    // Every request below must be answered quickly; a hang fails the test.
    let bounded = |request: reqwest::RequestBuilder| async move {
        request
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .expect("an answer, not a hang")
    };

    redis.stop();
    // The first request that needs the store meets the outage: a 503, never a hang.
    let account = bounded(person.http.get(format!("{}/sandbox", portal.address))).await;
    assert_eq!(
        account.status().as_u16(),
        503,
        "the signed-in view needs the session"
    );
    assert!(account.headers().contains_key("retry-after"));
    assert!(
        account
            .text()
            .await
            .expect("page")
            .contains("unavailable for a moment")
    );
    let reader = Browser::of(&portal.address, "127.0.0.2");
    for path in [
        "/faq/security-and-authorization",
        "/apis/claims-attachments",
        "/apis/claims-attachments/submit-attachment",
    ] {
        let page = bounded(reader.http.get(format!("{}{path}", portal.address))).await;
        assert_eq!(
            page.status().as_u16(),
            200,
            "{path} renders for an anonymous reader"
        );
    }
    let login = bounded(reader.http.get(format!("{}/login", portal.address))).await;
    assert_eq!(login.status().as_u16(), 503, "signing in needs the session store");
    assert_eq!(login.headers()["retry-after"], "5");
    let sign_in = bounded(
        reader
            .http
            .post(format!("{}/api/account/sign-in", portal.address))
            .header("accept", "text/html")
            .header("origin", &portal.address)
            .form(&[("csrf_token", "x"), ("email", "a@example.com"), ("password", "x")]),
    )
    .await;
    assert_eq!(
        sign_in.status().as_u16(),
        503,
        "a form post needs the session store"
    );
    let ready = bounded(reader.http.get(format!("{}/readyz", portal.address))).await;
    assert_eq!(ready.status().as_u16(), 503, "not ready without Redis");
    let token = portal.request_token(&client_id, &secret).await;
    assert_eq!(
        token.status().as_u16(),
        200,
        "tokens are still issued (limits counted locally)"
    );

    redis.resume().await;
    let mut recovered = false;
    for _ in 0..100 {
        let response = bounded(person.http.get(format!("{}/sandbox", portal.address))).await;
        if response.status() == 200 {
            assert!(
                response.text().await.expect("page").contains(&client_id),
                "the same session"
            );
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        recovered,
        "the portal uses Redis again by itself, with the same session"
    );
    let ready = bounded(reader.http.get(format!("{}/readyz", portal.address))).await;
    assert_eq!(ready.status().as_u16(), 200);
}

//! What one instance does on SIGTERM, step by step: `/readyz` 503 at once while `/healthz`
//! stays 200, reads answered 503 with `Retry-After` and `Connection: close` during the grace,
//! posts still served, then connections refused, and a clean exit.

use crate::process::{PortalProcess, create_client};
use std::time::Duration;

#[tokio::test]
async fn sigterm_drains_the_instance_out_of_a_balancer_then_exits_cleanly() {
    let dir = tempfile::tempdir().expect("dir");
    let (client_id, secret) = create_client(dir.path(), &[]);
    let mut portal = PortalProcess::start(dir.path(), &[("PORTAL_SHUTDOWN_GRACE", "3s")]).await;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    let address = portal.address.clone();
    let get = |path: &str| http.get(format!("{address}{path}")).send();
    assert_eq!(
        get("/readyz").await.expect("sent").status().as_u16(),
        200,
        "ready before"
    );

    portal.terminate();
    let mut readiness = None;
    for _ in 0..100 {
        let response = get("/readyz").await.expect("still accepting during the grace");
        if response.status() == 503 {
            readiness = Some(response.json::<serde_json::Value>().await.expect("json"));
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let readiness = readiness.expect("/readyz turns 503 after SIGTERM");
    assert_eq!(readiness["status"], "draining");
    assert_eq!(
        get("/healthz").await.expect("sent").status().as_u16(),
        200,
        "still alive"
    );
    let read = get("/faq/security-and-authorization").await.expect("sent");
    assert_eq!(read.status().as_u16(), 503, "a read is sent elsewhere");
    assert_eq!(read.headers()["retry-after"], "1");
    assert_eq!(read.headers()["connection"], "close");
    let token = portal.request_token(&client_id, &secret).await;
    assert_eq!(
        token.status().as_u16(),
        200,
        "a post is still served during the grace"
    );

    assert!(portal.wait_for_exit(Duration::from_secs(40)).await, "exit code 0");
    assert!(
        get("/healthz").await.is_err(),
        "after the grace, connections are refused"
    );
}

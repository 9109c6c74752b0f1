//! Scale-out: two portal processes on one PostgreSQL database honour each other's tokens and
//! revocations; an instance with a different key refuses to start.

use crate::helpers::{PostgresDatabase, skipped};
use crate::process::{PortalProcess, create_client, portal};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

const KEY: &str = "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=";

#[tokio::test]
async fn two_processes_on_one_postgresql_database_share_tokens_and_revocations() {
    let Some(database) = PostgresDatabase::create_if_configured().await else {
        skipped(
            "PostgreSQL",
            "two_processes_on_one_postgresql_database_share_tokens_and_revocations",
        );
        return;
    };
    // Instances behind one load balancer share the database, the key and the public URL.
    let env = [
        ("PORTAL_DATABASE_URL", database.url.as_str()),
        ("PORTAL_SECRET_KEY", KEY),
        ("PORTAL_PUBLIC_URL", "http://portal.internal"),
    ];
    let (dir_a, dir_b) = (
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    );
    let (client_id, secret) = create_client(dir_a.path(), &env);
    let a = PortalProcess::start(dir_a.path(), &env).await;
    let b = PortalProcess::start(dir_b.path(), &env).await;
    let http = reqwest::Client::new();

    let token = a.token(&client_id, &secret).await;
    let on_b = |token: String| {
        let http = http.clone();
        let url = format!("{}/claims/attachments/v1/status/att_none", b.address);
        async move {
            http.get(url)
                .bearer_auth(token)
                .send()
                .await
                .expect("sent")
                .status()
                .as_u16()
        }
    };
    assert_eq!(on_b(token.clone()).await, 404, "B accepts A's token");

    let revoked = http
        .post(format!("{}/apip/auth/v2/revoke", a.address))
        .basic_auth(&client_id, Some(&secret))
        .form(&[("token", token.as_str())])
        .send()
        .await
        .expect("sent");
    assert_eq!(revoked.status().as_u16(), 200);
    assert_eq!(on_b(token).await, 401, "B honours A's revocation");
}

#[tokio::test]
async fn an_instance_with_a_different_key_refuses_the_database() {
    let Some(database) = PostgresDatabase::create_if_configured().await else {
        skipped(
            "PostgreSQL",
            "an_instance_with_a_different_key_refuses_the_database",
        );
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    create_client(
        dir.path(),
        &[
            ("PORTAL_DATABASE_URL", database.url.as_str()),
            ("PORTAL_SECRET_KEY", KEY),
        ],
    );
    let other_key = STANDARD.encode([9u8; 32]);
    let output = portal(
        dir.path(),
        &[
            ("PORTAL_DATABASE_URL", database.url.as_str()),
            ("PORTAL_SECRET_KEY", other_key.as_str()),
        ],
    )
    .args(["client", "list"])
    .output()
    .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("PORTAL_SECRET_KEY"), "{stderr}");
}

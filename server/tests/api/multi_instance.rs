//! Scale-out: an instance with a different key refuses a database another key set up (what
//! instances behind a balancer share is in `scale_out`).

use crate::helpers::{PostgresDatabase, skipped};
use crate::process::{create_client, portal};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

const KEY: &str = "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=";

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

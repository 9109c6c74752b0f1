//! Operator commands on the real binary: `portal backup` (a SQLite snapshot; `pg_dump` advice
//! on PostgreSQL) and `portal migrate` (a SQLite portal moved into an empty PostgreSQL
//! database, key fingerprint and all).

use crate::helpers::{Browser, PostgresDatabase, skipped, unique_email};
use crate::process::{PortalProcess, create_client, portal};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sqlx::Connection;
use std::path::Path;
use std::process::Output;

const KEY: &str = "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=";
const PASSWORD: &str = "correct horse battery staple";

fn stdout_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts `output` is a one-line failure with `code` that says `expected`.
fn assert_one_line_failure(output: &Output, code: i32, expected: &str) {
    let stderr = stderr_of(output);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains(expected), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Runs `portal ARGS…` with `env` against `data_dir`.
fn run(data_dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    portal(data_dir, env).args(args).output().expect("portal runs")
}

/// A browser (cookies kept, redirects not followed) for a portal process.
fn browser_for(process: &PortalProcess) -> Browser {
    Browser {
        http: reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client"),
        address: process.address.clone(),
    }
}

#[tokio::test]
async fn backup_writes_a_private_consistent_copy_that_restores() {
    // Arrange: a SQLite portal with two clients, one revoked.
    let dir = tempfile::tempdir().expect("dir");
    let (kept_id, kept_secret) = create_client(dir.path(), &[]);
    let (revoked_id, _) = create_client(dir.path(), &[]);
    assert!(
        run(dir.path(), &[], &["client", "revoke", &revoked_id])
            .status
            .success()
    );
    let folder = dir.path().join("backups");
    std::fs::create_dir(&folder).expect("mkdir");
    let target = folder.join("portal-copy.db");
    let target_arg = target.to_str().expect("utf-8");

    // Act: while the portal serves from the database and has just issued a token.
    let serving = PortalProcess::start(dir.path(), &[]).await;
    serving.token(&kept_id, &kept_secret).await;
    let output = run(dir.path(), &[], &["backup", "--to", target_arg]);
    drop(serving);

    // Assert: it says what it wrote and how big it is, and that the key is not in it.
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = stdout_of(&output);
    assert!(
        stdout.contains(&format!("Wrote `{target_arg}` (")) && stdout.contains(" KiB)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("secret.key"),
        "the key must be kept beside it: {stdout}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&target).expect("written").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the copy holds secret hashes");
    }
    let mut copy = sqlx::SqliteConnection::connect(&format!("sqlite://{target_arg}?mode=ro"))
        .await
        .expect("the copy opens");
    let clients: Vec<(String, String)> = sqlx::query_as("SELECT id, status FROM clients ORDER BY id")
        .fetch_all(&mut copy)
        .await
        .expect("clients");
    let mut expected = vec![
        (kept_id.clone(), "active".to_owned()),
        (revoked_id, "revoked".to_owned()),
    ];
    expected.sort();
    assert_eq!(clients, expected);
    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM client_events")
        .fetch_one(&mut copy)
        .await
        .expect("events");
    assert_eq!(events, 3, "two creations and a revocation");
    let fingerprint: Option<String> =
        sqlx::query_scalar("SELECT value FROM settings WHERE name = 'key_fingerprint'")
            .fetch_optional(&mut copy)
            .await
            .expect("settings");
    assert!(fingerprint.is_some(), "the key fingerprint is in the copy");
    copy.close().await.expect("closed");

    // Restoring is putting the copy back as portal.db beside the same secret.key.
    let restored = tempfile::tempdir().expect("dir");
    std::fs::copy(&target, restored.path().join("portal.db")).expect("copied");
    std::fs::copy(dir.path().join("secret.key"), restored.path().join("secret.key")).expect("copied");
    let server = PortalProcess::start(restored.path(), &[]).await;
    server.token(&kept_id, &kept_secret).await;
}

#[test]
fn backup_never_overwrites_and_needs_an_existing_folder_and_database() {
    let dir = tempfile::tempdir().expect("dir");
    let nothing_yet = dir.path().join("first.db");
    let output = run(
        dir.path(),
        &[],
        &["backup", "--to", nothing_yet.to_str().expect("utf-8")],
    );
    assert_one_line_failure(&output, 2, "PORTAL_DATA_DIR: there is no portal database at");
    assert!(!dir.path().join("portal.db").exists(), "no empty portal is made");
    assert!(!nothing_yet.exists());

    create_client(dir.path(), &[]);
    let taken = dir.path().join("taken.db");
    std::fs::write(&taken, b"precious").expect("write");
    let output = run(
        dir.path(),
        &[],
        &["backup", "--to", taken.to_str().expect("utf-8")],
    );
    assert_one_line_failure(&output, 2, "--to: `");
    assert!(
        stderr_of(&output).contains("already exists"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(
        std::fs::read(&taken).expect("read"),
        b"precious",
        "left as it was"
    );

    let nowhere = dir.path().join("missing/copy.db");
    let output = run(
        dir.path(),
        &[],
        &["backup", "--to", nowhere.to_str().expect("utf-8")],
    );
    assert_one_line_failure(&output, 2, "does not exist; create it first");
    assert!(!dir.path().join("missing").exists(), "folders are not made");
}

#[test]
fn backup_on_postgresql_advises_pg_dump_without_showing_the_url() {
    let dir = tempfile::tempdir().expect("dir");
    let target = dir.path().join("copy.db");
    let url = "postgres://portal:hunter2@db.internal/portal";
    let output = run(
        dir.path(),
        &[("PORTAL_DATABASE_URL", url)],
        &["backup", "--to", target.to_str().expect("utf-8")],
    );
    assert_one_line_failure(
        &output,
        1,
        "pg_dump --format=custom --file=portal.dump \"$PORTAL_DATABASE_URL\"",
    );
    let stderr = stderr_of(&output);
    assert!(
        !stderr.contains("hunter2") && !stderr.contains("db.internal"),
        "{stderr}"
    );
    assert!(!target.exists());
}

#[tokio::test]
async fn migrate_moves_a_sqlite_portal_to_postgresql_where_its_clients_and_accounts_work() {
    let Some(database) = PostgresDatabase::create_if_configured().await else {
        skipped(
            "PostgreSQL",
            "migrate_moves_a_sqlite_portal_to_postgresql_where_its_clients_and_accounts_work",
        );
        return;
    };
    // Arrange: a SQLite portal with an account signed up through the portal, its app, a CLI
    // client with one sandbox attachment, and a suspended client.
    let dir = tempfile::tempdir().expect("dir");
    let email = unique_email("migrate");
    let (cli_id, cli_secret) = create_client(dir.path(), &[]);
    let (suspended_id, suspended_secret) = create_client(dir.path(), &[]);
    assert!(
        run(dir.path(), &[], &["client", "suspend", &suspended_id])
            .status
            .success()
    );
    let (app_id, app_secret) = {
        let sqlite = PortalProcess::start(dir.path(), &[]).await;
        let credentials = browser_for(&sqlite).sign_up(&email).await;
        let token = sqlite.token(&cli_id, &cli_secret).await;
        let submitted = reqwest::Client::new()
            .post(format!("{}/claims/attachments/v1/submissions", sqlite.address))
            .bearer_auth(token)
            .json(&serde_json::json!({
                "claimReference": "MIGRATE-1", "attachmentType": "other", "fileName": "a.pdf",
                "contentType": "application/pdf", "document": STANDARD.encode(b"%PDF-1.4 sandbox"),
            }))
            .send()
            .await
            .expect("sent");
        assert_eq!(submitted.status().as_u16(), 201);
        credentials
    };

    // Act
    let output = run(dir.path(), &[], &["migrate", "--to", &database.url]);

    // Assert: counts per table, what stayed behind and the next step; never the URL.
    let (stdout, stderr) = (stdout_of(&output), stderr_of(&output));
    assert!(output.status.success(), "{stderr}");
    for line in [
        "1  accounts",
        "3  clients",
        "4  client history events",
        "settings (with the key fingerprint)",
        "Not copied: 1 sandbox attachment(s)",
        "sessions (people sign in again)",
        "PORTAL_DATABASE_URL",
        "secret.key",
    ] {
        assert!(stdout.contains(line), "{line:?} in:\n{stdout}");
    }
    let database_name = database.url.rsplit('/').next().expect("a name");
    for text in [&stdout, &stderr] {
        assert!(
            !text.contains(&database.url) && !text.contains(database_name),
            "{text}"
        );
    }

    // The portal started on PostgreSQL with the same key (the data folder's secret.key)
    // serves the migrated clients and account.
    let postgres = PortalProcess::start(dir.path(), &[("PORTAL_DATABASE_URL", &database.url)]).await;
    postgres.token(&cli_id, &cli_secret).await;
    postgres.token(&app_id, &app_secret).await;
    assert_eq!(
        postgres
            .request_token(&suspended_id, &suspended_secret)
            .await
            .status()
            .as_u16(),
        400,
        "still suspended"
    );
    let browser = browser_for(&postgres);
    let csrf = browser.csrf_token("/login").await;
    let signed_in = browser
        .submit_plain(
            "/api/account/sign-in",
            "/login",
            &[("csrf_token", &csrf), ("email", &email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(
        signed_in.headers()["location"],
        "/sandbox",
        "the password carried over"
    );
    let sandbox = browser.page("/sandbox", 200).await;
    assert!(sandbox.contains(&app_id), "the account's app is listed");
    // The console opens the app's sealed secret copy, sealed under the carried-over key.
    browser.app_token(&app_id).await;
    assert!(browser.page("/try-it", 200).await.contains("Token received"));
}

#[tokio::test]
async fn migrate_refuses_a_target_that_holds_a_portal_and_leaves_it_untouched() {
    let Some(database) = PostgresDatabase::create_if_configured().await else {
        skipped(
            "PostgreSQL",
            "migrate_refuses_a_target_that_holds_a_portal_and_leaves_it_untouched",
        );
        return;
    };
    // Arrange: a portal already on the target, and a SQLite portal with the same key.
    let on_target = [
        ("PORTAL_DATABASE_URL", database.url.as_str()),
        ("PORTAL_SECRET_KEY", KEY),
    ];
    let (target_dir, source_dir) = (
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    );
    let (existing_id, _) = create_client(target_dir.path(), &on_target);
    create_client(source_dir.path(), &[("PORTAL_SECRET_KEY", KEY)]);

    // Act
    let output = run(
        source_dir.path(),
        &[("PORTAL_SECRET_KEY", KEY)],
        &["migrate", "--to", &database.url],
    );

    // Assert
    assert_one_line_failure(&output, 1, "already holds 0 account(s) and 1 client(s)");
    let stderr = stderr_of(&output);
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    assert!(
        !stderr.contains(&database.url) && stdout_of(&output).is_empty(),
        "{stderr}"
    );
    let listed = run(target_dir.path(), &on_target, &["client", "list", "--json"]);
    let clients: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(clients.as_array().map(Vec::len), Some(1), "{clients}");
    assert_eq!(clients[0]["client_id"], existing_id.as_str());
}

#[test]
fn migrate_explains_unusable_sources_and_targets_in_one_line() {
    let dir = tempfile::tempdir().expect("dir");
    let unreachable = "postgres://portal:hunter2@127.0.0.1:1/portal";
    let output = run(dir.path(), &[], &["migrate", "--to", unreachable]);
    assert_one_line_failure(&output, 2, "PORTAL_DATA_DIR: there is no portal database");

    create_client(dir.path(), &[]);
    let other_key = STANDARD.encode([9u8; 32]);
    for (env, target, code, expected) in [
        (
            vec![],
            "mysql://portal:hunter2@db/portal",
            2,
            "--to: must be the postgres://",
        ),
        (vec![], unreachable, 2, "--to: cannot connect"),
        (
            vec![("PORTAL_SECRET_KEY", other_key.as_str())],
            unreachable,
            2,
            "PORTAL_SECRET_KEY: this database was set up with a different portal key",
        ),
        (
            vec![("PORTAL_DATABASE_URL", unreachable)],
            unreachable,
            1,
            "this portal already runs on PostgreSQL",
        ),
    ] {
        let output = run(dir.path(), &env, &["migrate", "--to", target]);
        assert_one_line_failure(&output, code, expected);
        assert!(!stderr_of(&output).contains("hunter2"), "{}", stderr_of(&output));
    }
}

#[tokio::test]
async fn migrate_refuses_an_empty_target_set_up_under_another_key() {
    let Some(database) = PostgresDatabase::create_if_configured().await else {
        skipped(
            "PostgreSQL",
            "migrate_refuses_an_empty_target_set_up_under_another_key",
        );
        return;
    };
    // Arrange: a portal with another key once opened the target (no accounts, no clients).
    let other_key = STANDARD.encode([9u8; 32]);
    let (target_dir, source_dir) = (
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    );
    let on_target = [
        ("PORTAL_DATABASE_URL", database.url.as_str()),
        ("PORTAL_SECRET_KEY", other_key.as_str()),
    ];
    assert!(
        run(target_dir.path(), &on_target, &["client", "list"])
            .status
            .success()
    );
    create_client(source_dir.path(), &[("PORTAL_SECRET_KEY", KEY)]);

    // Act
    let output = run(
        source_dir.path(),
        &[("PORTAL_SECRET_KEY", KEY)],
        &["migrate", "--to", &database.url],
    );

    // Assert: refused, and the target still belongs to the other key.
    assert_one_line_failure(&output, 1, "was set up by a portal with a different key");
    let listed = run(target_dir.path(), &on_target, &["client", "list", "--json"]);
    assert!(listed.status.success(), "{}", stderr_of(&listed));
    assert_eq!(stdout_of(&listed).trim(), "[]");
}

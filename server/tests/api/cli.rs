//! The `portal` binary: help, the client commands, and clean one-line failures with exit
//! code 2 for bad settings.

use crate::process::{PortalProcess, create_client, portal};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn help_lists_subcommands_and_variables() {
    let dir = tempfile::tempdir().expect("dir");
    let output = portal(dir.path(), &[]).arg("--help").output().expect("runs");
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).expect("utf-8");
    for expected in [
        "serve",
        "client",
        "PORTAL_ADDR",
        "PORTAL_PUBLIC_URL",
        "PORTAL_DATABASE_URL",
        "PORTAL_SECRET_KEY",
    ] {
        assert!(help.contains(expected), "help lacks {expected}:\n{help}");
    }
}

#[test]
fn a_bad_setting_stops_the_portal_with_one_line_and_exit_code_2() {
    let dir = tempfile::tempdir().expect("dir");
    for (variable, value) in [
        ("PORTAL_ADDR", "not-an-address"),
        ("PORTAL_PUBLIC_URL", "ftp://example.com"),
        ("PORTAL_CONTENT_DIR", "/definitely/missing"),
        ("PORTAL_LOG_FORMAT", "xml"),
        ("PORTAL_DATABASE_URL", "mysql://user:hunter2@localhost/db"),
        ("PORTAL_DATABASE_URL", "postgres://user:hunter2@127.0.0.1:1/db"),
        ("PORTAL_SECRET_KEY", "too-short"),
        ("PORTAL_TOKEN_RATE_LIMIT", "many"),
    ] {
        let output = portal(dir.path(), &[(variable, value)]).output().expect("runs");
        assert_eq!(
            output.status.code(),
            Some(2),
            "{variable}={value}: {}",
            stderr_of(&output)
        );
        let stderr = stderr_of(&output);
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
        assert!(stderr.contains(variable), "{stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("hunter2"),
            "{stderr}"
        );
    }
}

#[test]
fn an_unknown_subcommand_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("dir");
    assert_eq!(
        portal(dir.path(), &[])
            .arg("frobnicate")
            .output()
            .expect("runs")
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn broken_content_stops_the_portal_naming_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("content/faq")).expect("mkdir");
    std::fs::write(dir.path().join("content/faq/broken.md"), "## No front matter\n").expect("write");
    let content = dir.path().join("content");
    let output = portal(
        dir.path(),
        &[
            ("PORTAL_CONTENT_DIR", content.to_str().expect("utf-8")),
            ("PORTAL_ADDR", "127.0.0.1:0"),
        ],
    )
    .output()
    .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr_of(&output).contains("broken.md:1: missing front matter"),
        "{}",
        stderr_of(&output)
    );
}

#[tokio::test]
async fn a_client_created_on_the_command_line_gets_tokens_until_revoked() {
    let dir = tempfile::tempdir().expect("dir");
    let (client_id, secret) = create_client(dir.path(), &[]);
    assert!(client_id.starts_with("mnc_") && secret.starts_with("mns_"));
    assert!(secret.len() >= 4 + 43, "256 bits of randomness");
    let server = PortalProcess::start(dir.path(), &[]).await;
    let token_status = || async { server.request_token(&client_id, &secret).await.status().as_u16() };
    assert_eq!(token_status().await, 200);

    let list = portal(dir.path(), &[])
        .args(["client", "list", "--json"])
        .output()
        .expect("runs");
    let listed: serde_json::Value = serde_json::from_slice(&list.stdout).expect("json");
    assert_eq!(listed[0]["client_id"], client_id.as_str());
    assert!(
        !String::from_utf8_lossy(&list.stdout).contains(&secret),
        "list never shows secrets"
    );

    let revoke = portal(dir.path(), &[])
        .args(["client", "revoke", &client_id])
        .output()
        .expect("runs");
    assert!(revoke.status.success(), "{}", stderr_of(&revoke));
    assert_eq!(token_status().await, 401);

    let unknown = portal(dir.path(), &[])
        .args(["client", "revoke", "mnc_nobody"])
        .output()
        .expect("runs");
    assert_eq!(unknown.status.code(), Some(1));
    assert_eq!(
        stderr_of(&unknown).trim(),
        "portal: There is no client with that id."
    );
}

#[tokio::test]
async fn an_acknowledged_submission_survives_kill_9() {
    let dir = tempfile::tempdir().expect("dir");
    let (client_id, secret) = create_client(dir.path(), &[]);
    let http = reqwest::Client::new();

    let first = PortalProcess::start(dir.path(), &[]).await;
    let token = first.token(&client_id, &secret).await;
    let submitted = http
        .post(format!("{}/claims/attachments/v1/submissions", first.address))
        .bearer_auth(&token)
        .json(&serde_json::json!({
            "claimReference": "DURABLE-1", "attachmentType": "other", "fileName": "a.pdf",
            "contentType": "application/pdf", "document": STANDARD.encode(b"%PDF-1.4 durable"),
        }))
        .send()
        .await
        .expect("sent");
    assert_eq!(submitted.status().as_u16(), 201);
    let location = submitted.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_owned();
    first.kill_hard();

    let second = PortalProcess::start(dir.path(), &[]).await;
    let token = second.token(&client_id, &secret).await;
    let fetched = http
        .get(format!("{}{location}", second.address))
        .bearer_auth(token)
        .send()
        .await
        .expect("sent");
    assert_eq!(fetched.status().as_u16(), 200, "the acknowledged write survived");
}

#[test]
fn check_prints_every_problem_of_content_and_documents_and_exits_1() {
    let content = crate::catalogue::content_with_apis(&[
        (
            "good",
            &[(
                "openapi.yaml",
                "openapi: 3.1.0\ninfo: {title: Good, version: '1'}\npaths: {}\nwebhooks: {}\n",
            )],
        ),
        ("bad", &[("openapi.json", r#"{"swagger": "2.0"}"#)]),
    ]);
    let dir = tempfile::tempdir().expect("dir");
    let content_dir = content.path().to_string_lossy().into_owned();
    let output = portal(dir.path(), &[("PORTAL_CONTENT_DIR", &content_dir)])
        .arg("check")
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("apis/bad/openapi.json: this is a Swagger 2.0 document"),
        "{stdout}"
    );
    assert!(stdout.contains("1 problem in"), "{stdout}");

    std::fs::remove_dir_all(content.path().join("apis/bad")).expect("removed");
    let output = portal(dir.path(), &[("PORTAL_CONTENT_DIR", &content_dir)])
        .arg("check")
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("0 problems in"), "{stdout}");
}

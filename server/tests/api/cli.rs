//! The `portal` binary: help, and clean one-line failures with exit code 2 for bad settings.

use std::process::Command;

fn portal() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_portal"));
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command.env("PORTAL_CONTENT_DIR", crate::helpers::content_dir());
    command
}

#[test]
fn help_lists_subcommands_and_variables() {
    let output = portal().arg("--help").output().expect("runs");
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).expect("utf-8");
    for expected in [
        "serve",
        "PORTAL_ADDR",
        "PORTAL_PUBLIC_URL",
        "PORTAL_CONTENT_DIR",
        "PORTAL_DATA_DIR",
    ] {
        assert!(help.contains(expected), "help lacks {expected}:\n{help}");
    }
}

#[test]
fn a_bad_setting_stops_the_portal_with_one_line_and_exit_code_2() {
    for (variable, value) in [
        ("PORTAL_ADDR", "not-an-address"),
        ("PORTAL_PUBLIC_URL", "ftp://example.com"),
        ("PORTAL_CONTENT_DIR", "/definitely/missing"),
        ("PORTAL_LOG_FORMAT", "xml"),
    ] {
        let output = portal().env(variable, value).output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{variable}={value}");
        let stderr = String::from_utf8(output.stderr).expect("utf-8");
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
        assert!(stderr.contains(variable), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn an_unknown_subcommand_is_a_usage_error() {
    let output = portal().arg("frobnicate").output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn broken_content_stops_the_portal_naming_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("faq")).expect("mkdir");
    std::fs::write(dir.path().join("faq/broken.md"), "## No front matter\n").expect("write");
    let output = portal()
        .env("PORTAL_CONTENT_DIR", dir.path())
        .env("PORTAL_ADDR", "127.0.0.1:0")
        .env("PORTAL_DATA_DIR", dir.path().join("data"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert!(stderr.contains("broken.md:1: missing front matter"), "{stderr}");
}

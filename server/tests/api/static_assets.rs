//! The fingerprinted bundle is cached for a year; public files for an hour.

use crate::helpers::{TEST_CSS, spawn_app};

#[tokio::test]
async fn the_stylesheet_is_served_under_its_fingerprint_and_cached_immutably() {
    let app = spawn_app().await;
    let html = app.get_page("/", 200).await;
    let start = html
        .find("<link rel=\"stylesheet\" href=\"")
        .expect("stylesheet link")
        + 29;
    let href = html[start..].split('"').next().expect("href").to_owned();
    assert!(
        href.starts_with("/pkg/") && href.ends_with("/portal.css"),
        "{href}"
    );

    let response = app.get(&href).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["cache-control"].to_str().expect("ascii"),
        "public, max-age=31536000, immutable"
    );
    assert!(
        response.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/css")
    );
    assert_eq!(response.text().await.expect("body"), TEST_CSS);
}

#[tokio::test]
async fn a_stale_fingerprint_is_not_found() {
    let app = spawn_app().await;
    assert_eq!(
        app.get("/pkg/0000000000000000/portal.css")
            .await
            .status()
            .as_u16(),
        404
    );
}

#[tokio::test]
async fn public_files_are_served_from_the_site_root() {
    let app = spawn_app().await;
    let response = app.get("/favicon.svg").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["cache-control"].to_str().expect("ascii"),
        "public, max-age=3600"
    );
}

#[tokio::test]
async fn path_traversal_is_refused() {
    let app = spawn_app().await;
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/pkg/..%2f..%2fCargo.toml",
    ] {
        let status = app.get(path).await.status().as_u16();
        assert!(status == 404 || status == 400, "{path}: {status}");
    }
}

//! The benchmarks' baseline server: the portal's own compression layer in front of nothing but
//! static files and a fixed JSON answer, so ratios measure what the portal adds.
//!
//! `bench_baseline ADDR STATIC_DIR JSON_BYTES` serves the files of `STATIC_DIR` at `/name`
//! (read into memory at start, as a tuned static server would cache them) and a JSON object of
//! about `JSON_BYTES` bytes at `GET /json`.

use axum::body::Bytes;
use axum::http::header;
use axum::{Json, Router, routing::get};
use serde_json::{Value, json};
use tower_http::compression::CompressionLayer;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: bench_baseline ADDR STATIC_DIR JSON_BYTES";
    let addr = args.next().ok_or_else(|| anyhow::anyhow!(usage))?;
    let static_dir = args.next().ok_or_else(|| anyhow::anyhow!(usage))?;
    let json_bytes: usize = args.next().ok_or_else(|| anyhow::anyhow!(usage))?.parse()?;

    let body = json!({ "value": "x".repeat(json_bytes.saturating_sub(12)) });
    let mut router = Router::new().route("/json", get(move || async move { Json::<Value>(body.clone()) }));
    for entry in std::fs::read_dir(&static_dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let content_type = match name.rsplit_once('.').map(|(_, extension)| extension) {
            Some("html") => "text/html; charset=utf-8",
            Some("css") => "text/css",
            Some("js") => "text/javascript",
            Some("json") => "application/json",
            _ => "application/octet-stream",
        };
        let bytes = Bytes::from(std::fs::read(&path)?);
        router = router.route(
            &format!("/{name}"),
            get(move || async move { ([(header::CONTENT_TYPE, content_type)], bytes.clone()) }),
        );
    }
    let router = router.layer(CompressionLayer::new());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    axum::serve(listener, router).await?;
    Ok(())
}

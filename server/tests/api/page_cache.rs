//! Pages the same for every anonymous reader come from the page cache: one ETag per encoding,
//! 304 on a match, brotli, gzip and identity bodies of the same HTML, HEAD, the 404 page with
//! its status, every header every answer carries; a signed-in reader still gets their own page.

use crate::helpers::{Browser, TestApp, spawn_app};
use reqwest::header::HeaderMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

const FAQ: &str = "/faq/security-and-authorization";

/// `GET path` with `headers`.
async fn get_with(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = app.client.get(app.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("sent")
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .unwrap_or_else(|| panic!("missing header {name}"))
        .to_str()
        .expect("ascii")
}

/// Asks for `path` until the answer comes from the cache (the first request renders it in the
/// background); returns that answer's headers.
async fn wait_until_cached(app: &TestApp, path: &str, status: u16) -> HeaderMap {
    for _ in 0..200 {
        let response = get_with(app, path, &[("accept-encoding", "br")]).await;
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        if response
            .headers()
            .get("content-encoding")
            .is_some_and(|v| v == "br")
            && response
                .headers()
                .get("vary")
                .is_some_and(|v| v == "accept-encoding")
            && response.headers().get("content-length").is_some()
        {
            return response.headers().clone();
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{path} was never served from the page cache");
}

/// `bytes` decoded by Node's zlib (`br` or `gzip`), which the test command installs anyway.
fn decode(coding: &str, bytes: &[u8]) -> String {
    let function = match coding {
        "br" => "brotliDecompressSync",
        "gzip" => "gunzipSync",
        other => panic!("no decoder for {other}"),
    };
    let script = format!(
        "const z=require('zlib');const c=[];process.stdin.on('data',d=>c.push(d));\
         process.stdin.on('end',()=>process.stdout.write(z.{function}(Buffer.concat(c))));"
    );
    let mut node = Command::new("node")
        .args(["-e", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs (scripts/test installs it)");
    node.stdin
        .take()
        .expect("stdin")
        .write_all(bytes)
        .expect("written");
    let output = node.wait_with_output().expect("decoded");
    assert!(output.status.success(), "node could not decode {coding}");
    String::from_utf8(output.stdout).expect("utf-8")
}

#[tokio::test]
async fn an_anonymous_page_keeps_its_etag_and_answers_304_on_a_match() {
    let app = spawn_app().await;
    let first = wait_until_cached(&app, FAQ, 200).await;
    let second = get_with(&app, FAQ, &[("accept-encoding", "br")]).await;
    let etag = header(&first, "etag");
    assert!(
        etag.starts_with('"') && etag.ends_with('"'),
        "a strong ETag: {etag}"
    );
    assert_eq!(
        header(second.headers(), "etag"),
        etag,
        "the same page, the same ETag"
    );

    let not_modified = get_with(&app, FAQ, &[("accept-encoding", "br"), ("if-none-match", etag)]).await;
    assert_eq!(not_modified.status().as_u16(), 304);
    assert_eq!(header(not_modified.headers(), "etag"), etag);
    assert_eq!(header(not_modified.headers(), "vary"), "accept-encoding");
    let policy = header(not_modified.headers(), "content-security-policy").to_owned();
    assert!(
        policy.contains("style-src 'self'") && policy != app::ssr::csp::NON_PAGE_POLICY,
        "a 304 carries the page's own policy, which the browser keeps with the stored page: {policy}"
    );
    assert_eq!(
        header(not_modified.headers(), "cache-control"),
        "private, no-cache"
    );
    assert!(not_modified.bytes().await.expect("body").is_empty());

    let other = get_with(
        &app,
        FAQ,
        &[("accept-encoding", "br"), ("if-none-match", "\"other\"")],
    )
    .await;
    assert_eq!(other.status().as_u16(), 200);
    let gzip = get_with(&app, FAQ, &[("accept-encoding", "gzip")]).await;
    assert_ne!(
        header(gzip.headers(), "etag"),
        etag,
        "each encoding has its own ETag"
    );
}

#[tokio::test]
async fn brotli_gzip_and_identity_bodies_are_the_same_html() {
    let app = spawn_app().await;
    wait_until_cached(&app, FAQ, 200).await;
    let mut bodies = Vec::new();
    for (accept, coding) in [
        ("br", Some("br")),
        ("gzip, deflate", Some("gzip")),
        ("br;q=0.5, gzip;q=0.9", Some("gzip")),
        ("identity", None),
        ("br;q=0, gzip;q=0", None),
        ("", None),
    ] {
        let response = get_with(&app, FAQ, &[("accept-encoding", accept)]).await;
        assert_eq!(response.status().as_u16(), 200);
        let headers = response.headers().clone();
        assert_eq!(
            headers
                .get("content-encoding")
                .map(|v| v.to_str().expect("ascii")),
            coding,
            "Accept-Encoding: {accept}"
        );
        assert_eq!(header(&headers, "vary"), "accept-encoding");
        let bytes = response.bytes().await.expect("body");
        assert_eq!(
            header(&headers, "content-length"),
            bytes.len().to_string(),
            "{accept}"
        );
        bodies.push(match coding {
            Some(coding) => decode(coding, &bytes),
            None => String::from_utf8(bytes.to_vec()).expect("utf-8"),
        });
    }
    assert!(bodies[0].contains("Security and Authorization"));
    assert!(
        bodies.iter().all(|body| *body == bodies[0]),
        "every encoding decodes to one page"
    );
    assert!(
        !bodies[0].contains("nonce="),
        "a nonce shared by every reader is no nonce"
    );

    // A reader whose session is unknown is rendered per request, as an anonymous reader: the
    // same page, but for the nonce of its scripts.
    let rendered = get_with(&app, FAQ, &[("cookie", "portal_session=nobody")]).await;
    assert!(rendered.headers().get("etag").is_none(), "not from the cache");
    let rendered = rendered.text().await.expect("body");
    assert!(rendered.contains("<script nonce="));
    assert_eq!(
        without_nonces(&rendered),
        bodies[0],
        "the same page as the cache's"
    );
}

/// `html` without its scripts' `nonce` attributes.
fn without_nonces(html: &str) -> String {
    let mut kept = String::new();
    let mut rest = html;
    while let Some(at) = rest.find(" nonce=\"") {
        kept.push_str(&rest[..at]);
        let value = &rest[at + " nonce=\"".len()..];
        rest = &value[value.find('"').expect("a closing quote") + 1..];
    }
    kept + rest
}

/// The base64 SHA-256 of each inline script of `html`, as CSP hash sources name them.
fn script_hashes(html: &str) -> Vec<String> {
    html.split("<script>")
        .skip(1)
        .map(|rest| rest.split("</script>").next().expect("a closing tag"))
        .map(|script| {
            let output = Command::new("node")
                .args([
                    "-e",
                    "process.stdout.write(require('crypto').createHash('sha256').update(process.argv[1]).digest('base64'))",
                    script,
                ])
                .output()
                .expect("node runs");
            String::from_utf8(output.stdout).expect("utf-8")
        })
        .collect()
}

#[tokio::test]
async fn cached_answers_carry_every_header_every_answer_gets() {
    let app = spawn_app().await;
    let headers = wait_until_cached(&app, FAQ, 200).await;
    assert_eq!(header(&headers, "x-content-type-options"), "nosniff");
    assert_eq!(header(&headers, "x-frame-options"), "DENY");
    assert_eq!(header(&headers, "referrer-policy"), "same-origin");
    assert_eq!(
        header(&headers, "cache-control"),
        "private, no-cache",
        "kept by the reader's browser, revalidated every time"
    );
    assert!(header(&headers, "content-type").starts_with("text/html"));
    assert!(!header(&headers, "x-request-id").is_empty());
    let policy = header(&headers, "content-security-policy").to_owned();
    assert!(
        policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'"),
        "{policy}"
    );
    assert!(
        !policy.contains("unsafe-inline") && !policy.contains("wasm-unsafe-eval"),
        "{policy}"
    );
    assert!(policy.contains("script-src 'self' 'nonce-"), "{policy}");
    let html = get_with(&app, FAQ, &[]).await.text().await.expect("body");
    let hashes = script_hashes(&html);
    assert!(!hashes.is_empty(), "Leptos's inline scripts");
    for hash in hashes {
        assert!(
            policy.contains(&format!("'sha256-{hash}'")),
            "{hash} is allowed: {policy}"
        );
    }
    let again = get_with(&app, FAQ, &[("accept-encoding", "br")]).await;
    assert_ne!(
        header(again.headers(), "x-request-id"),
        header(&headers, "x-request-id")
    );
    assert_ne!(
        header(again.headers(), "content-security-policy"),
        policy,
        "a fresh nonce per answer"
    );
    assert!(
        app.get(FAQ).await.headers().get("set-cookie").is_none(),
        "anonymous readers get no session"
    );
}

#[tokio::test]
async fn head_gets_the_headers_of_get_and_no_body() {
    let app = spawn_app().await;
    let get = wait_until_cached(&app, FAQ, 200).await;
    let head = app
        .client
        .head(app.url(FAQ))
        .header("accept-encoding", "br")
        .send()
        .await
        .expect("sent");
    assert_eq!(head.status().as_u16(), 200);
    for name in [
        "etag",
        "content-length",
        "content-encoding",
        "content-type",
        "vary",
    ] {
        assert_eq!(header(head.headers(), name), header(&get, name), "{name}");
    }
    assert!(head.bytes().await.expect("body").is_empty());
}

#[tokio::test]
async fn the_404_page_is_cached_with_its_status_and_still_shows_each_request_id() {
    let app = spawn_app().await;
    let mut cached = None;
    for _ in 0..200 {
        let response = app.get("/no/such/page").await;
        assert_eq!(response.status().as_u16(), 404);
        // A rendered page is streamed; the cached one has its length.
        if response.headers().get("content-length").is_some() {
            cached = Some(response);
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let cached = cached.expect("the 404 page was never served from the page cache");
    let headers = cached.headers().clone();
    assert!(headers.get("etag").is_none(), "no validator: each answer differs");
    assert_eq!(header(&headers, "x-content-type-options"), "nosniff");
    assert!(header(&headers, "content-security-policy").contains("frame-ancestors 'none'"));
    let id = header(&headers, "x-request-id").to_owned();
    let html = cached.text().await.expect("body");
    assert!(html.contains("<h1 id=\"error-title\">Page not found</h1>"));
    assert!(
        html.contains(&format!("<code>{id}</code>")),
        "the page shows its own request id"
    );
    assert_eq!(header(&headers, "content-length"), html.len().to_string());

    for path in ["/another/missing/page", "/faq/no-such-question"] {
        let response = get_with(&app, path, &[("accept-encoding", "gzip")]).await;
        assert_eq!(response.status().as_u16(), 404, "{path}");
        assert_eq!(header(response.headers(), "content-encoding"), "gzip");
        let id = header(response.headers(), "x-request-id").to_owned();
        let html = decode("gzip", &response.bytes().await.expect("body"));
        assert!(
            html.contains("<h1 id=\"error-title\">Page not found</h1>"),
            "{path}"
        );
        assert!(html.contains(&format!("<code>{id}</code>")), "{path}: its own id");
    }
    let head = app
        .client
        .head(app.url("/no/such/page"))
        .send()
        .await
        .expect("sent");
    assert_eq!(head.status().as_u16(), 404);
    assert!(head.bytes().await.expect("body").is_empty());
    let with_query = app.get("/another/missing/page?x=1").await;
    assert_eq!(with_query.status().as_u16(), 404);
    assert!(
        with_query.headers().get("content-length").is_none(),
        "rendered per request"
    );
}

#[tokio::test]
async fn a_signed_in_reader_gets_their_own_header_not_the_cached_page() {
    let app = spawn_app().await;
    wait_until_cached(&app, FAQ, 200).await;
    let anonymous = app.get_page(FAQ, 200).await;
    assert!(
        anonymous.contains("href=\"/login\""),
        "the cached page offers sign-in"
    );

    let browser = Browser::new(&app);
    browser.sign_up("cached-page-reader@example.com").await;
    let response = browser
        .http
        .get(app.url(FAQ))
        .header("accept-encoding", "identity")
        .send()
        .await
        .expect("sent");
    assert!(response.headers().get("etag").is_none(), "not from the cache");
    let page = response.text().await.expect("body");
    assert!(page.contains("Signed in as"), "the reader's own header");
    assert!(
        page.contains("name=\"csrf_token\""),
        "with their sign-out form's token"
    );
    assert_ne!(page, anonymous);
}

#[tokio::test]
async fn interactive_pages_and_queries_are_never_cached() {
    let app = spawn_app().await;
    for path in [
        "/try-it",
        "/sandbox/signup",
        "/search?q=token",
        "/apis?tag=claims",
    ] {
        for _ in 0..3 {
            let response = get_with(&app, path, &[("accept-encoding", "br")]).await;
            assert!(response.headers().get("etag").is_none(), "{path}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

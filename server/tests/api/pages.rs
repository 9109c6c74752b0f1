//! Content pages as a reader gets them: status, title, anchors, hidden drafts, 404s.

use crate::helpers::spawn_app;

const FAQ: &str = "/faq/security-and-authorization";

#[tokio::test]
async fn health_check_answers_ok() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.text().await.expect("body"), r#"{"status":"ok"}"#);
}

#[tokio::test]
async fn the_faq_renders_every_question_with_a_stable_anchor_and_self_link() {
    let app = spawn_app().await;
    let html = app.get_page(FAQ, 200).await;
    assert!(
        html.contains("<title>Security and Authorization FAQ · API Marketplace Developer Portal</title>")
    );
    assert!(html.contains(r#"<meta name="description" content=""#));
    for anchor in [
        "what-is-the-token-endpoint",
        "what-grant-types-are-currently-supported",
        "what-are-mn-clientid-and-mn-clientsecret",
        "try-it-proxy-error",
    ] {
        assert!(
            html.contains(&format!(r#"<h2 id="{anchor}">"#)),
            "heading #{anchor}"
        );
        assert!(
            html.contains(&format!(r##"<a class="anchor-link" href="#{anchor}">"##)),
            "self-link #{anchor}"
        );
        assert!(
            html.contains(&format!(r##"<a href="#{anchor}">"##)),
            "ToC entry #{anchor}"
        );
    }
    assert!(html.contains("Last updated <time datetime=\"2026-"));
}

#[tokio::test]
async fn the_commented_out_faq_draft_never_reaches_the_page() {
    let app = spawn_app().await;
    let source =
        std::fs::read_to_string(crate::helpers::content_dir().join("faq/security-and-authorization.md"))
            .expect("FAQ source");
    let comment = &source[source.find("<!--").expect("the FAQ keeps a commented-out draft")..];
    let draft_heading = comment
        .lines()
        .find(|line| line.starts_with("## "))
        .expect("the draft has a question")
        .trim_start_matches("## ");
    let draft_words = draft_heading.split(" {#").next().expect("text");
    let draft_answer = comment
        .lines()
        .skip_while(|line| !line.starts_with("## "))
        .skip(1)
        .find(|line| line.split_whitespace().count() > 4)
        .expect("the draft has an answer");
    let answer_words: String = draft_answer
        .split_whitespace()
        .take(5)
        .collect::<Vec<_>>()
        .join(" ");

    let html = app.get_page(FAQ, 200).await;
    assert!(
        !html.contains(draft_words),
        "draft `{draft_words}` leaked into the page"
    );
    assert!(
        !html.contains(&answer_words),
        "draft answer `{answer_words}` leaked into the page"
    );
}

#[tokio::test]
async fn every_content_page_and_index_renders() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/faq",
        "/docs",
        "/docs/getting-started",
        "/docs/token-request-and-response",
        "/docs/security-protocols",
        "/docs/access-tokens",
        "/docs/postman-collections",
        "/docs/claims-attachments-api",
    ] {
        let html = app.get_page(path, 200).await;
        assert!(html.contains("<h1"), "{path} has a heading");
        assert!(html.contains(r#"<main id="main""#), "{path} has a main landmark");
    }
}

#[tokio::test]
async fn the_docs_show_v1_and_v2_token_responses_highlighted() {
    let app = spawn_app().await;
    let html = app.get_page("/docs/token-request-and-response", 200).await;
    assert!(html.contains("accessToken"));
    assert!(html.contains("access_token"));
    assert!(
        html.contains(r#"<pre tabindex="0"><code><span class="hl-"#),
        "code is highlighted on the server"
    );
}

#[tokio::test]
async fn unknown_pages_get_a_real_404_page() {
    let app = spawn_app().await;
    for path in [
        "/faq/no-such-question",
        "/docs/nothing-here",
        "/no/such/path",
        "/faq/security-and-authorization/extra",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 404, "{path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .expect("ascii")
                .starts_with("text/html")
        );
        let html = response.text().await.expect("body");
        assert!(
            html.contains("<h1 id=\"error-title\">Page not found</h1>"),
            "{path}: {html}"
        );
        assert!(html.contains(r#"href="/search""#), "the 404 page offers a way on");
    }
}

#[tokio::test]
async fn content_pages_ship_no_wasm() {
    let app = spawn_app().await;
    for path in ["/", FAQ, "/docs/getting-started", "/search?q=token", "/nope"] {
        let html = app.get_page(path, if path == "/nope" { 404 } else { 200 }).await;
        assert!(!html.contains(".wasm"), "{path} references wasm");
        assert!(!html.contains("modulepreload"), "{path} preloads a module");
        assert!(!html.contains("import("), "{path} imports a script");
    }
}

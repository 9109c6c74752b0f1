//! `/search`: a plain GET form that ranks FAQ entries and doc sections and never fails.

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_question_word_finds_the_faq_entry_first_with_its_anchor() {
    let app = spawn_app().await;
    let html = app.get_page("/search?q=grant+types", 200).await;
    let first_hit = html.find("<li class=\"search-hit\">").expect("a hit");
    let first = &html[first_hit..];
    assert!(
        first.starts_with(r#"<li class="search-hit"><h2><a href="/faq/security-and-authorization#what-grant-types-are-currently-supported">"#),
        "{}",
        &first[..300.min(first.len())]
    );
    assert!(html.contains("<mark>grant</mark>"), "matches are highlighted");
    assert!(
        html.contains(r#"value="grant types""#),
        "the query stays in the search box"
    );
}

#[tokio::test]
async fn an_empty_query_shows_a_hint_not_an_error() {
    let app = spawn_app().await;
    for path in ["/search", "/search?q=", "/search?q=%20%20"] {
        let html = app.get_page(path, 200).await;
        assert!(html.contains("class=\"search-hint\""), "{path}");
    }
}

#[tokio::test]
async fn a_query_with_no_match_says_so() {
    let app = spawn_app().await;
    let html = app.get_page("/search?q=xylophonequartz", 200).await;
    assert!(html.contains("No results for “xylophonequartz”."));
}

#[tokio::test]
async fn markup_in_queries_is_escaped() {
    let app = spawn_app().await;
    let html = app
        .get_page(
            "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E",
            200,
        )
        .await;
    assert!(!html.contains("<script>alert(1)"));
    assert!(!html.contains("<img src=x"));
    assert!(html.contains("&lt;script&gt;alert(1)"));
}

#[tokio::test]
async fn very_long_queries_are_cut_with_a_notice() {
    let app = spawn_app().await;
    let long = "token%20".repeat(2_000);
    let html = app.get_page(&format!("/search?q={long}"), 200).await;
    assert!(html.contains("only its first 200 characters were searched"));
}

#[tokio::test]
async fn unicode_queries_work() {
    let app = spawn_app().await;
    let html = app
        .get_page(
            "/search?q=%C3%BCber%20%F0%9F%94%91%20%D1%82%D0%BE%D0%BA%D0%B5%D0%BD",
            200,
        )
        .await;
    assert!(html.contains("über 🔑 токен"));
}

#[tokio::test]
async fn invalid_percent_encoding_is_a_clean_client_error_or_a_search() {
    let app = spawn_app().await;
    let status = app.get("/search?q=%FF%FE").await.status().as_u16();
    assert!(status == 200 || status == 400, "got {status}");
}

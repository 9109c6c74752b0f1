//! The last line of defence between Markdown and the page: an allow-list HTML sanitiser.
//!
//! The renderer already drops comments and escapes raw HTML; this pass guarantees that no
//! script, event handler, style or `javascript:` URL can reach a page whatever the input.

use ammonia::{Builder, UrlRelative};
use std::sync::LazyLock;

static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::default();
    builder
        .add_tags(["mark"])
        .add_generic_attributes(["class", "aria-hidden"])
        .add_tag_attributes("h2", ["id"])
        .add_tag_attributes("h3", ["id"])
        .add_tag_attributes("h4", ["id"])
        .add_tag_attributes("h5", ["id"])
        .add_tag_attributes("h6", ["id"])
        .add_tag_attributes("pre", ["tabindex"])
        .add_tag_attributes("div", ["tabindex", "role"])
        .url_schemes(["http", "https", "mailto"].into())
        .url_relative(UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true);
    builder
});

/// Returns `html` with everything outside the allow-list removed.
pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn scripts_are_removed_with_their_content() {
        let clean = sanitize("<p>ok</p><script>alert(1)</script>");
        assert_eq!(clean, "<p>ok</p>");
    }

    #[test]
    fn event_handlers_and_styles_are_removed() {
        let clean = sanitize(r#"<p onclick="x()" style="color:red">hi</p><img src=x onerror="y()">"#);
        assert!(!clean.contains("onclick") && !clean.contains("onerror") && !clean.contains("style"));
    }

    #[test]
    fn javascript_urls_are_removed() {
        let clean = sanitize(r#"<a href="javascript:alert(1)">x</a><a href="JaVaScRiPt:alert(1)">y</a>"#);
        assert!(!clean.to_lowercase().contains("javascript"), "{clean}");
    }

    #[test]
    fn the_renderers_own_markup_survives() {
        let html = concat!(
            r##"<h2 id="q">Q<a class="anchor-link" href="#q"><span aria-hidden="true">#</span></a></h2>"##,
            r#"<div class="callout callout-note" role="note"><p>n</p></div>"#,
            r#"<pre tabindex="0"><code><span class="hl-string">"x"</span></code></pre>"#,
            r#"<a href="/docs/getting-started#step-1">rel</a>"#,
        );
        assert_eq!(sanitize(html), html);
    }

    #[test]
    fn comments_are_stripped() {
        assert_eq!(sanitize("<p>a</p><!-- secret draft -->"), "<p>a</p>");
    }
}

//! Markdown → sanitised HTML, once per page at start-up.
//!
//! On the way it gives each heading a unique anchor and a visible self-link, builds the table
//! of contents, highlights code, turns GitHub-style alerts into call-outs, drops HTML comments,
//! escapes any other raw HTML, and collects what the link check and search need: every link
//! with its line, and the plain text of each section.

use super::anchors::{self, AnchorSet};
use super::{highlight, sanitize::sanitize};
use app::ssr::content::TocEntry;
use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html,
};
use pulldown_cmark_escape::escape_html;
use std::ops::Range;

/// A rendered Markdown body and what was learnt while rendering it.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Sanitised HTML.
    pub html: String,
    /// `##` and `###` headings in order.
    pub toc: Vec<TocEntry>,
    /// The text under each heading (the first one, before any heading, has none).
    pub sections: Vec<TextSection>,
    /// Every anchor on the page.
    pub anchors: AnchorSet,
    /// Every link, with the file line it appears on.
    pub links: Vec<LinkRef>,
    /// What the author should fix.
    pub problems: Vec<Problem>,
}

/// The plain text of one part of a page, for search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextSection {
    /// The heading text and its anchor, or `None` for the text before the first heading.
    pub heading: Option<(String, String)>,
    /// The words under the heading, with code included.
    pub text: String,
}

/// A link target and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// The destination as written.
    pub target: String,
    /// The 1-based line of the file.
    pub line: usize,
}

/// Something in the source the author must fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The 1-based line of the file.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders a Markdown `body` whose first line is line `line_offset + 1` of its file.
pub fn render(body: &str, line_offset: usize) -> Rendered {
    let lines = LineIndex::new(body, line_offset);
    let mut renderer = Renderer {
        rendered: Rendered {
            sections: vec![TextSection::default()],
            ..Rendered::default()
        },
        out: Vec::new(),
    };
    let mut events = Parser::new_ext(body, options()).into_offset_iter();
    while let Some((event, range)) = events.next() {
        let line = lines.line_of(&range);
        renderer.event(event, line, &mut events);
    }
    let mut unsanitised = String::with_capacity(body.len() * 2);
    html::push_html(&mut unsanitised, renderer.out.into_iter());
    let mut rendered = renderer.rendered;
    rendered.html = sanitize(&unsanitised);
    rendered
        .sections
        .retain(|section| section.heading.is_some() || !section.text.trim().is_empty());
    rendered
}

struct Renderer<'a> {
    rendered: Rendered,
    out: Vec<Event<'a>>,
}

impl<'a> Renderer<'a> {
    fn event(
        &mut self,
        event: Event<'a>,
        line: usize,
        events: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>,
    ) {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => self.heading(level, id, line, events),
            Event::Start(Tag::CodeBlock(kind)) => self.code_block(kind, events),
            Event::Start(Tag::HtmlBlock) => {
                let raw = collect_html(events);
                self.raw_html(raw, line, true);
            }
            Event::Html(raw) | Event::InlineHtml(raw) => self.raw_html(raw.to_string(), line, false),
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label) = callout(kind);
                self.out.push(Event::Html(
                    format!(
                        "<div class=\"callout callout-{class}\" role=\"note\">\
                         <p class=\"callout-title\">{label}</p>"
                    )
                    .into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => self.out.push(Event::Html("</div>".into())),
            Event::Start(Tag::Table(_)) => {
                self.out
                    .push(Event::Html("<div class=\"table-scroll\" tabindex=\"0\">".into()));
                self.out.push(event);
            }
            Event::End(TagEnd::Table) => {
                self.out.push(event);
                self.out.push(Event::Html("</div>".into()));
            }
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                self.rendered.links.push(LinkRef {
                    target: dest_url.to_string(),
                    line,
                });
                self.out.push(event);
            }
            Event::Text(ref text) | Event::Code(ref text) => {
                self.push_text(text);
                self.out.push(event);
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(None)) => {
                self.push_text(" ");
                self.out.push(event);
            }
            other => self.out.push(other),
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(section) = self.rendered.sections.last_mut() {
            section.text.push_str(text);
        }
    }

    fn problem(&mut self, line: usize, message: String) {
        self.rendered.problems.push(Problem { line, message });
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        explicit_id: Option<CowStr<'a>>,
        line: usize,
        events: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>,
    ) {
        let mut inner = Vec::new();
        let mut text = String::new();
        for (event, _) in events.by_ref() {
            match event {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(ref t) | Event::Code(ref t) => {
                    text.push_str(t);
                    inner.push(event);
                }
                Event::Html(_) | Event::InlineHtml(_) => {}
                other => inner.push(other),
            }
        }
        let text = text.trim().to_owned();
        if level == HeadingLevel::H1 {
            self.problem(
                line,
                "a `#` heading: the page title comes from front matter, so start at `##`".into(),
            );
        }
        let wanted = match explicit_id {
            Some(id) => {
                if !anchors::is_valid(&id) {
                    self.problem(line, format!("anchor `{{#{id}}}` must use only a-z, 0-9 and `-`"));
                }
                id.to_string()
            }
            None => anchors::slugify(&text),
        };
        let wanted = if wanted.is_empty() {
            self.problem(line, "a heading without text; add an explicit `{#anchor}`".into());
            "section".to_owned()
        } else {
            wanted
        };
        let anchor = match self.rendered.anchors.claim(wanted.clone()) {
            Ok(anchor) => anchor,
            Err(unique) => {
                self.problem(
                    line,
                    format!(
                        "duplicate anchor `#{wanted}`: another heading on this page has it; \
                         reword the heading or give it an explicit `{{#anchor}}`"
                    ),
                );
                unique
            }
        };

        let mut inner_html = String::new();
        html::push_html(&mut inner_html, inner.into_iter());
        let mut label = String::new();
        escape_html(&mut label, &text).unwrap_or_default();
        let n = level as usize;
        self.out.push(Event::Html(
            format!(
                "<div class=\"heading-row\"><h{n} id=\"{anchor}\">{inner_html}</h{n}>\
                 <a class=\"anchor-link\" href=\"#{anchor}\"><span aria-hidden=\"true\">#</span>\
                 <span class=\"visually-hidden\">Link to “{label}”</span></a></div>"
            )
            .into(),
        ));
        if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
            self.rendered.toc.push(TocEntry {
                level: n as u8,
                anchor: anchor.clone(),
                text: text.clone(),
            });
        }
        self.rendered.sections.push(TextSection {
            heading: Some((text, anchor)),
            text: String::new(),
        });
    }

    fn code_block(
        &mut self,
        kind: CodeBlockKind<'a>,
        events: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>,
    ) {
        let language = match &kind {
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_owned(),
            CodeBlockKind::Indented => String::new(),
        };
        let mut code = String::new();
        for (event, _) in events.by_ref() {
            match event {
                Event::Text(text) => code.push_str(&text),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        self.push_text(&code);
        self.push_text(" ");
        let label = highlight::language_label(&language);
        let mut escaped_label = String::new();
        escape_html(&mut escaped_label, label).unwrap_or_default();
        self.out.push(Event::Html(
            format!(
                "<div class=\"code-block\"><p class=\"code-lang\">{escaped_label}</p>\
                 <pre tabindex=\"0\"><code>{}</code></pre></div>",
                highlight::highlight(&language, &code)
            )
            .into(),
        ));
    }

    /// Comments vanish; anything else is shown as text and reported.
    fn raw_html(&mut self, raw: String, line: usize, block: bool) {
        if is_only_comments(&raw) {
            return;
        }
        self.problem(
            line,
            "raw HTML is not allowed in content (only `<!-- comments -->`); it is shown as text".into(),
        );
        self.push_text(&raw);
        if block {
            let mut escaped = String::new();
            escape_html(&mut escaped, &raw).unwrap_or_default();
            self.out.push(Event::Html(format!("<p>{escaped}</p>").into()));
        } else {
            self.out.push(Event::Text(raw.into()));
        }
    }
}

fn collect_html<'a>(events: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>) -> String {
    let mut raw = String::new();
    for (event, _) in events.by_ref() {
        match event {
            Event::Html(text) | Event::Text(text) => raw.push_str(&text),
            Event::End(TagEnd::HtmlBlock) => break,
            _ => {}
        }
    }
    raw
}

/// Whether `raw` holds nothing but complete HTML comments and whitespace.
fn is_only_comments(raw: &str) -> bool {
    let mut rest = raw.trim();
    while !rest.is_empty() {
        let Some(after_open) = rest.strip_prefix("<!--") else {
            return false;
        };
        let Some(close) = after_open.find("-->") else {
            return false;
        };
        rest = after_open[close + 3..].trim_start();
    }
    true
}

fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// Maps byte offsets of the body to 1-based file lines.
struct LineIndex {
    starts: Vec<usize>,
    offset: usize,
}

impl LineIndex {
    fn new(body: &str, offset: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(body.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { starts, offset }
    }

    fn line_of(&self, range: &Range<usize>) -> usize {
        let index = self.starts.partition_point(|&start| start <= range.start);
        self.offset + index.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html_of(markdown: &str) -> String {
        render(markdown, 0).html
    }

    #[test]
    fn questions_get_anchors_self_links_and_toc_entries() {
        let rendered = render("## What grant types are currently supported?\n\nOnly one.\n", 0);
        assert!(
            rendered
                .html
                .contains(r#"<h2 id="what-grant-types-are-currently-supported">"#)
        );
        assert!(
            rendered
                .html
                .contains(r##"href="#what-grant-types-are-currently-supported""##)
        );
        assert_eq!(rendered.toc[0].anchor, "what-grant-types-are-currently-supported");
        assert_eq!(rendered.toc[0].text, "What grant types are currently supported?");
        assert!(rendered.problems.is_empty());
    }

    #[test]
    fn explicit_anchors_win_over_the_text() {
        let rendered = render("## A very long question indeed {#short}\n", 0);
        assert_eq!(rendered.toc[0].anchor, "short");
        assert!(rendered.html.contains(r#"id="short""#));
    }

    #[test]
    fn duplicate_headings_are_reported_with_their_line_and_kept_unique() {
        let rendered = render("## Errors\n\ntext\n\n## Errors\n", 10);
        assert!(rendered.html.contains(r#"id="errors""#));
        assert!(rendered.html.contains(r#"id="errors-2""#));
        assert_eq!(rendered.problems.len(), 1);
        assert_eq!(rendered.problems[0].line, 15);
        assert!(rendered.problems[0].message.contains("duplicate anchor"));
    }

    #[test]
    fn html_comments_stay_hidden_even_across_blank_lines() {
        let markdown = "Visible.\n\n<!--\n## Draft question?\n\nDraft answer.\n-->\n\nAlso visible.\n";
        let rendered = render(markdown, 0);
        assert!(!rendered.html.contains("Draft"), "{}", rendered.html);
        assert!(rendered.html.contains("Also visible."));
        assert!(rendered.toc.is_empty());
        assert!(rendered.problems.is_empty());
        assert!(rendered.sections.iter().all(|s| !s.text.contains("Draft")));
    }

    #[test]
    fn inline_comments_stay_hidden() {
        assert_eq!(html_of("a <!-- hidden --> b\n"), "<p>a  b</p>\n");
    }

    #[test]
    fn raw_html_is_escaped_and_reported() {
        let rendered = render(
            "<script>alert('x')</script>\n\nText <b onclick=\"x()\">bold</b>\n",
            0,
        );
        assert!(!rendered.html.contains("<script"), "{}", rendered.html);
        assert!(!rendered.html.contains("<b"), "{}", rendered.html);
        assert!(rendered.html.contains("&lt;script&gt;"));
        assert_eq!(rendered.problems.len(), 3, "{:?}", rendered.problems);
    }

    #[test]
    fn javascript_links_never_reach_the_page() {
        let html = html_of("[click](javascript:alert(1)) and [ok](/faq/x#y)\n");
        assert!(!html.contains("javascript"), "{html}");
        assert!(html.contains(r##"href="/faq/x#y""##));
    }

    #[test]
    fn links_are_collected_with_file_lines() {
        let rendered = render("Intro\n\nSee [docs](/docs/a#b).\n", 4);
        assert_eq!(
            rendered.links,
            vec![LinkRef {
                target: "/docs/a#b".into(),
                line: 7
            }]
        );
    }

    #[test]
    fn alerts_become_callouts() {
        let html = html_of("> [!WARNING]\n> Never share your secret.\n");
        assert!(
            html.contains(r#"<div class="callout callout-warning" role="note">"#),
            "{html}"
        );
        assert!(html.contains("Never share your secret."));
    }

    #[test]
    fn code_blocks_are_highlighted_and_focusable() {
        let html = html_of("```json\n{\"a\": 1}\n```\n");
        assert!(html.contains(r#"<pre tabindex="0"><code>"#), "{html}");
        assert!(html.contains("hl-"), "{html}");
        assert!(html.contains(r#"<p class="code-lang">JSON</p>"#));
    }

    #[test]
    fn tables_render_inside_a_scroll_container() {
        let html = html_of("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(
            html.contains(r#"<div class="table-scroll" tabindex="0"><table>"#),
            "{html}"
        );
    }

    #[test]
    fn a_level_one_heading_is_reported() {
        let rendered = render("# Title\n", 0);
        assert_eq!(rendered.problems.len(), 1);
    }

    #[test]
    fn sections_hold_the_text_under_each_heading() {
        let rendered = render(
            "Intro text.\n\n## First\n\nAlpha `code`.\n\n## Second\n\nBeta.\n",
            0,
        );
        let headings: Vec<_> = rendered
            .sections
            .iter()
            .map(|s| s.heading.as_ref().map(|(text, _)| text.as_str()))
            .collect();
        assert_eq!(headings, vec![None, Some("First"), Some("Second")]);
        assert!(rendered.sections[1].text.contains("Alpha code"));
    }

    #[test]
    fn comment_detection_needs_closed_comments_only() {
        assert!(is_only_comments("<!-- a --> <!-- b -->"));
        assert!(!is_only_comments("<!-- a"));
        assert!(!is_only_comments("<!-- a --><p>"));
    }

    proptest::proptest! {
        #[test]
        fn any_markdown_renders_without_panicking_or_raw_script(body in "\\PC{0,600}") {
            let rendered = render(&body, 0);
            proptest::prop_assert!(!rendered.html.to_ascii_lowercase().contains("<script"));
        }

        #[test]
        fn markdown_made_of_its_own_syntax_renders(parts in proptest::collection::vec(
            proptest::sample::select(vec!["## ", "### ", "> [!NOTE]\n", "```rust\n", "```\n", "<!-- ", " -->", "[a](#b)", "| a | b |\n|---|---|\n", "{#x}", "\n", "<b>", "*", "`"]),
            0..40,
        )) {
            let _ = render(&parts.concat(), 0);
        }
    }
}

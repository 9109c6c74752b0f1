//! Server-side syntax highlighting of fenced code blocks, as CSS classes (no inline styles,
//! so the strict style policy holds and light/dark themes come from the stylesheet).

use std::sync::LazyLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The prefix of every highlighting class (`hl-string`, `hl-comment`, …).
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Renders `code` as escaped HTML, highlighted when `language` is known.
pub fn highlight(language: &str, code: &str) -> String {
    let syntax = match language {
        "" | "text" | "plain" => None,
        "sh" | "shell" | "console" | "curl" => SYNTAXES.find_syntax_by_token("bash"),
        other => SYNTAXES.find_syntax_by_token(other),
    };
    let Some(syntax) = syntax else {
        return escape(code);
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return escape(code);
        }
    }
    generator.finalize()
}

/// A human name for a fence's language tag (shown above the block).
pub fn language_label(language: &str) -> &str {
    match language {
        "bash" | "sh" | "shell" | "console" | "curl" => "Shell",
        "json" => "JSON",
        "http" => "HTTP",
        "python" | "py" => "Python",
        "javascript" | "js" => "JavaScript",
        "rust" | "rs" => "Rust",
        "toml" => "TOML",
        "" | "text" | "plain" => "Text",
        other => other,
    }
}

fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html_body_text(&mut escaped, text).unwrap_or_default();
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_highlighted_with_classes() {
        let html = highlight("json", "{\"access_token\": \"x\", \"expires_in\": 3600}\n");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("3600"));
        assert!(!html.contains("style="));
    }

    #[test]
    fn shell_aliases_use_the_bash_grammar() {
        assert!(highlight("curl", "curl -u \"$ID:$SECRET\" https://x\n").contains("hl-"));
    }

    #[test]
    fn unknown_languages_are_escaped_plain_text() {
        assert_eq!(
            highlight("cobol", "<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
    }
}

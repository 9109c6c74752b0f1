//! Server-side syntax highlighting of fenced code blocks, as CSS classes (no inline styles,
//! so the strict style policy holds and light/dark themes come from the stylesheet).
//!
//! Shell and Python, the docs' languages, use small grammars of our own (`syntaxes/`): syntect
//! compiles every regular expression of a grammar it uses and keeps it, and the full Bash and
//! Python grammars would keep about 25 MiB resident for a handful of snippets. Other languages
//! (JSON first) come from syntect's bundled set, loaded on first use, a grammar at a time.

use std::sync::LazyLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxDefinition, SyntaxReference, SyntaxSet, SyntaxSetBuilder};
use syntect::util::LinesWithEndings;

/// syntect's bundled grammars (their contexts are read when a grammar is first used).
static BUNDLED: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Our own small grammars.
static COMPACT: LazyLock<Option<SyntaxSet>> = LazyLock::new(|| {
    let mut builder = SyntaxSetBuilder::new();
    for source in [
        include_str!("syntaxes/shell.sublime-syntax"),
        include_str!("syntaxes/python.sublime-syntax"),
    ] {
        match SyntaxDefinition::load_from_str(source, true, None) {
            Ok(definition) => builder.add(definition),
            Err(error) => {
                tracing::error!(%error, "a built-in grammar does not load; its code is shown plain");
                return None;
            }
        }
    }
    builder.add_plain_text_syntax();
    Some(builder.build())
});

/// The prefix of every highlighting class (`hl-string`, `hl-comment`, …).
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The grammar for a fence's language tag, and the set it belongs to.
fn grammar(language: &str) -> Option<(&'static SyntaxReference, &'static SyntaxSet)> {
    let compact = |token: &str| {
        let set = COMPACT.as_ref()?;
        Some((set.find_syntax_by_token(token)?, set))
    };
    match language {
        "" | "text" | "plain" => None,
        "bash" | "sh" | "shell" | "console" | "curl" | "zsh" => compact("bash"),
        "python" | "py" => compact("python"),
        other => BUNDLED
            .find_syntax_by_token(other)
            .map(|syntax| (syntax, &*BUNDLED)),
    }
}

/// Renders `code` as escaped HTML, highlighted when `language` is known.
pub fn highlight(language: &str, code: &str) -> String {
    let Some((syntax, set)) = grammar(language) else {
        return escape(code);
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
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
    fn the_compact_grammars_give_the_styled_scopes() {
        let shell = highlight(
            "bash",
            "# get one\nexport ID='x'\ncurl -s -u \"$ID:$SECRET\" \\\n  -d grant_type=client_credentials https://x | jq -r .access_token\n",
        );
        for class in [
            "hl-comment",
            "hl-storage hl-modifier",
            "hl-variable hl-function hl-shell\">curl<",
            "hl-variable hl-parameter hl-option hl-shell\">-u<",
            "hl-string hl-quoted hl-double",
            "hl-variable hl-other hl-readwrite hl-shell\">$ID<",
            "hl-string hl-quoted hl-single",
            "hl-punctuation hl-separator hl-continuation",
            "hl-variable hl-function hl-shell\">jq<",
        ] {
            assert!(shell.contains(class), "{class}: {shell}");
        }
        let python = highlight(
            "python",
            "import requests\n\ndef token(client_id: str) -> str:\n    resp = requests.post(\"https://x\", data={\"a\": None}, timeout=10)\n    return resp.json()[\"access_token\"]  # the token\n",
        );
        for class in [
            "hl-keyword hl-control",
            "hl-storage hl-type hl-function",
            "hl-entity hl-name hl-function hl-python\">token<",
            "hl-variable hl-function hl-python\">post<",
            "hl-string hl-quoted hl-double",
            "hl-constant hl-language hl-python\">None<",
            "hl-constant hl-numeric",
            "hl-comment",
        ] {
            assert!(python.contains(class), "{class}: {python}");
        }
        assert!(!python.contains("style="));
    }

    #[test]
    fn unknown_languages_are_escaped_plain_text() {
        assert_eq!(
            highlight("cobol", "<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
    }
}

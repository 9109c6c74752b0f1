//! The TOML front matter at the top of every content file (`+++` … `+++`).

use serde::Deserialize;
use serde::de::DeserializeOwned;

/// The metadata every content page must declare.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page title (the page's `<h1>`).
    pub title: String,
    /// One or two sentences: the meta description and the search/index summary.
    pub summary: String,
    /// When the page last changed in substance.
    pub updated: toml::value::Date,
    /// Position within its section, smallest first.
    pub order: i64,
}

/// A file split into its front matter and its Markdown body.
#[derive(Debug)]
pub struct Document<'a, T = FrontMatter> {
    /// The parsed metadata.
    pub front_matter: T,
    /// The Markdown after the closing `+++`.
    pub body: &'a str,
    /// How many lines precede the body, so body positions map to file lines.
    pub body_line_offset: usize,
}

/// Why a file's front matter could not be read, with the 1-based line it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    /// The line in the file.
    pub line: usize,
    /// What is wrong, for the author.
    pub message: String,
}

const DELIMITER: &str = "+++";

/// Splits a content page into its front matter and body.
pub fn split(source: &str) -> Result<Document<'_>, FrontMatterError> {
    let document = split_as::<FrontMatter>(source, "`title`, `summary`, `updated` and `order`")?;
    for (name, value) in [
        ("title", &document.front_matter.title),
        ("summary", &document.front_matter.summary),
    ] {
        if value.trim().is_empty() {
            return Err(FrontMatterError {
                line: 1,
                message: format!("front matter `{name}` must not be empty"),
            });
        }
    }
    Ok(document)
}

/// Splits `source` into front matter of type `T` and body; `keys` names the keys for the
/// message shown when the front matter is missing.
pub fn split_as<'a, T: DeserializeOwned>(
    source: &'a str,
    keys: &str,
) -> Result<Document<'a, T>, FrontMatterError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut lines = source.split_inclusive('\n');
    let opening = lines.next().unwrap_or_default();
    if opening.trim_end() != DELIMITER {
        return Err(FrontMatterError {
            line: 1,
            message: format!(
                "missing front matter: the file must start with a `+++` line, then {keys}, then \
                 another `+++` line"
            ),
        });
    }
    let header_start = opening.len();
    let mut offset = header_start;
    for (line_count, line) in (2..).zip(lines) {
        if line.trim_end() == DELIMITER {
            let header = &source[header_start..offset];
            let front_matter = parse(header)?;
            return Ok(Document {
                front_matter,
                body: &source[offset + line.len()..],
                body_line_offset: line_count,
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError {
        line: 1,
        message: "front matter is not closed: add a `+++` line after its last key".to_owned(),
    })
}

fn parse<T: DeserializeOwned>(header: &str) -> Result<T, FrontMatterError> {
    toml::from_str(header).map_err(|error| {
        let line = error
            .span()
            .map(|span| header[..span.start].matches('\n').count() + 2)
            .unwrap_or(1);
        FrontMatterError {
            line,
            message: format!("invalid front matter: {}", error.message()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = "+++\ntitle = \"T\"\nsummary = \"S\"\nupdated = 2026-11-29\norder = 2\n+++\n\nBody\n";

    #[test]
    fn splits_front_matter_from_body() {
        let document = split(VALID).expect("valid document");
        assert_eq!(document.front_matter.title, "T");
        assert_eq!(document.front_matter.order, 2);
        assert_eq!(document.front_matter.updated.to_string(), "2026-11-29");
        assert_eq!(document.body, "\nBody\n");
        assert_eq!(document.body_line_offset, 6);
    }

    #[test]
    fn delimiters_may_carry_trailing_spaces_and_crlf() {
        let source = VALID
            .replacen("+++\n", "+++  \r\n", 1)
            .replace("order = 2\n+++", "order = 2\n+++ ");
        let document = split(&source).expect("valid document");
        assert_eq!(document.front_matter.title, "T");
        assert_eq!(document.body, "\nBody\n");
    }

    #[test]
    fn a_file_without_front_matter_is_rejected_at_line_one() {
        let error = split("## Question\n").expect_err("no front matter");
        assert_eq!(error.line, 1);
        assert!(error.message.contains("missing front matter"));
    }

    #[test]
    fn an_unclosed_front_matter_is_rejected() {
        let error = split("+++\ntitle = \"T\"\n").expect_err("unclosed");
        assert!(error.message.contains("not closed"));
    }

    #[test]
    fn a_missing_key_is_named() {
        let error = split("+++\ntitle = \"T\"\nsummary = \"S\"\norder = 1\n+++\n").expect_err("no date");
        assert!(error.message.contains("updated"), "{}", error.message);
    }

    #[test]
    fn a_bad_value_points_at_its_line() {
        let source = "+++\ntitle = \"T\"\nsummary = \"S\"\nupdated = \"yesterday\"\norder = 1\n+++\n";
        let error = split(source).expect_err("bad date");
        assert_eq!(error.line, 4, "{}", error.message);
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let source =
            "+++\ntitle = \"T\"\nsummary = \"S\"\nupdated = 2026-01-01\norder = 1\nauthor = \"x\"\n+++\n";
        let error = split(source).expect_err("unknown key");
        assert!(error.message.contains("author"), "{}", error.message);
    }

    #[test]
    fn empty_titles_are_rejected() {
        let source = "+++\ntitle = \" \"\nsummary = \"S\"\nupdated = 2026-01-01\norder = 1\n+++\n";
        assert!(split(source).is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_source_splits_or_is_refused_without_panicking(source in "\\PC{0,400}") {
            let _ = split(&source);
        }

        #[test]
        fn any_header_between_delimiters_is_parsed_or_refused(header in "\\PC{0,200}") {
            let _ = split(&format!("+++\n{header}\n+++\nBody\n"));
        }
    }
}

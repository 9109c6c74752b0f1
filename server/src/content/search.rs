//! Full-text search over FAQ entries and doc sections, built once at start-up.
//!
//! Every query word must match the start of a word in the entry (so `token` finds `tokens`
//! and `accessToken`); matches in headings rank far above matches in body text. If no entry
//! matches every word, entries matching any word are returned instead.

use app::ssr::content::{MAX_QUERY_CHARS, SearchHit, SearchResults, SnippetPart};

/// Hits returned for one query at most.
const MAX_HITS: usize = 20;
/// Query words searched at most.
const MAX_TERMS: usize = 12;
/// Words shown in a snippet.
const SNIPPET_WORDS: usize = 32;
/// Words of context kept before the first match in a snippet.
const SNIPPET_LEAD: usize = 8;

const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "can", "do", "does", "for", "how", "i", "in", "is", "it", "my", "of", "on",
    "or", "the", "to", "what", "when", "why", "with",
];

/// One searchable entry: a FAQ question or a doc section.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The page's title.
    pub page_title: String,
    /// The entry's heading (the page title for the introduction).
    pub heading: String,
    /// Page path plus anchor.
    pub url: String,
    /// The entry's text.
    pub text: String,
    /// Position of the page in the library, for stable ordering of equal scores.
    pub page_rank: usize,
    heading_words: Vec<String>,
    title_words: Vec<String>,
    body_words: Vec<Word>,
}

#[derive(Debug, Clone)]
struct Word {
    span: (usize, usize),
    lower: String,
}

impl Entry {
    /// Prepares an entry for searching.
    pub fn new(page_title: String, heading: String, url: String, text: String, page_rank: usize) -> Self {
        let text = collapse_whitespace(&text);
        Self {
            heading_words: words(&heading).map(|w| w.lower).collect(),
            title_words: words(&page_title).map(|w| w.lower).collect(),
            body_words: words(&text).collect(),
            page_title,
            heading,
            url,
            text,
            page_rank,
        }
    }
}

/// All entries of the library.
#[derive(Debug, Default)]
pub struct SearchIndex {
    entries: Vec<Entry>,
}

impl SearchIndex {
    /// Builds the index.
    pub fn new(entries: Vec<Entry>) -> Self {
        Self { entries }
    }

    /// Adds entries (ranked after those already there).
    pub fn extend(&mut self, entries: impl IntoIterator<Item = Entry>) {
        self.entries.extend(entries);
    }

    /// Answers a free-text query.
    pub fn search(&self, raw_query: &str) -> SearchResults {
        let trimmed = raw_query.trim();
        let query_truncated = trimmed.chars().count() > MAX_QUERY_CHARS;
        let query: String = trimmed.chars().take(MAX_QUERY_CHARS).collect();
        let terms = terms(&query);
        if terms.is_empty() {
            return SearchResults {
                query,
                query_truncated,
                hits: Vec::new(),
            };
        }
        let mut scored = self.score_all(&terms, true);
        if scored.is_empty() {
            scored = self.score_all(&terms, false);
        }
        scored.sort_by(|(a_score, a), (b_score, b)| b_score.cmp(a_score).then(a.page_rank.cmp(&b.page_rank)));
        let hits = scored
            .into_iter()
            .take(MAX_HITS)
            .map(|(_, entry)| SearchHit {
                page_title: entry.page_title.clone(),
                heading: marked_heading(&entry.heading, &terms),
                url: entry.url.clone(),
                snippet: snippet(entry, &terms),
            })
            .collect();
        SearchResults {
            query,
            query_truncated,
            hits,
        }
    }

    fn score_all(&self, terms: &[String], require_all: bool) -> Vec<(u32, &Entry)> {
        self.entries
            .iter()
            .filter_map(|entry| score(entry, terms, require_all).map(|score| (score, entry)))
            .collect()
    }
}

fn score(entry: &Entry, terms: &[String], require_all: bool) -> Option<u32> {
    let mut total = 0u32;
    let mut matched_terms = 0;
    for term in terms {
        let in_heading = count(entry.heading_words.iter().map(String::as_str), term);
        let in_title = count(entry.title_words.iter().map(String::as_str), term);
        let in_body = count(entry.body_words.iter().map(|w| w.lower.as_str()), term);
        if in_heading + in_title + in_body == 0 {
            if require_all {
                return None;
            }
            continue;
        }
        matched_terms += 1;
        total += in_heading * 20 + in_title * 4 + in_body.min(6);
    }
    (matched_terms > 0).then_some(total)
}

fn count<'a>(words: impl Iterator<Item = &'a str>, term: &str) -> u32 {
    words.filter(|word| word.starts_with(term)).count() as u32
}

fn snippet(entry: &Entry, terms: &[String]) -> Vec<SnippetPart> {
    let words = &entry.body_words;
    if words.is_empty() {
        return Vec::new();
    }
    let first_match = words
        .iter()
        .position(|word| matches_any(word, terms))
        .unwrap_or(0);
    let start = first_match.saturating_sub(SNIPPET_LEAD);
    let end = (start + SNIPPET_WORDS).min(words.len());
    let mut parts = Vec::new();
    if start > 0 {
        parts.push(SnippetPart {
            text: "…".into(),
            matched: false,
        });
    }
    parts.extend(mark(&entry.text, &words[start..end], terms));
    if end < words.len() {
        parts.push(SnippetPart {
            text: "…".into(),
            matched: false,
        });
    }
    parts
}

/// `text` from its first to its last word, with the words matching `terms` marked.
fn mark(text: &str, words: &[Word], terms: &[String]) -> Vec<SnippetPart> {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return Vec::new();
    };
    let mut parts = Vec::new();
    let mut cursor = first.span.0;
    for word in words.iter().filter(|word| matches_any(word, terms)) {
        if word.span.0 > cursor {
            parts.push(SnippetPart {
                text: text[cursor..word.span.0].into(),
                matched: false,
            });
        }
        parts.push(SnippetPart {
            text: text[word.span.0..word.span.1].into(),
            matched: true,
        });
        cursor = word.span.1;
    }
    if last.span.1 > cursor {
        parts.push(SnippetPart {
            text: text[cursor..last.span.1].into(),
            matched: false,
        });
    }
    parts
}

/// The heading with matching words marked, keeping its leading and trailing punctuation.
fn marked_heading(heading: &str, terms: &[String]) -> Vec<SnippetPart> {
    let words: Vec<Word> = words(heading).collect();
    let Some((first, last)) = words.first().zip(words.last()) else {
        return vec![SnippetPart {
            text: heading.into(),
            matched: false,
        }];
    };
    let mut parts = Vec::new();
    if first.span.0 > 0 {
        parts.push(SnippetPart {
            text: heading[..first.span.0].into(),
            matched: false,
        });
    }
    parts.extend(mark(heading, &words, terms));
    if last.span.1 < heading.len() {
        parts.push(SnippetPart {
            text: heading[last.span.1..].into(),
            matched: false,
        });
    }
    parts
}

fn matches_any(word: &Word, terms: &[String]) -> bool {
    terms.iter().any(|term| word.lower.starts_with(term.as_str()))
}

/// The words of a query, lowercased, without stop words (unless that would leave none).
fn terms(query: &str) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    for word in words(query) {
        if !all.contains(&word.lower) {
            all.push(word.lower);
        }
    }
    let meaningful: Vec<String> = all
        .iter()
        .filter(|term| !STOP_WORDS.contains(&term.as_str()))
        .cloned()
        .collect();
    let mut chosen = if meaningful.is_empty() { all } else { meaningful };
    chosen.truncate(MAX_TERMS);
    chosen
}

/// Runs of letters and digits, with their byte spans, lowercased.
fn words(text: &str) -> impl Iterator<Item = Word> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = loop {
            let (index, c) = chars.next()?;
            if c.is_alphanumeric() {
                break (index, c);
            }
        };
        let mut end = text.len();
        while let Some(&(index, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                end = index;
                break;
            }
            chars.next();
        }
        Some(Word {
            span: (start, end),
            lower: text[start..end].to_lowercase(),
        })
    })
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> SearchIndex {
        SearchIndex::new(vec![
            Entry::new(
                "Security FAQ".into(),
                "What grant types are currently supported?".into(),
                "/faq/security#grant-types".into(),
                "Only the client credentials grant. Send grant_type=client_credentials.".into(),
                0,
            ),
            Entry::new(
                "Token API".into(),
                "Responses".into(),
                "/docs/token#responses".into(),
                "The v1 answer has accessToken; the v2 answer has access_token and a grant type note.".into(),
                1,
            ),
        ])
    }

    fn matched(results: &SearchResults, hit: usize) -> Vec<String> {
        results.hits[hit]
            .snippet
            .iter()
            .filter(|part| part.matched)
            .map(|part| part.text.clone())
            .collect()
    }

    #[test]
    fn heading_matches_rank_first() {
        let results = index().search("grant type");
        assert_eq!(results.hits.len(), 2);
        assert_eq!(results.hits[0].url, "/faq/security#grant-types");
        let heading: Vec<_> = results.hits[0]
            .heading
            .iter()
            .map(|p| (p.text.as_str(), p.matched))
            .collect();
        assert_eq!(
            heading,
            vec![
                ("What ", false),
                ("grant", true),
                (" ", false),
                ("types", true),
                (" are currently supported", false),
                ("?", false)
            ]
        );
    }

    #[test]
    fn words_match_by_prefix_and_case_insensitively() {
        let results = index().search("ACCESSTOKEN");
        assert_eq!(results.hits.len(), 1);
        assert_eq!(matched(&results, 0), vec!["accessToken"]);
    }

    #[test]
    fn natural_questions_ignore_stop_words() {
        let results = index().search("What is the access token?");
        assert_eq!(results.hits[0].url, "/docs/token#responses");
    }

    #[test]
    fn when_no_entry_has_every_word_any_word_counts() {
        let results = index().search("grant zebra");
        assert!(!results.hits.is_empty());
    }

    #[test]
    fn empty_and_symbol_only_queries_find_nothing() {
        assert!(index().search("   ").hits.is_empty());
        assert!(index().search("<>?!").hits.is_empty());
    }

    #[test]
    fn long_queries_are_cut() {
        let long = "token ".repeat(100);
        let results = index().search(&long);
        assert!(results.query_truncated);
        assert_eq!(results.query.chars().count(), MAX_QUERY_CHARS);
    }

    #[test]
    fn unicode_queries_are_handled() {
        let results = index().search("Ünïcödé 🔑 токен");
        assert!(results.hits.is_empty());
        assert_eq!(results.query, "Ünïcödé 🔑 токен");
    }

    #[test]
    fn snippets_are_cut_around_the_first_match() {
        let text = (0..100).map(|n| format!("w{n}")).collect::<Vec<_>>().join(" ") + " needle tail";
        let index = SearchIndex::new(vec![Entry::new("P".into(), "H".into(), "/x".into(), text, 0)]);
        let results = index.search("needle");
        let snippet = &results.hits[0].snippet;
        assert_eq!(snippet[0].text, "…");
        assert!(snippet.iter().any(|p| p.matched && p.text == "needle"));
    }
}

//! Heading anchors: stable slugs made from heading text, unique within a page.

use std::collections::HashSet;

/// Turns heading text into an anchor: lowercase letters and digits, words joined by `-`.
///
/// `What grant types are currently supported?` → `what-grant-types-are-currently-supported`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '/' {
            pending_dash = true;
        }
    }
    slug
}

/// Whether `anchor` is usable as written in Markdown (`{#anchor}`).
pub fn is_valid(anchor: &str) -> bool {
    !anchor.is_empty()
        && anchor
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The anchors already given out on one page.
#[derive(Debug, Default)]
pub struct AnchorSet {
    taken: HashSet<String>,
}

impl AnchorSet {
    /// Claims `wanted`. Returns `Err` with a unique variant (`wanted-2`, …) if it was taken.
    pub fn claim(&mut self, wanted: String) -> Result<String, String> {
        if self.taken.insert(wanted.clone()) {
            return Ok(wanted);
        }
        let unique = (2..)
            .map(|n| format!("{wanted}-{n}"))
            .find(|candidate| !self.taken.contains(candidate))
            .unwrap_or_default();
        self.taken.insert(unique.clone());
        Err(unique)
    }

    /// Whether the page has this anchor.
    pub fn contains(&self, anchor: &str) -> bool {
        self.taken.contains(anchor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_become_readable_anchors() {
        assert_eq!(
            slugify("What grant types are currently supported?"),
            "what-grant-types-are-currently-supported"
        );
        assert_eq!(
            slugify("What are {{MN-ClientId}} and {{MN-ClientSecret}}?"),
            "what-are-mn-clientid-and-mn-clientsecret"
        );
        assert_eq!(
            slugify("What is the difference between ‘Access Token’ & ‘IMA-Token’"),
            "what-is-the-difference-between-access-token-ima-token"
        );
        assert_eq!(slugify("v1 vs. v2: `accessToken`"), "v1-vs-v2-accesstoken");
    }

    #[test]
    fn unicode_letters_are_kept_and_lowercased() {
        assert_eq!(slugify("Über Tokens"), "über-tokens");
    }

    #[test]
    fn text_without_letters_gives_an_empty_slug() {
        assert_eq!(slugify("?!"), "");
    }

    #[test]
    fn duplicate_anchors_get_a_numbered_variant() {
        let mut anchors = AnchorSet::default();
        assert_eq!(anchors.claim("errors".into()), Ok("errors".into()));
        assert_eq!(anchors.claim("errors".into()), Err("errors-2".into()));
        assert_eq!(anchors.claim("errors".into()), Err("errors-3".into()));
        assert!(anchors.contains("errors-2"));
    }

    #[test]
    fn explicit_anchors_must_be_lowercase_ascii() {
        assert!(is_valid("mtls-2"));
        assert!(!is_valid("Bad Anchor"));
        assert!(!is_valid(""));
    }
}

//! Building the reference pages' HTML: escaping, and ids unique within one page.

use std::collections::HashSet;

/// `text` escaped for HTML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html(&mut escaped, text);
    escaped
}

/// The ids given out on one page: each wanted id is made an anchor (lowercase letters, digits
/// and `-`) and numbered when taken.
#[derive(Default)]
pub struct Ids {
    taken: HashSet<String>,
}

impl Ids {
    /// A new unique id made from `parts` joined by `-`.
    pub fn claim(&mut self, parts: &[&str]) -> String {
        let wanted: Vec<String> = parts
            .iter()
            .map(|part| crate::catalogue::slugify(part))
            .filter(|part| !part.is_empty())
            .collect();
        let base = if wanted.is_empty() {
            "x".to_owned()
        } else {
            wanted.join("-")
        };
        let mut id = base.clone();
        let mut number = 2;
        while !self.taken.insert(id.clone()) {
            id = format!("{base}-{number}");
            number += 1;
        }
        id
    }

    /// Whether `id` was given out.
    #[cfg(test)]
    pub fn contains(&self, id: &str) -> bool {
        self.taken.contains(id)
    }
}

#[cfg(test)]
mod tests {
    use super::{Ids, escape};

    #[test]
    fn ids_are_anchors_and_unique() {
        let mut ids = Ids::default();
        assert_eq!(ids.claim(&["body", "user_name"]), "body-user-name");
        assert_eq!(ids.claim(&["body", "user-name"]), "body-user-name-2");
        assert_eq!(ids.claim(&["", "?"]), "x");
        assert!(ids.contains("body-user-name-2"));
    }

    #[test]
    fn markup_is_escaped() {
        assert_eq!(escape("<a href=\"x\">&"), "&lt;a href=&quot;x&quot;&gt;&amp;");
    }
}

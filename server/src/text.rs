//! Cutting text to a byte budget without splitting a character: the one helper every place
//! that shortens user or upstream text uses, so none can panic on a multi-byte character.

/// The longest prefix of `text` that is at most `max_bytes` long and ends on a character
/// boundary.
pub fn cut(text: &str, max_bytes: usize) -> &str {
    if text.len() <= max_bytes {
        return text;
    }
    let mut end = max_bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// `text` cut to `max_bytes` with `…` added when something was cut.
pub fn shortened(text: &str, max_bytes: usize) -> String {
    let kept = cut(text, max_bytes);
    if kept.len() == text.len() {
        text.to_owned()
    } else {
        format!("{kept}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn multi_byte_characters_are_never_split() {
        assert_eq!(cut("€€€", 4), "€");
        assert_eq!(cut("a€€€", 12), "a€€€");
        assert_eq!(cut("a€€€", 3), "a");
        assert_eq!(shortened("€€€", 7), "€€…");
        assert_eq!(shortened("abc", 3), "abc");
        assert_eq!(cut("", 0), "");
    }

    proptest! {
        #[test]
        fn a_cut_is_a_prefix_within_budget(text in "\\PC{0,200}", max in 0usize..400) {
            let kept = cut(&text, max);
            prop_assert!(kept.len() <= max);
            prop_assert!(text.starts_with(kept));
            if text.len() > max {
                // Nothing more could have been kept without passing the budget.
                let next = text[kept.len()..].chars().next().map_or(0, char::len_utf8);
                prop_assert!(kept.len() + next > max);
            }
        }
    }
}

//! The wording of problems: counts, lists of alternatives and values, quoted values and numbers,
//! each kept short.

use serde_json::Value;

/// How many values a message lists before eliding the rest.
pub(super) const MAX_LISTED: usize = 10;
/// How many characters of a value or pattern a message quotes.
const MAX_QUOTED_CHARS: usize = 60;

/// `count` with `noun`, plural when needed (`1 character`, `3 properties`).
pub(super) fn count_of(count: u64, noun: &str) -> String {
    match (count, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{count} {stem}ies"),
        (_, None) => format!("{count} {noun}s"),
    }
}

/// Phrases joined as alternatives (`a string or null`, `a, b or c`), the list capped.
pub(super) fn either(phrases: &[String]) -> String {
    let listed = phrases.get(..phrases.len().min(MAX_LISTED)).unwrap_or_default();
    match listed.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Values joined by commas (`"available", "sold"`), eliding the rest after ten.
pub(super) fn listing(quoted: &[String]) -> String {
    let mut listed = quoted
        .get(..quoted.len().min(MAX_LISTED))
        .unwrap_or_default()
        .join(", ");
    if quoted.len() > MAX_LISTED {
        listed.push_str(", …");
    }
    listed
}

/// A value as a message quotes it: scalars as JSON (long strings cut), containers as `[…]` / `{…}`.
pub(super) fn quote(value: &Value) -> String {
    match value {
        Value::String(text) => format!("\"{}\"", shortened(text)),
        Value::Array(_) => "[…]".to_owned(),
        Value::Object(_) => "{…}".to_owned(),
        scalar => scalar.to_string(),
    }
}

/// `text` cut to 60 characters (with `…` when cut).
pub(super) fn shortened(text: &str) -> String {
    let mut cut: String = text.chars().take(MAX_QUOTED_CHARS).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    cut
}

/// A bound as a message shows it (`10`, `0.5`).
pub(super) fn show_number(number: f64) -> String {
    let shown = serde_json::Number::from_f64(number).map(|number| number.to_string());
    let shown = shown.unwrap_or_else(|| number.to_string());
    shown
        .strip_suffix(".0")
        .map_or_else(|| shown.clone(), str::to_owned)
}

//! The string keywords: `minLength`, `maxLength`, `pattern` and `format` (with the checks of the
//! formats that are understood).

use serde_json::Value;

use super::Validator;
use super::messages::{count_of, shortened};

impl Validator<'_> {
    /// Checks `minLength`, `maxLength`, `pattern` and `format` on a string.
    pub(super) fn check_string(&mut self, schema: &Value, text: &str, pointer: &str) {
        let length = u64::try_from(text.chars().count()).unwrap_or(u64::MAX);
        if let Some(shortest) = schema.get("minLength").and_then(Value::as_u64)
            && length < shortest
        {
            self.report(
                pointer,
                format!("must be at least {}", count_of(shortest, "character")),
            );
        }
        if let Some(longest) = schema.get("maxLength").and_then(Value::as_u64)
            && length > longest
        {
            self.report(
                pointer,
                format!("must be at most {}", count_of(longest, "character")),
            );
        }
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str)
            && let Some(regex) = self.compile(pattern)
            && !regex.is_match(text)
        {
            self.report(pointer, format!("must match the pattern {}", shortened(pattern)));
        }
        if let Some(format) = schema.get("format").and_then(Value::as_str)
            && !has_format(text, format)
        {
            self.report(pointer, format!("must be a valid {}", shortened(format)));
        }
    }
}

/// Whether `text` has `format` (only date-time, date, email, uuid, ipv4, ipv6 and uri are checked).
fn has_format(text: &str, format: &str) -> bool {
    match format {
        "date-time" => is_date_time(text),
        "date" => is_date(text),
        "email" => is_email(text),
        "uuid" => is_uuid(text),
        "ipv4" => text.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => text.parse::<std::net::Ipv6Addr>().is_ok(),
        "uri" => is_uri(text),
        _ => true,
    }
}

/// Whether `text` is an RFC 3339 date-time (`2024-01-01T00:00:00Z`, `…T10:30:00.5+02:00`).
fn is_date_time(text: &str) -> bool {
    let separated = matches!(text.as_bytes().get(10), Some(b'T' | b't' | b' '));
    separated && text.get(..10).is_some_and(is_date) && text.get(11..).is_some_and(is_time)
}

/// Whether `text` is an RFC 3339 full-date (`2024-02-29`) naming a real day.
fn is_date(text: &str) -> bool {
    let dashes = text.len() == 10 && text.get(4..5) == Some("-") && text.get(7..8) == Some("-");
    let (Some(year), Some(month), Some(day)) = (digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10))
    else {
        return false;
    };
    dashes && (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day)
}

/// Whether `text` is an RFC 3339 full-time (`23:59:60`, fraction optional, offset required).
fn is_time(text: &str) -> bool {
    let colons = text.get(2..3) == Some(":") && text.get(5..6) == Some(":");
    let (Some(hour), Some(minute), Some(second)) =
        (digits(text, 0, 2), digits(text, 3, 5), digits(text, 6, 8))
    else {
        return false;
    };
    let rest = text.get(8..).unwrap_or_default();
    let offset = match rest.strip_prefix('.') {
        Some(fraction) => fraction.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => rest,
    };
    let fraction_ok = !rest.starts_with('.') || offset.len() + 1 < rest.len();
    colons && hour <= 23 && minute <= 59 && second <= 60 && fraction_ok && is_offset(offset)
}

/// Whether `text` is a time offset: `Z` or `±HH:MM`.
fn is_offset(text: &str) -> bool {
    if text.eq_ignore_ascii_case("z") {
        return true;
    }
    let signed = text.starts_with(['+', '-']) && text.len() == 6 && text.get(3..4) == Some(":");
    signed
        && digits(text, 1, 3).is_some_and(|hours| hours <= 23)
        && digits(text, 4, 6).is_some_and(|m| m <= 59)
}

/// The number written by the ASCII digits `text[start..end]`, if they are all digits.
fn digits(text: &str, start: usize, end: usize) -> Option<u32> {
    let part = text.get(start..end)?;
    if part.bytes().all(|byte| byte.is_ascii_digit()) {
        part.parse().ok()
    } else {
        None
    }
}

/// How many days `month` has in `year` (Gregorian).
fn days_in_month(year: u32, month: u32) -> u32 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether `text` looks like an email address: one `@`, a non-empty local part and a dotted domain.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let labels_ok = domain.contains('.') && domain.split('.').all(|label| !label.is_empty());
    !local.is_empty() && !domain.contains('@') && labels_ok && !text.chars().any(char::is_whitespace)
}

/// Whether `text` is a UUID in its hyphenated form (`3fa85f64-5717-4562-b3fc-2c963f66afa6`).
fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(index, character)| match index {
            8 | 13 | 18 | 23 => character == '-',
            _ => character.is_ascii_hexdigit(),
        })
}

/// Whether `text` looks like an absolute URI: a scheme, `:`, something after it and no spaces.
fn is_uri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut scheme_characters = scheme.chars();
    let scheme_ok = scheme_characters
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic())
        && scheme_characters.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let rest_ok = !rest.is_empty() && !rest.chars().any(|c| c.is_whitespace() || c.is_control());
    scheme_ok && rest_ok
}

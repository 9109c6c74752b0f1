//! Helpers shared by the languages: splitting a value into literal text and placeholders
//! (`$` followed by `[A-Z_]+`), C-style escaping, and form encoding.

/// A piece of a value: literal text, or a placeholder read from the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Literal text.
    Text(String),
    /// The environment variable with this name (the placeholder without its `$`).
    Var(String),
}

/// `value` split into literal text and placeholders.
pub fn pieces(value: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut rest = value;
    while let Some(index) = rest.find('$') {
        text.push_str(&rest[..index]);
        let after = &rest[index + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_uppercase() || c == '_'))
            .unwrap_or(after.len());
        if name_len == 0 {
            text.push('$');
        } else {
            if !text.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
            }
            pieces.push(Piece::Var(after[..name_len].to_owned()));
        }
        rest = &after[name_len..];
    }
    text.push_str(rest);
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    pieces
}

/// `value` as literal text only (no placeholders recognised).
pub fn literal(value: &str) -> Vec<Piece> {
    if value.is_empty() {
        Vec::new()
    } else {
        vec![Piece::Text(value.to_owned())]
    }
}

/// Whether `value` contains a placeholder.
pub fn has_placeholder(value: &str) -> bool {
    pieces(value).iter().any(|piece| matches!(piece, Piece::Var(_)))
}

/// `value`'s characters escaped for a double-quoted C-like string: backslash, the double quote,
/// `\n`, `\r`, `\t`, and other control characters (and, with `ascii_only`, everything beyond
/// ASCII) through `escape_code`.
pub fn escape(value: &str, ascii_only: bool, escape_code: fn(char) -> String) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || (ascii_only && !c.is_ascii()) => out.push_str(&escape_code(c)),
            c => out.push(c),
        }
    }
    out
}

/// A `\uXXXX` escape (UTF-16, surrogate pairs for characters beyond the BMP).
pub fn utf16_escape(c: char) -> String {
    let mut units = [0; 2];
    c.encode_utf16(&mut units)
        .iter()
        .map(|unit| format!("\\u{unit:04x}"))
        .collect()
}

/// Literal text and code expressions joined with ` + ` (Go, Java, C#), adjacent literals merged.
pub fn concat(parts: &[Result<String, String>], quote: impl Fn(&str) -> String) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut text: Option<String> = None;
    for part in parts {
        match part {
            Ok(literal) => text.get_or_insert_with(String::new).push_str(literal),
            Err(code) => {
                if let Some(text) = text.take() {
                    out.push(quote(&text));
                }
                out.push(code.clone());
            }
        }
    }
    if let Some(text) = text {
        out.push(quote(&text));
    }
    if out.is_empty() {
        quote("")
    } else {
        out.join(" + ")
    }
}

/// `pieces` for [`concat`], each placeholder turned into code by `var`.
pub fn parts(pieces: &[Piece], var: impl Fn(&str) -> String) -> Vec<Result<String, String>> {
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => Ok(text.clone()),
            Piece::Var(name) => Err(var(name)),
        })
        .collect()
}

/// `value` percent-encoded for `application/x-www-form-urlencoded`.
pub fn form_encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => (byte as char).to_string(),
            b' ' => "+".into(),
            byte => format!("%{byte:02X}"),
        })
        .collect()
}

//! The curl snippet: literals single-quoted, values with placeholders double-quoted so that the
//! shell expands the variables.

use super::quote::{self, Piece};
use super::{BODY_FILE, Body, MultipartPart, SnippetAuth, SnippetRequest, TOKEN};

/// `pieces` as one shell word: single-quoted if literal, else double-quoted with the
/// placeholders as shell variables (and `!` outside the quotes, against history expansion).
pub fn shell_quote(pieces: &[Piece]) -> String {
    if !pieces.iter().any(|piece| matches!(piece, Piece::Var(_))) {
        let text: String = pieces.iter().map(piece_text).collect();
        return format!("'{}'", text.replace('\'', "'\\''"));
    }
    let mut out = String::from("\"");
    for (index, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Text(text) => {
                for c in text.chars() {
                    match c {
                        '\\' | '"' | '$' | '`' => {
                            out.push('\\');
                            out.push(c);
                        }
                        '!' => out.push_str("\"'!'\""),
                        c => out.push(c),
                    }
                }
            }
            Piece::Var(name) => {
                let next_joins = match pieces.get(index + 1) {
                    Some(Piece::Text(text)) => {
                        text.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                    }
                    _ => false,
                };
                if next_joins {
                    out.push_str(&format!("${{{name}}}"));
                } else {
                    out.push_str(&format!("${name}"));
                }
            }
        }
    }
    out.push('"');
    out
}

/// A piece's text, placeholders written back as `$NAME`.
fn piece_text(piece: &Piece) -> String {
    match piece {
        Piece::Text(text) => text.clone(),
        Piece::Var(name) => format!("${name}"),
    }
}

/// `prefix` (literal) followed by `value` (with placeholders), as one shell word.
fn word(prefix: &str, value: &str) -> String {
    let mut pieces = quote::literal(prefix);
    pieces.extend(quote::pieces(value));
    shell_quote(&pieces)
}

/// A curl command line for `request`.
pub fn code(request: &SnippetRequest) -> String {
    let mut lines = vec![format!(
        "curl -X {} {}",
        request.method(),
        shell_quote(&quote::pieces(&request.url))
    )];
    if let Some((mut user, password)) = request.basic() {
        user.push(Piece::Text(":".into()));
        user.extend(password);
        lines.push(format!("  -u {}", shell_quote(&user)));
    }
    if let SnippetAuth::Bearer = request.auth {
        lines.push(format!(
            "  -H {}",
            word("Authorization: Bearer ", &format!("${TOKEN}"))
        ));
    }
    for (name, value) in &request.headers {
        lines.push(format!("  -H {}", word(&format!("{name}: "), value)));
    }
    let mut note = None;
    match request.body() {
        Body::None => {}
        Body::File(content_type) => {
            lines.push(format!(
                "  -H {}",
                word(&format!("Content-Type: {content_type}"), "")
            ));
            lines.push(format!("  --data-binary @{BODY_FILE}"));
            note = Some(format!(
                "# Save the request body shown above as {BODY_FILE} first.\n"
            ));
        }
        Body::Inline(content_type, text) => {
            lines.push(format!(
                "  -H {}",
                word(&format!("Content-Type: {content_type}"), "")
            ));
            lines.push(format!("  --data-raw {}", word("", text)));
        }
        Body::Form(fields) => {
            for (name, value) in fields {
                let name = quote::form_encode(name);
                lines.push(format!("  --data-urlencode {}", word(&format!("{name}="), value)));
            }
        }
        Body::Multipart(parts) => {
            for part in parts {
                match part {
                    MultipartPart::Text { name, value } => {
                        lines.push(format!("  --form-string {}", word(&format!("{name}="), value)));
                    }
                    MultipartPart::File {
                        name,
                        file_name,
                        content_type,
                    } => {
                        let file = if file_name.contains([';', ',', '"', '\\']) {
                            format!("\"{}\"", file_name.replace('\\', "\\\\").replace('"', "\\\""))
                        } else {
                            file_name.clone()
                        };
                        let kind = content_type.as_ref().map(|kind| format!(";type={kind}"));
                        let field = format!("{name}=@{file}{}", kind.unwrap_or_default());
                        lines.push(format!("  -F {}", shell_quote(&quote::literal(&field))));
                    }
                }
            }
        }
    }
    format!("{}{}", note.unwrap_or_default(), lines.join(" \\\n"))
}

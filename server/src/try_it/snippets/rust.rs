//! The Rust snippet (reqwest, async, inside a function returning a `Result`), placeholders read
//! with `std::env::var`.

use super::quote::{self, Piece};
use super::{BODY_FILE, Body, MultipartPart, SnippetAuth, SnippetRequest, TOKEN};

/// `text` as a Rust string literal: raw if that spares escapes, else escaped.
fn literal(text: &str) -> String {
    if text.contains(['"', '\\']) && !text.contains(char::is_control) {
        let mut hashes = String::from("#");
        while text.contains(&format!("\"{hashes}")) {
            hashes.push('#');
        }
        format!("r{hashes}\"{text}\"{hashes}")
    } else {
        let escaped = quote::escape(text, false, |c| format!("\\u{{{:x}}}", u32::from(c)));
        format!("\"{escaped}\"")
    }
}

/// An environment variable's value.
fn var(name: &str) -> String {
    format!("std::env::var(\"{name}\")?")
}

/// `pieces` as a Rust expression (`&'static str` if literal, else `String`).
pub fn string(pieces: &[Piece]) -> String {
    match pieces {
        [] => "\"\"".into(),
        [Piece::Var(name)] => var(name),
        _ if pieces.iter().all(|piece| matches!(piece, Piece::Text(_))) => {
            let text: String = pieces.iter().map(text_of).collect();
            literal(&text)
        }
        _ => {
            let mut arguments: Vec<String> = Vec::new();
            let mut template = String::new();
            for piece in pieces {
                match piece {
                    Piece::Text(text) => template.push_str(&text.replace('{', "{{").replace('}', "}}")),
                    Piece::Var(name) => {
                        let argument = name.to_lowercase();
                        template.push_str(&format!("{{{argument}}}"));
                        let argument = format!("{argument} = {}", var(name));
                        if !arguments.contains(&argument) {
                            arguments.push(argument);
                        }
                    }
                }
            }
            format!("format!({}, {})", literal(&template), arguments.join(", "))
        }
    }
}

/// A literal piece's text.
fn text_of(piece: &Piece) -> String {
    match piece {
        Piece::Text(text) => text.clone(),
        Piece::Var(_) => String::new(),
    }
}

/// `value` (with placeholders) as a Rust expression.
fn value(value: &str) -> String {
    string(&quote::pieces(value))
}

/// A Rust statement sequence for `request`.
pub fn code(request: &SnippetRequest) -> String {
    let method = request.method();
    let url = value(&request.url);
    let start = match method.as_str() {
        "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" => format!(".{}({url})", method.to_lowercase()),
        _ => format!(
            ".request(reqwest::Method::from_bytes(b{})?, {url})",
            literal(&method)
        ),
    };
    let mut lines = vec![format!("let response = reqwest::Client::new()\n    {start}")];
    if let Some((user, password)) = request.basic() {
        lines.push(format!(
            "    .basic_auth({}, Some({}))",
            string(&user),
            string(&password)
        ));
    }
    if let SnippetAuth::Bearer = request.auth {
        lines.push(format!("    .bearer_auth({})", var(TOKEN)));
    }
    for (name, content) in &request.headers {
        lines.push(format!("    .header({}, {})", literal(name), value(content)));
    }
    match request.body() {
        Body::None => {}
        Body::File(content_type) => {
            lines.push(format!(
                "    .header(\"Content-Type\", {})",
                literal(content_type)
            ));
            lines.push(format!(
                "    // The request body shown above, saved as {BODY_FILE}."
            ));
            lines.push(format!("    .body(std::fs::read(\"{BODY_FILE}\")?)"));
        }
        Body::Inline(content_type, text) => {
            lines.push(format!(
                "    .header(\"Content-Type\", {})",
                literal(content_type)
            ));
            lines.push(format!("    .body({})", value(text)));
        }
        Body::Form(fields) => {
            let owned = fields.iter().any(|(_, content)| quote::has_placeholder(content));
            let fields: Vec<String> = fields
                .iter()
                .map(|(name, content)| {
                    let content = value(content);
                    let content = if owned && content.starts_with(['"', 'r']) {
                        format!("{content}.to_owned()")
                    } else {
                        content
                    };
                    format!("({}, {content})", literal(name))
                })
                .collect();
            lines.push(format!("    .form(&[{}])", fields.join(", ")));
        }
        Body::Multipart(parts) => {
            let mut form = vec!["reqwest::multipart::Form::new()".to_owned()];
            for part in parts {
                match part {
                    MultipartPart::Text { name, value: content } => {
                        form.push(format!(".text({}, {})", literal(name), value(content)));
                    }
                    MultipartPart::File {
                        name,
                        file_name,
                        content_type,
                    } => {
                        let file = literal(file_name);
                        let kind = content_type
                            .as_ref()
                            .map(|kind| format!(".mime_str({})?", literal(kind)));
                        form.push(format!(
                            ".part({}, reqwest::multipart::Part::bytes(std::fs::read({file})?).file_name({file}){})",
                            literal(name),
                            kind.unwrap_or_default()
                        ));
                    }
                }
            }
            lines.push(format!(
                "    .multipart(\n        {},\n    )",
                form.join("\n            ")
            ));
        }
    }
    lines.push("    .send()\n    .await?;".into());
    format!(
        "{}\nprintln!(\"{{}} {{}}\", response.status(), response.text().await?);",
        lines.join("\n")
    )
}

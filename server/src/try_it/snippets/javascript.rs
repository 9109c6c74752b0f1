//! The JavaScript snippet (Node.js 18+ `fetch`), placeholders read from `process.env`.

use super::quote::{self, Piece};
use super::{BODY_FILE, Body, MultipartPart, SnippetAuth, SnippetRequest, TOKEN};

/// `pieces` as a JavaScript string expression (a template literal if it mixes text and
/// placeholders).
pub fn string(pieces: &[Piece]) -> String {
    match pieces {
        [] => "\"\"".into(),
        [Piece::Var(name)] => format!("process.env.{name}"),
        _ if pieces.iter().all(|piece| matches!(piece, Piece::Text(_))) => {
            let text: String = pieces
                .iter()
                .map(|piece| match piece {
                    Piece::Text(text) => quote::escape(text, false, quote::utf16_escape),
                    Piece::Var(_) => String::new(),
                })
                .collect();
            format!("\"{text}\"")
        }
        _ => {
            let text: String = pieces
                .iter()
                .map(|piece| match piece {
                    Piece::Text(text) => quote::escape(text, false, quote::utf16_escape)
                        .replace('`', "\\`")
                        .replace('$', "\\$"),
                    Piece::Var(name) => format!("${{process.env.{name}}}"),
                })
                .collect();
            format!("`{text}`")
        }
    }
}

/// `value` (with placeholders) as a JavaScript string expression.
fn value(value: &str) -> String {
    string(&quote::pieces(value))
}

/// `name` (literal) as a JavaScript string.
fn name(name: &str) -> String {
    string(&quote::literal(name))
}

/// `name` as an object key (bare if it is an identifier).
fn key(name: &str) -> String {
    let identifier = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if identifier {
        name.to_owned()
    } else {
        self::name(name)
    }
}

/// A JavaScript module for `request`.
pub fn code(request: &SnippetRequest) -> String {
    let mut headers = Vec::new();
    if let Some((mut user, password)) = request.basic() {
        user.push(Piece::Text(":".into()));
        user.extend(password);
        headers.push(format!(
            "Authorization: \"Basic \" + Buffer.from({}).toString(\"base64\")",
            string(&user)
        ));
    }
    if let SnippetAuth::Bearer = request.auth {
        headers.push(format!("Authorization: {}", value(&format!("Bearer ${TOKEN}"))));
    }
    for (header, content) in &request.headers {
        headers.push(format!("{}: {}", key(header), value(content)));
    }
    let mut prelude = Vec::new();
    let body = match request.body() {
        Body::None => None,
        Body::File(content_type) => {
            prelude.push("import { readFileSync } from \"node:fs\";".to_owned());
            headers.push(format!("\"Content-Type\": {}", name(content_type)));
            Some(format!(
                "// The request body shown above, saved as {BODY_FILE}.\n  body: readFileSync(\"{BODY_FILE}\"),"
            ))
        }
        Body::Inline(content_type, text) => {
            headers.push(format!("\"Content-Type\": {}", name(content_type)));
            Some(format!("body: {},", value(text)))
        }
        Body::Form(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|(field, content)| format!("[{}, {}]", name(field), value(content)))
                .collect();
            Some(format!("body: new URLSearchParams([{}]),", fields.join(", ")))
        }
        Body::Multipart(parts) => {
            let mut form = vec!["const form = new FormData();".to_owned()];
            for part in parts {
                match part {
                    MultipartPart::Text {
                        name: field,
                        value: content,
                    } => {
                        form.push(format!("form.append({}, {});", name(field), value(content)));
                    }
                    MultipartPart::File {
                        name: field,
                        file_name,
                        content_type,
                    } => {
                        let kind = content_type
                            .as_ref()
                            .map(|kind| format!(", {{ type: {} }}", name(kind)));
                        let file = name(file_name);
                        let blob = format!("new Blob([readFileSync({file})]{})", kind.unwrap_or_default());
                        form.push(format!("form.append({}, {blob}, {file});", name(field)));
                    }
                }
            }
            if parts
                .iter()
                .any(|part| matches!(part, MultipartPart::File { .. }))
            {
                prelude.push("import { readFileSync } from \"node:fs\";".to_owned());
            }
            prelude.push(String::new());
            prelude.extend(form);
            Some("body: form,".to_owned())
        }
    };
    let mut options = vec![format!("  method: {},", name(&request.method()))];
    if !headers.is_empty() {
        let headers: Vec<String> = headers.iter().map(|header| format!("    {header},")).collect();
        options.push(format!("  headers: {{\n{}\n  }},", headers.join("\n")));
    }
    if let Some(body) = body {
        options.push(format!("  {body}"));
    }
    let mut lines = vec!["// Node.js 18+ (server-side: keep secrets out of browsers).".to_owned()];
    lines.extend(prelude);
    if lines.len() > 1 {
        lines.push(String::new());
    }
    lines.push(format!(
        "const response = await fetch({}, {{\n{}\n}});",
        value(&request.url),
        options.join("\n")
    ));
    lines.push("console.log(response.status, await response.text());".into());
    lines.join("\n")
}

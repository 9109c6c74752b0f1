//! The Python snippet (requests), placeholders read with `os.environ[...]`.

use super::quote::{self, Piece};
use super::{BODY_FILE, Body, MultipartPart, SnippetAuth, SnippetRequest, TOKEN};

/// A character's Python escape.
fn escape_code(c: char) -> String {
    match u32::from(c) {
        code @ 0..=0xff => format!("\\x{code:02x}"),
        code @ 0x100..=0xffff => format!("\\u{code:04x}"),
        code => format!("\\U{code:08x}"),
    }
}

/// `pieces` as a Python string expression (an f-string if it mixes text and placeholders).
pub fn string(pieces: &[Piece]) -> String {
    match pieces {
        [] => "\"\"".into(),
        [Piece::Var(name)] => format!("os.environ[\"{name}\"]"),
        _ if pieces.iter().all(|piece| matches!(piece, Piece::Text(_))) => {
            let text: String = pieces
                .iter()
                .map(|piece| match piece {
                    Piece::Text(text) => quote::escape(text, false, escape_code),
                    Piece::Var(_) => String::new(),
                })
                .collect();
            format!("\"{text}\"")
        }
        _ => {
            let text: String = pieces
                .iter()
                .map(|piece| match piece {
                    Piece::Text(text) => quote::escape(text, false, escape_code)
                        .replace('{', "{{")
                        .replace('}', "}}"),
                    Piece::Var(name) => format!("{{os.environ['{name}']}}"),
                })
                .collect();
            format!("f\"{text}\"")
        }
    }
}

/// `value` (with placeholders) as a Python string expression.
fn value(value: &str) -> String {
    string(&quote::pieces(value))
}

/// `name` (literal) as a Python string.
fn name(name: &str) -> String {
    string(&quote::literal(name))
}

/// A Python script for `request`.
pub fn code(request: &SnippetRequest) -> String {
    let mut arguments = vec![format!("    {},", value(&request.url))];
    if let Some((user, password)) = request.basic() {
        arguments.push(format!("    auth=({}, {}),", string(&user), string(&password)));
    }
    let mut headers = Vec::new();
    if let SnippetAuth::Bearer = request.auth {
        headers.push(format!(
            "\"Authorization\": {}",
            value(&format!("Bearer ${TOKEN}"))
        ));
    }
    for (header, content) in &request.headers {
        headers.push(format!("{}: {}", name(header), value(content)));
    }
    let mut body = Vec::new();
    match request.body() {
        Body::None => {}
        Body::File(content_type) => {
            headers.push(format!("\"Content-Type\": {}", name(content_type)));
            body.push(format!(
                "    data=open(\"{BODY_FILE}\", \"rb\"),  # the request body shown above"
            ));
        }
        Body::Inline(content_type, text) => {
            headers.push(format!("\"Content-Type\": {}", name(content_type)));
            body.push(format!("    data={}.encode(),", value(text)));
        }
        Body::Form(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|(field, content)| format!("{}: {}", name(field), value(content)))
                .collect();
            body.push(format!("    data={{{}}},", fields.join(", ")));
        }
        Body::Multipart(parts) => {
            let (mut fields, mut files) = (Vec::new(), Vec::new());
            for part in parts {
                match part {
                    MultipartPart::Text {
                        name: field,
                        value: content,
                    } => {
                        fields.push(format!("{}: {}", name(field), value(content)));
                    }
                    MultipartPart::File {
                        name: field,
                        file_name,
                        content_type,
                    } => {
                        let kind = content_type.as_ref().map(|kind| format!(", {}", name(kind)));
                        let file = name(file_name);
                        let open = format!("open({file}, \"rb\")");
                        let tuple = format!("({file}, {open}{})", kind.unwrap_or_default());
                        files.push(format!("{}: {tuple}", name(field)));
                    }
                }
            }
            if !fields.is_empty() {
                body.push(format!("    data={{{}}},", fields.join(", ")));
            }
            if !files.is_empty() {
                body.push(format!("    files={{{}}},", files.join(", ")));
            }
        }
    }
    if !headers.is_empty() {
        arguments.push(format!("    headers={{{}}},", headers.join(", ")));
    }
    arguments.extend(body);
    arguments.push("    timeout=10,".into());
    let method = request.method();
    let call = match method.as_str() {
        "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS" => {
            format!("requests.{}(", method.to_lowercase())
        }
        _ => format!("requests.request(\n    {},", name(&method)),
    };
    let arguments = arguments.join("\n");
    let imports = if arguments.contains("os.environ") {
        "import os\n\nimport requests"
    } else {
        "import requests"
    };
    format!("{imports}\n\nresponse = {call}\n{arguments}\n)\nprint(response.status_code, response.text)")
}

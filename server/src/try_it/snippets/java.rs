//! The Java snippet: a complete program with `java.net.http.HttpClient` (Java 16+), placeholders
//! read with `System.getenv`.

use std::collections::BTreeSet;

use super::quote::{self, Piece};
use super::{BODY_FILE, Body, MultipartPart, SnippetAuth, SnippetRequest, TOKEN};

/// The boundary of multipart bodies.
const BOUNDARY: &str = "PortalSnippetBoundary7MA4YWxkTrZu0gW";

/// `text` as a Java string literal (non-ASCII escaped, so any source encoding works).
fn literal(text: &str) -> String {
    format!("\"{}\"", quote::escape(text, true, quote::utf16_escape))
}

/// A Java string expression from literal text (`Ok`) and code (`Err`).
fn concat(parts: &[Result<String, String>]) -> String {
    quote::concat(parts, literal)
}

/// An environment variable's value.
fn var(name: &str) -> String {
    format!("System.getenv(\"{name}\")")
}

/// `value` (with placeholders) as Java string parts.
fn parts(value: &str) -> Vec<Result<String, String>> {
    quote::parts(&quote::pieces(value), var)
}

/// A multipart header's quoted-string value (quotes and line breaks percent-encoded).
fn disposition(name: &str) -> String {
    name.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

/// A `BodyPublishers` call.
fn publisher(call: &str) -> String {
    format!("HttpRequest.BodyPublishers.{call}")
}

/// A Java program for `request`.
pub fn code(request: &SnippetRequest) -> String {
    let mut imports: BTreeSet<&str> = [
        "java.net.URI",
        "java.net.http.HttpClient",
        "java.net.http.HttpRequest",
        "java.net.http.HttpResponse",
    ]
    .into();
    let mut headers = Vec::new();
    if let Some((mut user, password)) = request.basic() {
        imports.extend(["java.nio.charset.StandardCharsets", "java.util.Base64"]);
        user.push(Piece::Text(":".into()));
        user.extend(password);
        let credentials = concat(&quote::parts(&user, var));
        headers.push((
            "Authorization".to_owned(),
            format!(
                "\"Basic \" + Base64.getEncoder().encodeToString(({credentials}).getBytes(StandardCharsets.UTF_8))"
            ),
        ));
    }
    if let SnippetAuth::Bearer = request.auth {
        headers.push((
            "Authorization".into(),
            concat(&parts(&format!("Bearer ${TOKEN}"))),
        ));
    }
    for (name, value) in &request.headers {
        headers.push((name.clone(), concat(&parts(value))));
    }
    let mut content_type = None;
    let mut note = String::new();
    let body = match request.body() {
        Body::None => None,
        Body::File(kind) => {
            imports.insert("java.nio.file.Path");
            content_type = Some(literal(kind));
            note = format!("// The request body shown above, saved as {BODY_FILE}.\n        ");
            Some(publisher(&format!("ofFile(Path.of(\"{BODY_FILE}\"))")))
        }
        Body::Inline(kind, text) => {
            content_type = Some(literal(kind));
            Some(publisher(&format!("ofString({})", concat(&parts(text)))))
        }
        Body::Form(fields) => {
            content_type = Some(literal("application/x-www-form-urlencoded"));
            let mut form = Vec::new();
            for (index, (name, value)) in fields.iter().enumerate() {
                let separator = if index == 0 { "" } else { "&" };
                form.push(Ok(format!("{separator}{}=", quote::form_encode(name))));
                if quote::has_placeholder(value) {
                    imports.extend(["java.net.URLEncoder", "java.nio.charset.StandardCharsets"]);
                    let value = concat(&parts(value));
                    form.push(Err(format!("URLEncoder.encode({value}, StandardCharsets.UTF_8)")));
                } else {
                    form.push(Ok(quote::form_encode(value)));
                }
            }
            Some(publisher(&format!("ofString({})", concat(&form))))
        }
        Body::Multipart(parts_of_body) => {
            content_type = Some(literal(&format!("multipart/form-data; boundary={BOUNDARY}")));
            let mut publishers = Vec::new();
            let mut pending: Vec<Result<String, String>> = Vec::new();
            for part in parts_of_body {
                match part {
                    MultipartPart::Text { name, value } => {
                        let name = disposition(name);
                        pending.push(Ok(format!(
                            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                        )));
                        pending.extend(parts(value));
                        pending.push(Ok("\r\n".into()));
                    }
                    MultipartPart::File {
                        name,
                        file_name,
                        content_type,
                    } => {
                        imports.insert("java.nio.file.Path");
                        let (name, file) = (disposition(name), disposition(file_name));
                        let kind = content_type.as_deref().unwrap_or("application/octet-stream");
                        pending.push(Ok(format!(
                            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: {kind}\r\n\r\n"
                        )));
                        publishers.push(publisher(&format!("ofString({})", concat(&pending))));
                        pending.clear();
                        publishers.push(publisher(&format!("ofFile(Path.of({}))", literal(file_name))));
                        pending.push(Ok("\r\n".into()));
                    }
                }
            }
            pending.push(Ok(format!("--{BOUNDARY}--\r\n")));
            publishers.push(publisher(&format!("ofString({})", concat(&pending))));
            Some(publisher(&format!(
                "concat(\n                        {})",
                publishers.join(",\n                        ")
            )))
        }
    };
    let mut lines = vec![format!(
        "HttpRequest request = HttpRequest.newBuilder(URI.create({}))",
        concat(&parts(&request.url))
    )];
    for (name, value) in headers {
        lines.push(format!("        .header({}, {value})", literal(&name)));
    }
    if let Some(content_type) = content_type {
        lines.push(format!("        .header(\"Content-Type\", {content_type})"));
    }
    let method = request.method();
    lines.push(match (method.as_str(), body) {
        ("GET", None) => "        .GET()".into(),
        ("DELETE", None) => "        .DELETE()".into(),
        ("POST", Some(body)) => format!("        .POST({body})"),
        ("PUT", Some(body)) => format!("        .PUT({body})"),
        (method, body) => format!(
            "        .method({}, {})",
            literal(method),
            body.unwrap_or_else(|| publisher("noBody()"))
        ),
    });
    lines.push("        .build();".into());
    let imports: Vec<String> = imports.iter().map(|import| format!("import {import};")).collect();
    format!(
        "{}\n\npublic class Main {{\n    public static void main(String[] args) throws Exception {{\n        {note}{}\n        HttpResponse<String> response = HttpClient.newHttpClient()\n                .send(request, HttpResponse.BodyHandlers.ofString());\n        System.out.println(response.statusCode() + \" \" + response.body());\n    }}\n}}",
        imports.join("\n"),
        lines.join("\n        ")
    )
}

//! The C# snippet: a complete program (top-level statements) with `HttpClient`, placeholders
//! read with `Environment.GetEnvironmentVariable`.

use std::collections::BTreeSet;

use super::quote::{self, Piece};
use super::{BODY_FILE, Body, MultipartPart, SnippetAuth, SnippetRequest, TOKEN};

/// `text` as a C# string literal.
fn literal(text: &str) -> String {
    format!("\"{}\"", quote::escape(text, false, quote::utf16_escape))
}

/// An environment variable's value.
fn var(name: &str) -> String {
    format!("Environment.GetEnvironmentVariable(\"{name}\")")
}

/// `pieces` as a C# string expression.
fn string(pieces: &[Piece]) -> String {
    quote::concat(&quote::parts(pieces, var), literal)
}

/// `value` (with placeholders) as a C# string expression.
fn value(value: &str) -> String {
    string(&quote::pieces(value))
}

/// A media type header value.
fn media_type(kind: &str) -> String {
    format!("MediaTypeHeaderValue.Parse({})", literal(kind))
}

/// A C# program for `request`.
pub fn code(request: &SnippetRequest) -> String {
    let mut usings: BTreeSet<&str> = ["System", "System.Net.Http"].into();
    let method = request.method();
    let method = match method.as_str() {
        "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS" => {
            let mut name = method.to_lowercase();
            name[..1].make_ascii_uppercase();
            format!("HttpMethod.{name}")
        }
        _ => format!("new HttpMethod({})", literal(&method)),
    };
    let mut lines = vec![
        "using var client = new HttpClient();".to_owned(),
        format!(
            "using var request = new HttpRequestMessage({method}, {});",
            value(&request.url)
        ),
    ];
    if let Some((mut user, password)) = request.basic() {
        usings.extend(["System.Net.Http.Headers", "System.Text"]);
        user.push(Piece::Text(":".into()));
        user.extend(password);
        lines.push(format!(
            "request.Headers.Authorization = new AuthenticationHeaderValue(\n    \"Basic\", Convert.ToBase64String(Encoding.UTF8.GetBytes({})));",
            string(&user)
        ));
    }
    if let SnippetAuth::Bearer = request.auth {
        usings.insert("System.Net.Http.Headers");
        lines.push(format!(
            "request.Headers.Authorization = new AuthenticationHeaderValue(\"Bearer\", {});",
            var(TOKEN)
        ));
    }
    for (name, content) in &request.headers {
        lines.push(format!(
            "request.Headers.TryAddWithoutValidation({}, {});",
            literal(name),
            value(content)
        ));
    }
    match request.body() {
        Body::None => {}
        Body::File(kind) => {
            usings.extend(["System.IO", "System.Net.Http.Headers"]);
            lines.push(format!("// The request body shown above, saved as {BODY_FILE}."));
            lines.push(format!(
                "request.Content = new StreamContent(File.OpenRead(\"{BODY_FILE}\"));"
            ));
            lines.push(format!(
                "request.Content.Headers.ContentType = {};",
                media_type(kind)
            ));
        }
        Body::Inline(kind, text) => {
            usings.insert("System.Net.Http.Headers");
            lines.push(format!("request.Content = new StringContent({});", value(text)));
            lines.push(format!(
                "request.Content.Headers.ContentType = {};",
                media_type(kind)
            ));
        }
        Body::Form(fields) => {
            usings.insert("System.Collections.Generic");
            let fields: Vec<String> = fields
                .iter()
                .map(|(name, content)| {
                    format!("    KeyValuePair.Create({}, {}),", literal(name), value(content))
                })
                .collect();
            lines.push(format!(
                "request.Content = new FormUrlEncodedContent(new[]\n{{\n{}\n}});",
                fields.join("\n")
            ));
        }
        Body::Multipart(parts) => {
            lines.push("var form = new MultipartFormDataContent();".into());
            for part in parts {
                match part {
                    MultipartPart::Text { name, value: content } => {
                        lines.push(format!(
                            "form.Add(new StringContent({}), {});",
                            value(content),
                            literal(name)
                        ));
                    }
                    MultipartPart::File {
                        name,
                        file_name,
                        content_type,
                    } => {
                        usings.insert("System.IO");
                        let file = literal(file_name);
                        let content = format!("new StreamContent(File.OpenRead({file}))");
                        let content = match content_type {
                            Some(kind) => {
                                usings.insert("System.Net.Http.Headers");
                                format!(
                                    "{content}\n{{\n    Headers = {{ ContentType = {} }},\n}}",
                                    media_type(kind)
                                )
                            }
                            None => content,
                        };
                        lines.push(format!("form.Add({content}, {}, {file});", literal(name)));
                    }
                }
            }
            lines.push("request.Content = form;".into());
        }
    }
    lines.push("using var response = await client.SendAsync(request);".into());
    lines.push(
        "Console.WriteLine($\"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\");"
            .into(),
    );
    let usings: Vec<String> = usings.iter().map(|using| format!("using {using};")).collect();
    format!("{}\n\n{}", usings.join("\n"), lines.join("\n"))
}

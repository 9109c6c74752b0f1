//! Code that makes the same request outside the portal — curl, Python (requests), JavaScript
//! (fetch, server-side), Rust (reqwest), Go (net/http), Java (java.net.http) and C# (HttpClient) —
//! always with the environment's real URL, and secrets as placeholders (`$` followed by
//! `[A-Z_]+`, such as `$MN_CLIENT_SECRET`) read from the environment.

mod csharp;
mod curl;
mod go;
mod java;
mod javascript;
mod python;
mod quote;
mod rust;
#[cfg(test)]
mod tests;

use app::ssr::console::Snippet;

/// The request to write code for (real URL; secrets only as placeholders).
pub struct SnippetRequest {
    /// Any method (`GET`, `PUT`, `DELETE` …).
    pub method: String,
    /// The real URL, query included.
    pub url: String,
    /// Headers other than authentication and Content-Type, as sent (values may contain
    /// placeholders such as `$API_KEY`).
    pub headers: Vec<(String, String)>,
    /// How it authenticates.
    pub auth: SnippetAuth,
    /// What it sends.
    pub body: SnippetBody,
}

/// How a snippet's request authenticates.
#[allow(dead_code, reason = "the Try It page does not use every kind yet")]
pub enum SnippetAuth {
    /// HTTP Basic with this user (client id) and `$MN_CLIENT_SECRET` as the password.
    Basic(String),
    /// HTTP Basic with `$BASIC_USER` / `$BASIC_PASSWORD` placeholders.
    BasicPlaceholder,
    /// `Authorization: Bearer $ACCESS_TOKEN`.
    Bearer,
    /// None (credentials, if any, are in headers or the query as placeholders).
    None,
}

/// A snippet's request body.
#[allow(dead_code, reason = "the Try It page does not use every kind yet")]
pub enum SnippetBody {
    /// No body.
    None,
    /// JSON text (pretty or compact, sent as-is; `$MN_CLIENT_SECRET` may appear).
    Json(String),
    /// Other text with its media type (XML, plain text…).
    Text {
        /// The media type, sent as `Content-Type`.
        content_type: String,
        /// The text, sent as-is.
        text: String,
    },
    /// `application/x-www-form-urlencoded` fields (values may contain `$MN_CLIENT_SECRET`).
    Form(Vec<(String, String)>),
    /// `multipart/form-data`: text fields and files (the file read from its name in the working
    /// directory).
    Multipart(Vec<MultipartPart>),
}

/// One part of a `multipart/form-data` body.
#[allow(dead_code, reason = "the Try It page does not send multipart bodies yet")]
pub enum MultipartPart {
    /// A text field (the value may contain placeholders).
    Text {
        /// The field name.
        name: String,
        /// The value.
        value: String,
    },
    /// A file, read from `file_name` in the working directory.
    File {
        /// The field name.
        name: String,
        /// The file's name (both on disk and as sent).
        file_name: String,
        /// Its media type, if one is sent.
        content_type: Option<String>,
    },
}

/// The secret's placeholder.
const SECRET: &str = "MN_CLIENT_SECRET";
/// The access token's placeholder.
const TOKEN: &str = "ACCESS_TOKEN";

/// A JSON or text body longer than this is read from [`BODY_FILE`] in the snippets instead of
/// being written into them (so a large request keeps its snippets small and runnable).
pub const INLINE_BODY_BYTES: usize = 4 * 1024;
/// The file the snippets of a large request read its body from.
pub const BODY_FILE: &str = "request-body.json";

/// What a language writes for the body.
enum Body<'a> {
    /// No body.
    None,
    /// Text read from [`BODY_FILE`], sent with this media type.
    File(&'a str),
    /// Text written into the snippet (media type, text).
    Inline(&'a str, &'a str),
    /// Form fields.
    Form(&'a [(String, String)]),
    /// Multipart parts.
    Multipart(&'a [MultipartPart]),
}

impl SnippetRequest {
    /// The body, as the languages write it.
    fn body(&self) -> Body<'_> {
        let (content_type, text) = match &self.body {
            SnippetBody::None => return Body::None,
            SnippetBody::Form(fields) => return Body::Form(fields),
            SnippetBody::Multipart(parts) => return Body::Multipart(parts),
            SnippetBody::Json(json) => ("application/json", json.as_str()),
            SnippetBody::Text { content_type, text } => (content_type.as_str(), text.as_str()),
        };
        if text.len() > INLINE_BODY_BYTES && !quote::has_placeholder(text) {
            Body::File(content_type)
        } else {
            Body::Inline(content_type, text)
        }
    }

    /// The user and password of HTTP Basic authentication, if used.
    fn basic(&self) -> Option<(Vec<quote::Piece>, Vec<quote::Piece>)> {
        let var = |name: &str| vec![quote::Piece::Var(name.into())];
        match &self.auth {
            SnippetAuth::Basic(user) => Some((quote::literal(user), var(SECRET))),
            SnippetAuth::BasicPlaceholder => Some((var("BASIC_USER"), var("BASIC_PASSWORD"))),
            SnippetAuth::Bearer | SnippetAuth::None => None,
        }
    }

    /// The method in upper case.
    fn method(&self) -> String {
        self.method.to_uppercase()
    }
}

/// A language's code writer.
type Writer = fn(&SnippetRequest) -> String;

/// Every language's snippet: curl, Python, JavaScript, Rust, Go, Java, C# (in that order;
/// `language` labels exactly these).
pub fn all(request: &SnippetRequest) -> Vec<Snippet> {
    let languages: [(&str, Writer); 7] = [
        ("curl", curl::code),
        ("Python", python::code),
        ("JavaScript", javascript::code),
        ("Rust", rust::code),
        ("Go", go::code),
        ("Java", java::code),
        ("C#", csharp::code),
    ];
    languages
        .into_iter()
        .map(|(language, code)| Snippet {
            language: language.into(),
            code: code(request),
        })
        .collect()
}

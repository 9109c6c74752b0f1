//! A Try It request built from what a person submitted on an operation's form: each parameter
//! typed by its schema and checked, serialised by its `style` and `explode` (path segments,
//! query, headers, cookies), and the request body encoded for the chosen media type (JSON,
//! text, URL-encoded form, multipart). Values are untrusted: a path value stays one segment,
//! headers the portal controls cannot be set, header values cannot break lines, and the work
//! done is bounded. Schema mismatches stop the request unless the person chose to send anyway;
//! structural problems always do.

mod body;
mod form;
mod headers;
mod multipart;
mod parameters;
mod path;
mod query;
#[cfg(test)]
mod tests;

pub use headers::{header_allowed, header_value_allowed};
pub use query::append_query;

use crate::catalogue::{ApiDocument, Operation};

/// How many values one parameter or body field keeps at most.
const MAX_VALUES: usize = 200;
/// How many parameters, body fields and files are read at most.
const MAX_FIELDS: usize = 200;

/// The field name of the request media type choice.
pub const MEDIA_TYPE_FIELD: &str = "media_type";
/// The field name of the request body text (and of problems with the body as a whole).
pub const BODY_FIELD: &str = "body";
/// The field name of problems with the request URL as a whole.
pub const URL_FIELD: &str = "url";

/// What a person submitted for one operation, read from the Try It form.
#[derive(Debug, Clone, Default)]
pub struct Submitted {
    /// Parameter values: (location `path`/`query`/`header`/`cookie`, name, values). Arrays arrive as several
    /// values (repeatable inputs); everything else as one. Empty strings mean "not given".
    pub parameters: Vec<(String, String, Vec<String>)>,
    /// The chosen request media type, if the operation has a request body.
    pub media_type: Option<String>,
    /// The body text, for JSON and other text media types.
    pub body_text: Option<String>,
    /// Body fields for `application/x-www-form-urlencoded` and `multipart/form-data`: (property name, values).
    pub fields: Vec<(String, Vec<String>)>,
    /// Files for `multipart/form-data` (binary properties).
    pub files: Vec<UploadedFile>,
    /// Send even if values do not match the schema (to see the API's own error answers).
    pub send_anyway: bool,
}

/// A file chosen for a binary property of a multipart body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UploadedFile {
    /// The body property it is for.
    pub property: String,
    /// Its name on the person's machine, if the browser sent one.
    pub file_name: Option<String>,
    /// Its media type, if the browser sent one.
    pub content_type: Option<String>,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// A request ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    /// The HTTP method.
    pub method: http::Method,
    /// Base + path + query.
    pub url: String,
    /// From header and cookie parameters and the body's Content-Type (lowercase names).
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<BuiltBody>,
    /// Schema mismatches that did not stop the request because `send_anyway` was set (so the page can say so).
    pub overridden: Vec<FieldProblem>,
}

/// An encoded request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltBody {
    /// Its Content-Type header value.
    pub content_type: String,
    /// The bytes to send.
    pub bytes: Vec<u8>,
    /// What the page shows (text; files as `<file name, N bytes>`).
    pub shown: String,
}

/// A value that is wrong, for the form field it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The form field (`param.query.limit`, `body`, `field.name`, `media_type`, `url`).
    pub field: String,
    /// A JSON pointer into the field's value (`""` for the value itself).
    pub pointer: String,
    /// What is wrong, in plain English.
    pub message: String,
}

/// The form field of a parameter: `param.{in}.{name}`.
pub fn parameter_field(location: &str, name: &str) -> String {
    format!("param.{location}.{name}")
}

/// The form field of a URL-encoded or multipart body property: `field.{name}`.
pub fn body_field(property: &str) -> String {
    format!("field.{property}")
}

/// The problems found while building, by whether `send_anyway` may override them.
#[derive(Debug, Default)]
struct Problems {
    /// Problems that always stop the request.
    structural: Vec<FieldProblem>,
    /// Schema mismatches, which `send_anyway` lets through.
    schema: Vec<FieldProblem>,
}

impl Problems {
    /// Records a problem that always stops the request.
    fn structural(&mut self, field: &str, pointer: &str, message: &str) {
        self.structural.push(problem(field, pointer, message));
    }

    /// Records a schema mismatch.
    fn schema(&mut self, field: &str, pointer: &str, message: &str) {
        self.schema.push(problem(field, pointer, message));
    }
}

fn problem(field: &str, pointer: &str, message: &str) -> FieldProblem {
    FieldProblem {
        field: field.to_owned(),
        pointer: pointer.to_owned(),
        message: message.to_owned(),
    }
}

/// Builds the request for `operation` against `base_url` from what was `submitted`, or says
/// which fields are wrong.
pub fn build(
    document: &ApiDocument,
    operation: &Operation,
    base_url: &str,
    submitted: &Submitted,
) -> Result<Built, Vec<FieldProblem>> {
    let mut problems = Problems::default();
    let method = http::Method::from_bytes(operation.method.as_bytes()).ok();
    if method.is_none() {
        problems.structural(URL_FIELD, "", "the request method is not valid");
    }
    let values = parameters::read(document, operation, submitted, &mut problems);
    let path = path::render(&operation.path, &values, &mut problems);
    let query = query::render(&values);
    let mut headers = headers::render(&values, &mut problems);
    let body = body::render(document, operation, submitted, &mut problems);
    let url = path.and_then(|path| path::url(base_url, &path, &query, &mut problems));
    if let Some(body) = &body {
        headers.push(("content-type".to_owned(), body.content_type.clone()));
    }
    let Problems { structural, schema } = problems;
    match (method, url) {
        (Some(method), Some(url))
            if structural.is_empty() && (schema.is_empty() || submitted.send_anyway) =>
        {
            Ok(Built {
                method,
                url,
                headers,
                body,
                overridden: schema,
            })
        }
        _ => Err(structural.into_iter().chain(schema).collect()),
    }
}

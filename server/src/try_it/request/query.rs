//! The query string: each query parameter serialised by its `style` (`form`, `spaceDelimited`,
//! `pipeDelimited`, `deepObject`) and `explode`, names and values form-urlencoded (values keep
//! reserved characters with `allowReserved`, all but those that would end the value).

use super::parameters::{Parameter, Shape};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use url::form_urlencoded::byte_serialize;

/// What `allowReserved` still encodes: all but unreserved and reserved characters, plus `#`
/// and `&` (which would end the value) and `'` (which URL parsers encode in queries).
const RESERVED_ALLOWED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=');

/// `text` form-urlencoded (spaces as `+`).
fn form(text: &str) -> String {
    byte_serialize(text.as_bytes()).collect()
}

/// The query string of the query parameters that were given (without `?`).
pub(super) fn render(parameters: &[Parameter]) -> String {
    let mut pairs: Vec<String> = Vec::new();
    for parameter in parameters
        .iter()
        .filter(|parameter| parameter.location == "query")
    {
        if let Some(value) = &parameter.value {
            serialise(parameter, value, &mut pairs);
        }
    }
    pairs.join("&")
}

fn serialise(parameter: &Parameter, value: &Shape, pairs: &mut Vec<String>) {
    let name = form(&parameter.name);
    let encode = |text: &str| {
        if parameter.allow_reserved {
            utf8_percent_encode(text, RESERVED_ALLOWED).to_string()
        } else {
            form(text)
        }
    };
    let delimiter = match parameter.style.as_str() {
        "spaceDelimited" => "%20",
        "pipeDelimited" => "|",
        _ => ",",
    };
    match value {
        Shape::Empty => pairs.push(format!("{name}=")),
        Shape::Scalar(text) => pairs.push(format!("{name}={}", encode(text))),
        Shape::Array(items) if parameter.explode => {
            pairs.extend(items.iter().map(|item| format!("{name}={}", encode(item))));
        }
        Shape::Array(items) => {
            let joined: Vec<String> = items.iter().map(|item| encode(item)).collect();
            pairs.push(format!("{name}={}", joined.join(delimiter)));
        }
        Shape::Object(entries) if parameter.style == "deepObject" => {
            pairs.extend(
                entries
                    .iter()
                    .map(|(key, member)| format!("{name}[{}]={}", form(key), encode(member))),
            );
        }
        Shape::Object(entries) if parameter.explode => {
            pairs.extend(
                entries
                    .iter()
                    .map(|(key, member)| format!("{}={}", form(key), encode(member))),
            );
        }
        Shape::Object(entries) => {
            let joined: Vec<String> = entries
                .iter()
                .flat_map(|(key, member)| [encode(key), encode(member)])
                .collect();
            pairs.push(format!("{name}={}", joined.join(delimiter)));
        }
    }
}

/// Appends `name=value` (percent-encoded) to a URL's query (used for API keys in the query).
pub fn append_query(url: &str, name: &str, value: &str) -> String {
    let (head, fragment) = url.find('#').map_or((url, ""), |position| url.split_at(position));
    let separator = if !head.contains('?') {
        "?"
    } else if head.ends_with('?') || head.ends_with('&') {
        ""
    } else {
        "&"
    };
    format!("{head}{separator}{}={}{fragment}", form(name), form(value))
}

//! The request path and URL: each `{name}` of the template replaced by its parameter rendered in
//! its style (`simple`, `label`, `matrix`) as exactly one percent-encoded segment, then base +
//! path + query checked to parse to exactly itself.

use super::parameters::{Parameter, Shape};
use super::{Problems, URL_FIELD, parameter_field};
use crate::try_it::upstream_path::segment;

/// The path from `template` with each parameter as one segment; `None` (with problems
/// recorded) if a value is missing or could not be one segment.
pub(super) fn render(template: &str, parameters: &[Parameter], problems: &mut Problems) -> Option<String> {
    let mut path = String::with_capacity(template.len());
    let mut rest = template;
    let mut complete = true;
    while let Some((before, after)) = rest.split_once('{') {
        let Some((name, tail)) = after.split_once('}') else {
            problems.structural(URL_FIELD, "", "the request URL could not be built");
            return None;
        };
        path.push_str(before);
        rest = tail;
        let parameter = parameters
            .iter()
            .find(|parameter| parameter.location == "path" && parameter.name == name);
        let Some((parameter, value)) =
            parameter.and_then(|parameter| parameter.value.as_ref().map(|value| (parameter, value)))
        else {
            // Missing values were recorded when the parameters were read.
            complete = false;
            continue;
        };
        let rendered = rendered(parameter, value);
        match rendered.as_str() {
            "" => problems.structural(&parameter_field("path", name), "", "is required"),
            "." | ".." => problems.structural(&parameter_field("path", name), "", "cannot be `.` or `..`"),
            _ => {
                path.push_str(&rendered);
                continue;
            }
        }
        complete = false;
    }
    path.push_str(rest);
    complete.then_some(path)
}

/// One piece of a value percent-encoded (everything but RFC 3986's unreserved characters).
fn piece(text: &str) -> String {
    // `segment` refuses only ``, `.` and `..`, which need no encoding; whether the whole
    // rendered segment is one of those is checked once it is put together.
    segment("", text).unwrap_or_else(|_| text.to_owned())
}

/// `parameter`'s value in its style, each piece encoded, the style's delimiters literal.
fn rendered(parameter: &Parameter, value: &Shape) -> String {
    let name = piece(&parameter.name);
    let explode = parameter.explode;
    let pairs = |entries: &[(String, String)], between: &str, separator: &str| {
        entries
            .iter()
            .map(|(key, member)| format!("{}{between}{}", piece(key), piece(member)))
            .collect::<Vec<_>>()
            .join(separator)
    };
    let joined = |items: &[String], separator: &str| {
        items
            .iter()
            .map(|item| piece(item))
            .collect::<Vec<_>>()
            .join(separator)
    };
    match (parameter.style.as_str(), value) {
        ("label", Shape::Empty) => ".".to_owned(),
        ("label", Shape::Scalar(text)) => format!(".{}", piece(text)),
        ("label", Shape::Array(items)) => format!(".{}", joined(items, if explode { "." } else { "," })),
        ("label", Shape::Object(entries)) if explode => format!(".{}", pairs(entries, "=", ".")),
        ("label", Shape::Object(entries)) => format!(".{}", pairs(entries, ",", ",")),
        ("matrix", Shape::Empty) => format!(";{name}"),
        ("matrix", Shape::Scalar(text)) => format!(";{name}={}", piece(text)),
        ("matrix", Shape::Array(items)) if explode => items
            .iter()
            .map(|item| format!(";{name}={}", piece(item)))
            .collect(),
        ("matrix", Shape::Array(items)) => format!(";{name}={}", joined(items, ",")),
        ("matrix", Shape::Object(entries)) if explode => format!(";{}", pairs(entries, "=", ";")),
        ("matrix", Shape::Object(entries)) => format!(";{name}={}", pairs(entries, ",", ",")),
        (_, Shape::Empty) => String::new(),
        (_, Shape::Scalar(text)) => piece(text),
        (_, Shape::Array(items)) => joined(items, ","),
        (_, Shape::Object(entries)) if explode => pairs(entries, "=", ","),
        (_, Shape::Object(entries)) => pairs(entries, ",", ","),
    }
}

/// `base` + `path` + `?query`, if the URL parser reads it back exactly as built (so no value
/// moved the request elsewhere); else a problem.
pub(super) fn url(base: &str, path: &str, query: &str, problems: &mut Problems) -> Option<String> {
    let base = base.trim_end_matches('/');
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    let built = format!("{base}{path}{query}");
    let parsed = url::Url::parse(&built).ok();
    let literal = parsed.is_some_and(|parsed| {
        (path.is_empty() || path.starts_with('/'))
            && parsed.fragment().is_none()
            && (parsed.as_str() == built || (path.is_empty() && parsed.as_str() == format!("{base}/{query}")))
    });
    if literal {
        Some(built)
    } else {
        problems.structural(URL_FIELD, "", "the request URL could not be built");
        None
    }
}

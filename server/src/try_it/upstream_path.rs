//! Upstream URLs built segment by segment: the environment's base URL, then the operation's
//! path template with each parameter percent-encoded as exactly one segment. A value that
//! would be a dot segment (`.` or `..`, which URL parsers resolve even percent-encoded) or an
//! empty segment is refused, and the finished URL is checked to be exactly what was built, so a
//! value can never move a call to another path of the upstream.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986's unreserved characters is encoded (`/`, `%`, `?`, `#` above all).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Why a path could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    /// A parameter is missing or empty.
    #[error("the {0} is missing")]
    Missing(String),
    /// A parameter is `.` or `..`.
    #[error("the {0} cannot be `.` or `..`")]
    DotSegment(String),
    /// The template names a parameter it was not given, or the result is not a URL.
    #[error("the request URL could not be built")]
    Unbuildable,
}

/// One path parameter value as a single, literal segment.
pub fn segment(name: &str, value: &str) -> Result<String, PathError> {
    match value {
        "" => Err(PathError::Missing(name.to_owned())),
        "." | ".." => Err(PathError::DotSegment(name.to_owned())),
        _ => Ok(utf8_percent_encode(value, SEGMENT).to_string()),
    }
}

/// `base` + `template` with each `{name}` replaced by its value from `values` as one segment.
pub fn build(base: &str, template: &str, values: &[(&str, &str)]) -> Result<String, PathError> {
    let mut path = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').ok_or(PathError::Unbuildable)? + open;
        let name = &rest[open + 1..close];
        let value = values
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| *value)
            .ok_or(PathError::Unbuildable)?;
        path.push_str(&rest[..open]);
        path.push_str(&segment(name, value)?);
        rest = &rest[close + 1..];
    }
    path.push_str(rest);
    let url = format!("{}{path}", base.trim_end_matches('/'));
    let parsed = url::Url::parse(&url).map_err(|_| PathError::Unbuildable)?;
    // The parser normalises dot segments and the like; anything it changed was not literal.
    if parsed.as_str() != url && parsed.as_str() != format!("{url}/") {
        return Err(PathError::Unbuildable);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const BASE: &str = "https://api.example.com/gateway";
    const TEMPLATE: &str = "/claims/attachments/v1/status/{id}";

    #[test]
    fn a_plain_value_fills_its_segment() {
        assert_eq!(
            build(BASE, TEMPLATE, &[("id", "att_123")]),
            Ok("https://api.example.com/gateway/claims/attachments/v1/status/att_123".into())
        );
    }

    #[test]
    fn dot_segments_and_empty_values_are_refused() {
        assert_eq!(
            build(BASE, TEMPLATE, &[("id", "..")]),
            Err(PathError::DotSegment("id".into()))
        );
        assert_eq!(
            build(BASE, TEMPLATE, &[("id", ".")]),
            Err(PathError::DotSegment("id".into()))
        );
        assert_eq!(
            build(BASE, TEMPLATE, &[("id", "")]),
            Err(PathError::Missing("id".into()))
        );
        assert_eq!(build(BASE, TEMPLATE, &[]), Err(PathError::Unbuildable));
    }

    #[test]
    fn slashes_percent_signs_and_urls_stay_inside_one_segment() {
        for (value, encoded) in [
            ("../..", "..%2F.."),
            ("a/b", "a%2Fb"),
            ("%2E%2E", "%252E%252E"),
            ("%2F", "%252F"),
            ("x?admin=1#y", "x%3Fadmin%3D1%23y"),
            ("https://evil.example/", "https%3A%2F%2Fevil.example%2F"),
            ("@evil", "%40evil"),
            ("a\r\nHost: evil", "a%0D%0AHost%3A%20evil"),
            ("é", "%C3%A9"),
        ] {
            assert_eq!(
                build(BASE, TEMPLATE, &[("id", value)]),
                Ok(format!("{BASE}/claims/attachments/v1/status/{encoded}")),
                "{value}"
            );
        }
    }

    proptest! {
        #[test]
        fn any_value_stays_one_segment_under_the_template(value in "\\PC{0,64}") {
            if let Ok(url) = build(BASE, TEMPLATE, &[("id", &value)]) {
                let parsed = url::Url::parse(&url).expect("a URL");
                let segments: Vec<&str> = parsed.path_segments().expect("segments").collect();
                prop_assert_eq!(segments.len(), 6);
                prop_assert_eq!(&segments[..5], &["gateway", "claims", "attachments", "v1", "status"]);
                prop_assert_eq!(parsed.host_str(), Some("api.example.com"));
            }
        }
    }
}

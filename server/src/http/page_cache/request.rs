//! What a request asks of a cached page, read from its headers: the encoding it accepts best
//! (RFC 9110 q-values), whether its `If-None-Match` names an `ETag`, whether it carries a
//! cookie.

use http::{HeaderMap, HeaderValue, header};

/// An encoding a cached page is kept in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Coding {
    Br,
    Gzip,
    Identity,
}

/// The encoding to answer with: the highest q-value of those kept (brotli, then gzip, then
/// identity on a tie; identity, unless listed, ranks below whatever is); identity without
/// `Accept-Encoding`, or when nothing is acceptable.
pub(super) fn negotiate(headers: &HeaderMap) -> Coding {
    let (mut br, mut gzip, mut identity, mut any) = (None, None, None, None);
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let Some(q) = quality(parts) else { continue };
            let target = if name.eq_ignore_ascii_case("br") {
                &mut br
            } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
                &mut gzip
            } else if name.eq_ignore_ascii_case("identity") {
                &mut identity
            } else if name == "*" {
                &mut any
            } else {
                continue;
            };
            *target = Some(q);
        }
    }
    let br = br.or(any).unwrap_or(0);
    let gzip = gzip.or(any).unwrap_or(0);
    // Unlisted, identity is acceptable, but after anything the client did list.
    let identity = identity.or(any).unwrap_or(1);
    if br > 0 && br >= gzip && br >= identity {
        Coding::Br
    } else if gzip > 0 && gzip >= identity {
        Coding::Gzip
    } else {
        Coding::Identity
    }
}

/// An item's q-value in thousandths (1000 without one); `None` when it is malformed.
fn quality<'a>(parameters: impl Iterator<Item = &'a str>) -> Option<u16> {
    let mut q = 1000;
    for parameter in parameters {
        let Some((name, value)) = parameter.split_once('=') else {
            continue;
        };
        if !name.trim().eq_ignore_ascii_case("q") {
            continue;
        }
        let value = value.trim();
        let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
        if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
        q = match whole {
            "0" => thousandths,
            "1" if thousandths == 0 => 1000,
            _ => return None,
        };
    }
    Some(q)
}

/// Whether `If-None-Match` names `etag` (or `*`), compared weakly as RFC 9110 asks.
pub(super) fn matches_etag(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/").as_bytes() == etag.as_bytes())
}

/// Whether the request carries a cookie called `name`.
pub(super) fn has_cookie(headers: &HeaderMap, name: &str) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .flat_map(|value| value.as_bytes().split(|&b| b == b';'))
        .any(|pair| {
            let pair = pair.trim_ascii_start();
            pair.strip_prefix(name.as_bytes())
                .is_some_and(|rest| rest.trim_ascii_start().starts_with(b"="))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(name.clone(), HeaderValue::from_str(value).expect("value"));
        }
        map
    }

    fn coding(accept: &str) -> Coding {
        negotiate(&headers(&[(header::ACCEPT_ENCODING, accept)]))
    }

    #[test]
    fn the_encoding_follows_the_q_values_with_brotli_first_on_a_tie() {
        assert_eq!(negotiate(&HeaderMap::new()), Coding::Identity);
        assert_eq!(coding("gzip, deflate, br"), Coding::Br);
        assert_eq!(coding("br, gzip"), Coding::Br);
        assert_eq!(coding("gzip"), Coding::Gzip);
        assert_eq!(coding("x-gzip"), Coding::Gzip);
        assert_eq!(coding("br;q=0.5, gzip;q=0.8"), Coding::Gzip);
        assert_eq!(coding("br;q=0.1"), Coding::Br);
        assert_eq!(coding("br;q=0, gzip;q=0"), Coding::Identity);
        assert_eq!(coding("*"), Coding::Br);
        assert_eq!(coding("*;q=0.2, gzip"), Coding::Gzip);
        assert_eq!(coding("identity;q=1, br;q=0.5"), Coding::Identity);
        assert_eq!(coding("deflate, zstd"), Coding::Identity);
        assert_eq!(coding("BR;Q=1.000"), Coding::Br);
    }

    #[test]
    fn nothing_acceptable_gets_identity() {
        assert_eq!(coding("identity;q=0, *;q=0"), Coding::Identity);
        assert_eq!(coding("br;q=0, *;q=0"), Coding::Identity);
    }

    #[test]
    fn malformed_q_values_are_ignored() {
        assert_eq!(quality(["q=0.5"].into_iter()), Some(500));
        assert_eq!(quality(["q=1"].into_iter()), Some(1000));
        assert_eq!(quality(["q=0"].into_iter()), Some(0));
        assert_eq!(quality(["q=1.5"].into_iter()), None);
        assert_eq!(quality(["q=0.1234"].into_iter()), None);
        assert_eq!(quality(["q=x"].into_iter()), None);
        assert_eq!(coding("br;q=2, gzip"), Coding::Gzip);
    }

    #[test]
    fn if_none_match_matches_strong_weak_lists_and_any() {
        let etag = HeaderValue::from_static("\"abc\"");
        let matches = |value: &str| matches_etag(&headers(&[(header::IF_NONE_MATCH, value)]), &etag);
        assert!(matches("\"abc\""));
        assert!(matches("W/\"abc\""));
        assert!(matches("\"x\", \"abc\""));
        assert!(matches("*"));
        assert!(!matches("\"abcd\""));
        assert!(!matches_etag(&HeaderMap::new(), &etag));
    }

    #[test]
    fn only_the_session_cookie_counts() {
        let with = |value: &str| has_cookie(&headers(&[(header::COOKIE, value)]), "portal_session");
        assert!(with("portal_session=abc"));
        assert!(with("theme=dark; portal_session=abc"));
        assert!(with("theme=dark;portal_session =abc"));
        assert!(!with("portal_session_other=abc"));
        assert!(!with("xportal_session=abc"));
        assert!(!has_cookie(&HeaderMap::new(), "portal_session"));
    }
}

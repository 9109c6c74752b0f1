//! Response headers every answer carries: the default Content-Security-Policy (pages set their
//! own, with a nonce), no sniffing, no framing, a private referrer policy, HSTS behind HTTPS,
//! and `no-store` unless a route chose its own caching.
//!
//! One layer sets them all, from values made once: it runs on every answer, so it allocates
//! nothing but the room the headers take.

use app::ssr::csp::NON_PAGE_POLICY;
use axum::response::Response;
use http::{HeaderName, HeaderValue, header};
use tower::util::MapResponseLayer;

/// The headers set on every answer, whatever the route set.
const FIXED: [(HeaderName, HeaderValue); 5] = [
    (
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ),
    (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    (header::REFERRER_POLICY, HeaderValue::from_static("same-origin")),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    ),
    (
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    ),
];
/// HSTS, behind HTTPS only.
const HSTS: HeaderValue = HeaderValue::from_static("max-age=63072000; includeSubDomains");
/// The policy of anything that did not choose its own (pages do).
const DEFAULT_POLICY: HeaderValue = HeaderValue::from_static(NON_PAGE_POLICY);
/// The caching of anything that did not choose its own.
const DEFAULT_CACHING: HeaderValue = HeaderValue::from_static("no-store");

/// Sets the security headers on `response`.
fn secure(response: &mut Response, https: bool) {
    let headers = response.headers_mut();
    headers.reserve(FIXED.len() + 3);
    for (name, value) in FIXED {
        headers.insert(name, value);
    }
    if https {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(DEFAULT_POLICY);
    headers.entry(header::CACHE_CONTROL).or_insert(DEFAULT_CACHING);
}

/// The layer that adds the security headers to every response of what it wraps.
pub fn layer(https: bool) -> MapResponseLayer<impl Fn(Response) -> Response + Clone + Send + Sync + 'static> {
    MapResponseLayer::new(move |mut response: Response| {
        secure(&mut response, https);
        response
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_header_is_set_and_a_routes_own_policy_and_caching_are_kept() {
        let mut plain = Response::new(axum::body::Body::empty());
        secure(&mut plain, true);
        assert_eq!(plain.headers()[header::X_FRAME_OPTIONS], "DENY");
        assert_eq!(plain.headers()[header::CONTENT_SECURITY_POLICY], NON_PAGE_POLICY);
        assert_eq!(plain.headers()[header::CACHE_CONTROL], "no-store");
        assert!(plain.headers().contains_key(header::STRICT_TRANSPORT_SECURITY));

        let mut page = Response::new(axum::body::Body::empty());
        page.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'"),
        );
        page.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=3600"),
        );
        page.headers_mut()
            .insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN"));
        secure(&mut page, false);
        assert_eq!(
            page.headers()[header::CONTENT_SECURITY_POLICY],
            "default-src 'self'"
        );
        assert_eq!(page.headers()[header::CACHE_CONTROL], "public, max-age=3600");
        assert_eq!(
            page.headers()[header::X_FRAME_OPTIONS],
            "DENY",
            "fixed headers override"
        );
        assert!(!page.headers().contains_key(header::STRICT_TRANSPORT_SECURITY));
    }
}

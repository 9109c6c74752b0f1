//! The guard in front of every state-changing form (`POST /api/…` server functions and the
//! `POST /try-it/…` console forms): refuses cross-site requests (Origin and Sec-Fetch-Site),
//! checks the session's CSRF token (synchroniser token; multipart forms are checked by their
//! handler, which reads the body anyway), and applies the sign-up and sign-in rate limits (per
//! IP and per e-mail address).

use crate::http::error_page;
use crate::rate_limit::{Decision, Limit};
use crate::state::AppState;
use app::api::account::{SignIn, SignUp};
use app::error::AppError;
use app::ssr::session::PortalSession;
use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{Method, header};
use leptos::server_fn::ServerFn;
use std::net::SocketAddr;
use tower_sessions::Session;

/// The largest form a server function accepts.
pub const FORM_BODY_LIMIT: usize = 64 * 1024;

/// Checks a server-function call before it runs.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let guarded = ["/api/", "/try-it/"]
        .iter()
        .any(|prefix| request.uri().path().starts_with(prefix));
    if request.method() != Method::POST || !guarded {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    if is_cross_site(&parts.headers, &state.public_url) {
        let error = AppError::Forbidden(
            "This form was sent from another website, so it was not accepted. Open the portal directly and try again."
                .into(),
        );
        return error_page::respond(&state, &parts, error).await;
    }
    let multipart = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("multipart/form-data"));
    if multipart {
        return next.run(Request::from_parts(parts, body)).await;
    }
    let Ok(bytes) = to_bytes(body, FORM_BODY_LIMIT).await else {
        let error = AppError::BadRequest("The form is larger than 64 KiB.".into());
        let mut response = error_page::respond(&state, &parts, error).await;
        *response.status_mut() = http::StatusCode::PAYLOAD_TOO_LARGE;
        return response;
    };
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(&bytes).into_owned().collect();
    let field = |name: &str| {
        fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };

    let session = parts.extensions.get::<Session>().cloned().map(PortalSession::new);
    let token_ok = match (session, field("csrf_token")) {
        (Some(session), Some(token)) => session.csrf_matches(token).await.unwrap_or(false),
        _ => false,
    };
    if !token_ok {
        let error = AppError::Forbidden(
            "This form had expired (or cookies are blocked), so it was not accepted. Reload the page and try again."
                .into(),
        );
        return error_page::respond(&state, &parts, error).await;
    }

    let ip = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip().to_string())
        .unwrap_or_default();
    let path = parts.uri.path();
    let limits = &state.limits;
    let mut checks: Vec<(&str, String, Limit)> = Vec::new();
    if path == SignUp::url() {
        checks.push(("sign-up-ip", ip, limits.sign_up_per_ip));
    } else if path == SignIn::url() {
        checks.push(("sign-in-ip", ip, limits.sign_in_per_ip));
        if let Some(email) = field("email")
            .map(|email| email.trim().to_lowercase())
            .filter(|e| !e.is_empty())
        {
            checks.push(("sign-in-account", email, limits.sign_in_per_account));
        }
    }
    for (bucket, key, limit) in checks {
        if let Decision::Limited { retry_after } = state.limiter.check(bucket, &key, limit).await {
            tracing::warn!(bucket, "form rate limit reached");
            return error_page::respond(
                &state,
                &parts,
                AppError::TooManyRequests {
                    retry_after_secs: retry_after,
                },
            )
            .await;
        }
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// A request a browser made on another site's behalf: `Sec-Fetch-Site` says so, or `Origin`
/// names another origin than the portal (or the host the browser used).
fn is_cross_site(headers: &http::HeaderMap, public_url: &str) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|value: &http::HeaderValue| value.to_str().ok())
    };
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site"))
        && (site == "cross-site" || site == "same-site")
    {
        return true;
    }
    match text(header::ORIGIN) {
        None => false,
        Some(origin) => {
            let host_origins = text(header::HOST)
                .map(|host| [format!("http://{host}"), format!("https://{host}")])
                .unwrap_or_default();
            origin != public_url && !host_origins.iter().any(|allowed| allowed == origin)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_cross_site;
    use http::{HeaderMap, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (http::HeaderName::from_static(k), HeaderValue::from_static(v)))
            .collect()
    }

    #[test]
    fn same_origin_and_header_less_requests_pass() {
        assert!(!is_cross_site(&headers(&[]), "https://portal.example.com"));
        assert!(!is_cross_site(
            &headers(&[("origin", "https://portal.example.com")]),
            "https://portal.example.com"
        ));
        assert!(!is_cross_site(
            &headers(&[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")]),
            "https://x"
        ));
        assert!(!is_cross_site(
            &headers(&[("sec-fetch-site", "same-origin")]),
            "https://x"
        ));
    }

    #[test]
    fn other_origins_and_cross_site_fetches_are_refused() {
        assert!(is_cross_site(
            &headers(&[("origin", "https://evil.example")]),
            "https://portal.example.com"
        ));
        assert!(is_cross_site(
            &headers(&[("origin", "null")]),
            "https://portal.example.com"
        ));
        assert!(is_cross_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            "https://portal.example.com"
        ));
        assert!(is_cross_site(
            &headers(&[("sec-fetch-site", "same-site")]),
            "https://portal.example.com"
        ));
    }
}

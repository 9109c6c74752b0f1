//! Pages that are the same for every anonymous reader — the home page, the FAQ and docs, the
//! catalogue's lists and API overviews, and the 404 page — rendered once, compressed once
//! (brotli and gzip at their best levels, in a blocking thread) and then served from memory to
//! every request without a session cookie, as a static file server would: a strong `ETag` per
//! encoding, `If-None-Match` answered 304, `Vary: Accept-Encoding`, the encoding chosen by the
//! request's q-values (identity when nothing else is acceptable), and `HEAD`.
//!
//! A page is rendered the first time an anonymous reader asks for it, in a background task;
//! that request, and any before the page is ready, is rendered as usual. A reader with a
//! session cookie always gets a page of their own (the header names them and carries their
//! sign-out form's CSRF token), and so does any request with a query string. Everything every
//! answer carries (request id, security headers, logs) comes from the layers around.
//!
//! Cached pages load no script file, but Leptos ends every page with two small inline scripts.
//! A nonce kept in a cached page would be the same for everyone, so the cached HTML has none:
//! its policy allows those exact scripts by their SHA-256 hashes, and still names a fresh nonce
//! per answer (which nothing on the page carries), like every other page's policy.
//!
//! A page that shows its request id (the 404 page asks people to quote it) is kept as the HTML
//! around the id: each answer gets its own id put in, and is compressed by the compression
//! layer like any other answer (it has no validator: it differs every time).

use app::ssr::content::{PageSummary, Section};
use app::ssr::csp;
use app::ssr::paths::is_interactive;
use app::ssr::request::REQUEST_ID_HEADER;
use app::ssr::services::{ContentLibrary, Services};
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use futures::future::{Either, Ready, ready};
use http::{Extensions, HeaderMap, HeaderValue, Method, StatusCode, Version, header};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use tower::{Layer, Service, ServiceExt};
use tower_http::compression::predicate::Predicate;
use tower_http::compression::{CompressionLayer, CompressionLevel};

mod request;

use request::{Coding, has_cookie, matches_etag, negotiate};

/// The path the cached 404 page is rendered for (any unknown path gets the same page).
const NOT_FOUND_PATH: &str = "/404";
/// The request id pages are rendered with: where it shows, each answer's own id goes.
const ID_PLACEHOLDER: &str = "pagecache0request0id0placeholder";
/// The largest page kept.
const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

/// The paths whose pages are the same for every anonymous reader: the home page, the two
/// section indexes and every content page, the catalogue and each API's overview (an
/// operation's page has a Try It form, with a CSRF token of its reader's own).
pub fn cacheable_paths(content: &dyn ContentLibrary, apis: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut paths = vec!["/".to_owned(), "/apis".to_owned()];
    paths.extend(
        Section::ALL
            .iter()
            .map(|section| format!("/{}", section.as_str())),
    );
    paths.extend(content.pages().iter().map(PageSummary::path));
    paths.extend(apis.into_iter().map(|slug| format!("/apis/{slug}")));
    paths.retain(|path| !is_interactive(path));
    paths
}

/// The cached pages and what renders them.
pub struct PageCache {
    listed: HashMap<String, Slot>,
    not_found: Slot,
    session_cookie: &'static str,
    services: Services,
    options: LeptosOptions,
    /// The page policy before its nonce, and after the nonce's closing quote.
    policy: (String, String),
}

/// One page: not asked for yet, being rendered, or rendered (`None`: it cannot be cached).
#[derive(Default)]
struct Slot {
    started: AtomicBool,
    page: OnceLock<Option<CachedPage>>,
}

/// Which slot a request is answered from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// The listed paths.
    Listed,
    /// Any path (behind the router's fallback): the 404 page.
    NotFound,
}

struct CachedPage {
    status: StatusCode,
    content_type: HeaderValue,
    /// The hash sources of the page's inline scripts (` 'sha256-…'` each).
    script_hashes: String,
    body: PageBody,
}

enum PageBody {
    /// The same bytes for everyone, in each encoding.
    Fixed(Box<Encodings>),
    /// The HTML around each place the request id shows.
    AroundId(Vec<Bytes>),
}

/// One page's bytes in each encoding kept.
struct Encodings {
    identity: Variant,
    gzip: Option<Variant>,
    br: Option<Variant>,
}

struct Variant {
    body: Bytes,
    etag: HeaderValue,
    length: HeaderValue,
}

/// Marks a cached answer, so the compression layer leaves it alone.
#[derive(Debug, Clone, Copy)]
pub struct FromPageCache;

/// The compression layer's predicate: never an answer from the page cache (it is compressed
/// already, or deliberately not).
#[derive(Debug, Clone, Copy, Default)]
pub struct NotFromPageCache;

impl Predicate for NotFromPageCache {
    fn should_compress<B: axum::body::HttpBody>(&self, response: &http::Response<B>) -> bool {
        response.extensions().get::<FromPageCache>().is_none()
    }
}

impl PageCache {
    /// A cache of `paths` (see [`cacheable_paths`]) and the 404 page, for requests without the
    /// `session_cookie`.
    pub fn new(
        services: Services,
        options: LeptosOptions,
        paths: Vec<String>,
        session_cookie: &'static str,
    ) -> Arc<Self> {
        let policy = csp::page_policy("\u{0}", false);
        let (before, after) = policy.split_once("\u{0}'").unwrap_or((&policy, ""));
        Arc::new(Self {
            listed: paths.into_iter().map(|path| (path, Slot::default())).collect(),
            not_found: Slot::default(),
            session_cookie,
            services,
            options,
            policy: (before.to_owned(), after.to_owned()),
        })
    }

    /// The layer answering the listed paths, in front of the router.
    pub fn layer(self: &Arc<Self>) -> PageCacheLayer {
        PageCacheLayer {
            cache: self.clone(),
            scope: Scope::Listed,
        }
    }

    /// The layer answering the 404 page, in front of what renders it.
    pub fn not_found_layer(self: &Arc<Self>) -> PageCacheLayer {
        PageCacheLayer {
            cache: self.clone(),
            scope: Scope::NotFound,
        }
    }

    /// The cached answer to `request`, if it has one; starts rendering the page if it is
    /// cacheable but not rendered yet.
    fn answer<B>(self: &Arc<Self>, scope: Scope, request: &http::Request<B>) -> Option<Response> {
        let head = match *request.method() {
            Method::GET => false,
            Method::HEAD => true,
            _ => return None,
        };
        if request.uri().query().is_some() {
            return None;
        }
        let slot = match scope {
            Scope::Listed => self.listed.get(request.uri().path())?,
            Scope::NotFound => &self.not_found,
        };
        if has_cookie(request.headers(), self.session_cookie) {
            return None;
        }
        match slot.page.get() {
            Some(Some(page)) => Some(self.respond(page, request.headers(), head)),
            Some(None) => None,
            None => {
                if !slot.started.swap(true, Ordering::AcqRel) {
                    let path = match scope {
                        Scope::Listed => request.uri().path().to_owned(),
                        Scope::NotFound => NOT_FOUND_PATH.to_owned(),
                    };
                    tokio::spawn(self.clone().fill(scope, path));
                }
                None
            }
        }
    }

    /// Renders and compresses one page into its slot.
    async fn fill(self: Arc<Self>, scope: Scope, path: String) {
        let page = match self.render(&path).await {
            Some((status, content_type, html)) => Self::prepare(status, content_type, html).await,
            None => None,
        };
        if page.is_none() {
            tracing::warn!(path, "a page could not be cached; it is rendered per request");
        }
        let slot = match scope {
            Scope::Listed => self.listed.get(&path),
            Scope::NotFound => Some(&self.not_found),
        };
        if let Some(slot) = slot {
            let _ = slot.page.set(page);
        }
    }

    /// A rendered page as kept: without its nonce, split around its request id or compressed
    /// (off the runtime).
    async fn prepare(status: StatusCode, content_type: HeaderValue, html: Bytes) -> Option<CachedPage> {
        let html = Bytes::from(without_nonces(std::str::from_utf8(&html).ok()?));
        let script_hashes = inline_scripts(std::str::from_utf8(&html).ok()?)
            .map(|script| format!(" 'sha256-{}'", STANDARD.encode(Sha256::digest(script))))
            .collect::<Vec<_>>()
            .concat();
        let pieces = split_around(&html, ID_PLACEHOLDER.as_bytes());
        let body = if pieces.len() > 1 {
            PageBody::AroundId(pieces)
        } else {
            let (br, gzip) = tokio::task::spawn_blocking({
                let html = html.clone();
                move || futures::executor::block_on(compress_both(html))
            })
            .await
            .ok()?;
            PageBody::fixed(html, br, gzip)
        };
        Some(CachedPage {
            status,
            content_type,
            script_hashes,
            body,
        })
    }

    /// The page at `path` as an anonymous reader gets it: status, content type and HTML. None
    /// when it is not a page that can be shared (another status, a cookie set, not HTML).
    async fn render(&self, path: &str) -> Option<(StatusCode, HeaderValue, Bytes)> {
        let services = self.services.clone();
        let options = self.options.clone();
        let handler = leptos_axum::render_app_async_with_context(
            move || provide_context(services.clone()),
            move || app::shell(options.clone()),
        );
        let request = http::Request::get(path)
            .header(REQUEST_ID_HEADER, ID_PLACEHOLDER)
            .body(Body::empty())
            .ok()?;
        let (parts, body) = handler(request).await.into_parts();
        let content_type = parts.headers.get(header::CONTENT_TYPE)?.clone();
        let shareable = matches!(parts.status, StatusCode::OK | StatusCode::NOT_FOUND)
            && content_type.as_bytes().starts_with(b"text/html")
            && !parts.headers.contains_key(header::SET_COOKIE);
        let body = axum::body::to_bytes(body, MAX_PAGE_BYTES).await.ok()?;
        shareable.then_some((parts.status, content_type, body))
    }

    fn respond(&self, page: &CachedPage, headers: &HeaderMap, head: bool) -> Response {
        let (mut response, etag) = match &page.body {
            PageBody::Fixed(encodings) => {
                let Encodings { identity, gzip, br } = &**encodings;
                let chosen = match negotiate(headers) {
                    Coding::Br => br.as_ref().map(|variant| (variant, Some("br"))),
                    Coding::Gzip => gzip.as_ref().map(|variant| (variant, Some("gzip"))),
                    Coding::Identity => None,
                };
                let (variant, encoding) = chosen.unwrap_or((identity, None));
                // Preconditions only apply to what would otherwise be a success (RFC 9110 §13.2.1).
                if page.status.is_success() && matches_etag(headers, &variant.etag) {
                    let mut response = with_room(Body::empty());
                    *response.status_mut() = StatusCode::NOT_MODIFIED;
                    (response, Some(variant.etag.clone()))
                } else {
                    let body = if head {
                        Body::empty()
                    } else {
                        Body::from(variant.body.clone())
                    };
                    let mut response = with_room(body);
                    let out = response.headers_mut();
                    out.insert(header::CONTENT_LENGTH, variant.length.clone());
                    if let Some(encoding) = encoding {
                        out.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
                    }
                    // Fixed bytes, chosen by encoding: no layer may encode them again.
                    response.extensions_mut().insert(FromPageCache);
                    (response, page.status.is_success().then(|| variant.etag.clone()))
                }
            }
            PageBody::AroundId(pieces) => {
                let id = headers
                    .get(REQUEST_ID_HEADER)
                    .map_or(&[][..], HeaderValue::as_bytes);
                let mut html = Vec::with_capacity(pieces.iter().map(Bytes::len).sum::<usize>() + 64);
                for (index, piece) in pieces.iter().enumerate() {
                    if index > 0 {
                        html.extend_from_slice(id);
                    }
                    html.extend_from_slice(piece);
                }
                let length = HeaderValue::from(html.len());
                let mut response = with_room(if head { Body::empty() } else { Body::from(html) });
                response.headers_mut().insert(header::CONTENT_LENGTH, length);
                (response, None)
            }
        };
        if response.status() != StatusCode::NOT_MODIFIED {
            *response.status_mut() = page.status;
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, page.content_type.clone());
        }
        // A 304 too: the browser replaces the stored page's headers with the 304's, so a 304
        // without the page's policy would leave the page under the strict policy of non-pages.
        if let Ok(policy) = HeaderValue::try_from(self.policy_of(page)) {
            response
                .headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, policy);
        }
        let out = response.headers_mut();
        // A page with an ETag may be kept by the reader's browser but must be revalidated each
        // time (a 304 when unchanged; once the reader signs in, the cookie gets them their own
        // page); shared caches keep nothing. Anything else, like every page: stored by nobody.
        let caching = if etag.is_some() {
            "private, no-cache"
        } else {
            "no-store"
        };
        if let Some(etag) = etag {
            out.insert(header::ETAG, etag);
        }
        out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        out.insert(header::CACHE_CONTROL, HeaderValue::from_static(caching));
        response
    }

    /// The policy of one answer of `page`: its inline scripts by hash, and a fresh nonce.
    fn policy_of(&self, page: &CachedPage) -> String {
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        let (before, after) = &self.policy;
        let mut policy = String::with_capacity(before.len() + 24 + page.script_hashes.len() + after.len());
        policy.push_str(before);
        URL_SAFE_NO_PAD.encode_string(bytes, &mut policy);
        policy.push('\'');
        policy.push_str(&page.script_hashes);
        policy.push_str(after);
        policy
    }
}

/// A response with room for its headers and those the layers around add (security headers,
/// the request id), so none of them makes the header map grow.
fn with_room(body: Body) -> Response {
    let mut response = Response::new(body);
    *response.headers_mut() = HeaderMap::with_capacity(20);
    response
}

impl PageBody {
    fn fixed(html: Bytes, br: Option<Bytes>, gzip: Option<Bytes>) -> Self {
        let tag = hex::encode(&Sha256::digest(&html)[..16]);
        let variant = |body: Bytes, suffix: &str| Variant {
            etag: HeaderValue::try_from(format!("\"{tag}{suffix}\""))
                .unwrap_or(HeaderValue::from_static("\"\"")),
            length: HeaderValue::from(body.len()),
            body,
        };
        Self::Fixed(Box::new(Encodings {
            br: br.map(|body| variant(body, "-br")),
            gzip: gzip.map(|body| variant(body, "-gzip")),
            identity: variant(html, ""),
        }))
    }
}

/// `html` without the `nonce` attribute the render gave its scripts (the render's own value,
/// found on its first script; nothing else on the page is touched).
fn without_nonces(html: &str) -> String {
    let Some(value) = html
        .find("<script nonce=\"")
        .map(|at| &html[at + "<script nonce=\"".len()..])
        .and_then(|rest| rest.split_once('"'))
        .map(|(value, _)| value)
    else {
        return html.to_owned();
    };
    html.replace(&format!(" nonce=\"{value}\""), "")
}

/// The contents of the inline scripts of `html` (those without `src`).
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.match_indices("<script").filter_map(move |(at, _)| {
        let tag_end = at + html[at..].find('>')?;
        let body_end = tag_end + html[tag_end..].find("</script>")?;
        (!html[at..tag_end].contains(" src=")).then(|| &html[tag_end + 1..body_end])
    })
}

/// `html` cut at every `marker` (one piece when it has none).
fn split_around(html: &Bytes, marker: &[u8]) -> Vec<Bytes> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at + marker.len() <= html.len() {
        if &html[at..at + marker.len()] == marker {
            pieces.push(html.slice(start..at));
            at += marker.len();
            start = at;
        } else {
            at += 1;
        }
    }
    pieces.push(html.slice(start..));
    pieces
}

/// Brotli and gzip of `body`, each at its best level, or `None` where that failed.
async fn compress_both(body: Bytes) -> (Option<Bytes>, Option<Bytes>) {
    (compress(body.clone(), "br").await, compress(body, "gzip").await)
}

/// `body` compressed with `coding` by the same encoders the compression layer uses.
async fn compress(body: Bytes, coding: &'static str) -> Option<Bytes> {
    let always = |_: StatusCode, _: Version, _: &HeaderMap, _: &Extensions| true;
    let service = CompressionLayer::new()
        .quality(CompressionLevel::Best)
        .compress_when(always)
        .layer(tower::service_fn(move |_: Request| {
            ready(Ok::<_, Infallible>(Response::new(Body::from(body.clone()))))
        }));
    let request = http::Request::get("/")
        .header(header::ACCEPT_ENCODING, coding)
        .body(Body::empty())
        .ok()?;
    let response = service.oneshot(request).await.ok()?;
    if response.headers().get(header::CONTENT_ENCODING)?.as_bytes() != coding.as_bytes() {
        return None;
    }
    axum::body::to_bytes(Body::new(response.into_body()), MAX_PAGE_BYTES)
        .await
        .ok()
}

/// Answers from the page cache in front of a service (see [`PageCache::layer`]).
#[derive(Clone)]
pub struct PageCacheLayer {
    cache: Arc<PageCache>,
    scope: Scope,
}

impl<S> Layer<S> for PageCacheLayer {
    type Service = PageCacheService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        PageCacheService {
            inner,
            cache: self.cache.clone(),
            scope: self.scope,
        }
    }
}

/// The service of [`PageCacheLayer`].
#[derive(Clone)]
pub struct PageCacheService<S> {
    inner: S,
    cache: Arc<PageCache>,
    scope: Scope,
}

impl<S, B> Service<http::Request<B>> for PageCacheService<S>
where
    S: Service<http::Request<B>, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Either<Ready<Result<Response, S::Error>>, S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        match self.cache.answer(self.scope, &request) {
            Some(response) => Either::Left(ready(Ok(response))),
            None => Either::Right(self.inner.call(request)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_dropped_and_inline_scripts_found() {
        let html = r#"<p nonce="x">x</p><script nonce="abc">a=1;</script><script src="/x.js"></script><script nonce="abc">b=[];</script>"#;
        let plain = without_nonces(html);
        assert_eq!(
            plain,
            r#"<p nonce="x">x</p><script>a=1;</script><script src="/x.js"></script><script>b=[];</script>"#
        );
        assert_eq!(without_nonces("<p>none</p>"), "<p>none</p>");
        assert_eq!(inline_scripts(&plain).collect::<Vec<_>>(), ["a=1;", "b=[];"]);
    }

    #[test]
    fn the_page_policy_splits_around_its_nonce() {
        let policy = csp::page_policy("\u{0}", false);
        let (before, after) = policy.split_once("\u{0}'").expect("the nonce's place");
        assert!(before.ends_with("'nonce-") && after.starts_with(';'), "{policy}");
    }

    #[test]
    fn pages_are_cut_around_each_request_id() {
        let html = Bytes::from_static(b"<p>ID</p><code>ID</code>");
        let pieces = split_around(&html, b"ID");
        assert_eq!(
            pieces,
            [&b"<p>"[..], b"</p><code>", b"</code>"].map(Bytes::from_static)
        );
        assert_eq!(split_around(&Bytes::from_static(b"none"), b"ID").len(), 1);
    }

    #[tokio::test]
    async fn compression_round_trips_at_the_best_levels() {
        let page = Bytes::from("<!DOCTYPE html><p>hello</p>".repeat(200));
        let (br, gzip) = compress_both(page.clone()).await;
        let (br, gzip) = (br.expect("brotli"), gzip.expect("gzip"));
        assert!(br.len() < page.len() / 10 && gzip.len() < page.len() / 10);
        let PageBody::Fixed(encodings) = PageBody::fixed(page, Some(br), Some(gzip)) else {
            panic!("a fixed page");
        };
        let Encodings { identity, gzip, br } = *encodings;
        let tags = [&identity, &br.expect("br"), &gzip.expect("gzip")]
            .map(|variant| variant.etag.to_str().expect("ascii").to_owned());
        assert!(
            tags[1].ends_with("-br\"") && tags[2].ends_with("-gzip\""),
            "{tags:?}"
        );
        assert_ne!(tags[0], tags[1]);
    }
}

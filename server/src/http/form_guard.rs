//! The guard in front of every state-changing request to the pages, the server functions
//! (`/api/…`) and the console's forms (`/try-it/…`), whatever it says its body is:
//!
//! 1. cross-site requests are refused (Origin and Sec-Fetch-Site);
//! 2. the body must be a plain form (`application/x-www-form-urlencoded`), or `multipart/form-data`
//!    on the routes that take a file ([`UPLOAD_ROUTES`]); anything else gets 415;
//! 3. it is read within its limit (413) and parsed here, once, into a [`VerifiedForm`];
//! 4. the session's CSRF token must be among its fields (403);
//! 5. the form rate limits of sign-up and sign-in are counted (429).
//!
//! Only then does the request go on, with the parsed form in its extensions; the console's
//! handlers take it from there ([`VerifiedForm`] is an extractor), server functions read the
//! same bytes again.

use crate::http::error_page;
use crate::rate_limit::{Bucket, Decision};
use crate::state::AppState;
use app::api::account::{SignIn, SignUp};
use app::error::AppError;
use app::ssr::request::ClientAddress;
use app::ssr::session::PortalSession;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::request::Parts;
use http::{Method, header};
use leptos::server_fn::ServerFn;
use tower_sessions::Session;

/// The largest plain form.
pub const FORM_BODY_LIMIT: usize = 64 * 1024;
/// The most fields a form may have.
const MAX_FIELDS: usize = 64;
/// The paths whose plain forms have a limit of their own, and that limit.
pub const FORM_ROUTES: &[(&str, usize)] = &[(
    app::ssr::pages::inspect::INSPECT_PATH,
    crate::routes::inspect::INSPECT_BODY_LIMIT,
)];
/// The paths that take a file upload (multipart), and the largest body each accepts.
pub const UPLOAD_ROUTES: &[(&str, usize)] = &[(
    crate::routes::try_it::CALL_PATH,
    crate::routes::try_it::CALL_BODY_LIMIT,
)];

/// A file field of a multipart form.
#[derive(Debug, Clone)]
pub struct UploadedFile {
    /// The field's name.
    pub name: String,
    /// The file name the browser gave, if any.
    pub file_name: Option<String>,
    /// The content type the browser gave, if any.
    pub content_type: Option<String>,
    /// The file's bytes.
    pub bytes: Bytes,
}

/// A form that passed the guard: its fields and files, and that its CSRF token matched.
/// Only the guard makes one, so a handler that takes it cannot run unguarded.
#[derive(Clone, Default)]
pub struct VerifiedForm {
    fields: Vec<(String, String)>,
    files: Vec<UploadedFile>,
}

impl std::fmt::Debug for VerifiedForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Field values may be secrets (a pasted client secret, a password): names only.
        f.debug_struct("VerifiedForm")
            .field(
                "fields",
                &self.fields.iter().map(|(name, _)| name).collect::<Vec<_>>(),
            )
            .field(
                "files",
                &self.files.iter().map(|file| &file.name).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl VerifiedForm {
    /// A form the guard checked earlier, run again from the fields the session kept of it
    /// (the request that asks for the replay passed the guard itself).
    pub(crate) fn replayed(fields: Vec<(String, String)>) -> Self {
        Self {
            fields,
            files: Vec::new(),
        }
    }

    /// The first value of the text field `name`.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every value of the text field `name`, in the order sent (repeated inputs).
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.fields
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// Every text field, in the order sent.
    pub fn fields(&self) -> &[(String, String)] {
        &self.fields
    }

    /// Every non-empty file, in the order sent.
    pub fn files(&self) -> impl Iterator<Item = &UploadedFile> {
        self.files.iter().filter(|file| !file.bytes.is_empty())
    }

    /// The file field `name`, if a non-empty file was sent in it.
    pub fn file(&self, name: &str) -> Option<&UploadedFile> {
        self.files
            .iter()
            .find(|file| file.name == name && !file.bytes.is_empty())
    }

    /// The text fields as a typed form.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, AppError> {
        let encoded = serde_urlencoded::to_string(&self.fields).unwrap_or_default();
        serde_urlencoded::from_str(&encoded).map_err(|_| {
            AppError::BadRequest("The form was incomplete. Reload the page and try again.".into())
        })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for VerifiedForm {
    type Rejection = (http::StatusCode, &'static str);

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.remove::<Self>().ok_or((
            http::StatusCode::FORBIDDEN,
            "This form was not checked, so it was not accepted.",
        ))
    }
}

/// How a body says it is encoded.
enum Encoding {
    Form,
    Multipart { boundary: String },
    Other,
}

fn encoding(headers: &http::HeaderMap) -> Encoding {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return Encoding::Other;
    };
    let essence = value.split(';').next().unwrap_or_default().trim();
    if essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        Encoding::Form
    } else if essence.eq_ignore_ascii_case("multipart/form-data") {
        match multer::parse_boundary(value) {
            Ok(boundary) => Encoding::Multipart { boundary },
            Err(_) => Encoding::Other,
        }
    } else {
        Encoding::Other
    }
}

/// Checks a state-changing request before it runs.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    match check(&state, &parts, body).await {
        Ok((form, body)) => {
            parts.extensions.insert(form);
            next.run(Request::from_parts(parts, body)).await
        }
        Err(error) => error_page::respond(&state, &parts, error).await,
    }
}

async fn check(state: &AppState, parts: &Parts, body: Body) -> Result<(VerifiedForm, Body), AppError> {
    if is_cross_site(&parts.headers, &state.public_url) {
        return Err(AppError::Forbidden(
            "This form was sent from another website, so it was not accepted. Open the portal directly and try again."
                .into(),
        ));
    }
    let path = parts.uri.path();
    let upload_limit = UPLOAD_ROUTES
        .iter()
        .find(|(route, _)| *route == path)
        .map(|(_, limit)| *limit);
    let not_a_form = || {
        AppError::UnsupportedMediaType(match upload_limit {
            Some(_) => {
                "Send this form as a web form (application/x-www-form-urlencoded or multipart/form-data)."
                    .into()
            }
            None => "Send this form as a web form (application/x-www-form-urlencoded).".into(),
        })
    };
    let encoding = encoding(&parts.headers);
    let limit = match (&encoding, upload_limit) {
        (Encoding::Other, _) | (Encoding::Multipart { .. }, None) => return Err(not_a_form()),
        (_, Some(limit)) => limit,
        (Encoding::Form, None) => FORM_ROUTES
            .iter()
            .find(|(route, _)| *route == path)
            .map_or(FORM_BODY_LIMIT, |(_, limit)| *limit),
    };
    let bytes = to_bytes(body, limit)
        .await
        .map_err(|_| AppError::TooLarge(format!("The form is larger than {} KiB.", limit / 1024)))?;
    let (form, body) = match encoding {
        Encoding::Form => (read_plain(&bytes)?, Body::from(bytes)),
        Encoding::Multipart { boundary } => (read_multipart(bytes, boundary).await?, Body::empty()),
        Encoding::Other => return Err(not_a_form()),
    };

    let session = parts.extensions.get::<Session>().cloned().map(PortalSession::new);
    let token_ok = match (session, form.field("csrf_token")) {
        (Some(session), Some(token)) => session.csrf_matches(token).await.unwrap_or(false),
        _ => false,
    };
    if !token_ok {
        return Err(AppError::Forbidden(
            "This form had expired (or cookies are blocked), so it was not accepted. Reload the page and try again."
                .into(),
        ));
    }

    let client = parts
        .extensions
        .get::<ClientAddress>()
        .ok_or(AppError::Internal)?;
    let bucket = if path == SignUp::url() {
        Some(Bucket::SignUpSource)
    } else if path == SignIn::url() {
        Some(Bucket::SignInSource)
    } else {
        None
    };
    if let Some(bucket) = bucket
        && let Decision::Limited { retry_after } = state.limiter.check(bucket, &client.key).await
    {
        return Err(AppError::TooManyRequests {
            retry_after_secs: retry_after,
        });
    }
    Ok((form, body))
}

/// Parses a plain form body (`application/x-www-form-urlencoded`).
pub fn read_plain(bytes: &[u8]) -> Result<VerifiedForm, AppError> {
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(bytes).into_owned().collect();
    if fields.len() > MAX_FIELDS {
        return Err(AppError::BadRequest("The form has too many fields.".into()));
    }
    Ok(VerifiedForm {
        fields,
        files: Vec::new(),
    })
}

/// Parses a `multipart/form-data` body with `boundary`.
pub async fn read_multipart(bytes: Bytes, boundary: String) -> Result<VerifiedForm, AppError> {
    let malformed =
        || AppError::BadRequest("The form could not be read. Reload the page and try again.".into());
    let stream = futures::stream::once(async move { Ok::<Bytes, std::convert::Infallible>(bytes) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut form = VerifiedForm::default();
    while let Some(field) = multipart.next_field().await.map_err(|_| malformed())? {
        if form.fields.len() + form.files.len() >= MAX_FIELDS {
            return Err(AppError::BadRequest("The form has too many fields.".into()));
        }
        let name = field.name().unwrap_or_default().to_owned();
        match field.file_name().map(str::to_owned) {
            Some(file_name) => {
                let content_type = field.content_type().map(ToString::to_string);
                let bytes = field.bytes().await.map_err(|_| malformed())?;
                form.files.push(UploadedFile {
                    name,
                    file_name: Some(file_name).filter(|n| !n.is_empty()),
                    content_type,
                    bytes,
                });
            }
            None => {
                let text = field.text().await.map_err(|_| malformed())?;
                form.fields.push((name, text));
            }
        }
    }
    Ok(form)
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
    use super::*;
    use http::{HeaderMap, HeaderValue};
    use proptest::prelude::*;

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
        for pairs in [
            &[("origin", "https://evil.example")][..],
            &[("origin", "null")],
            &[("sec-fetch-site", "cross-site")],
            &[("sec-fetch-site", "same-site")],
        ] {
            assert!(
                is_cross_site(&headers(pairs), "https://portal.example.com"),
                "{pairs:?}"
            );
        }
    }

    #[test]
    fn only_web_forms_are_forms() {
        assert!(matches!(
            encoding(&headers(&[(
                "content-type",
                "application/x-www-form-urlencoded; charset=UTF-8"
            )])),
            Encoding::Form
        ));
        assert!(matches!(
            encoding(&headers(&[("content-type", "multipart/form-data; boundary=abc")])),
            Encoding::Multipart { .. }
        ));
        for other in ["multipart/form-data", "application/json", "text/plain"] {
            let mut map = HeaderMap::new();
            map.insert(header::CONTENT_TYPE, HeaderValue::from_static(other));
            assert!(matches!(encoding(&map), Encoding::Other), "{other}");
        }
        assert!(matches!(encoding(&HeaderMap::new()), Encoding::Other));
    }

    #[tokio::test]
    async fn multipart_forms_give_their_fields_and_files_in_any_order() {
        let body = "--b\r\nContent-Disposition: form-data; name=\"document\"; filename=\"x.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--b\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nt0k3n\r\n--b--\r\n";
        let form = read_multipart(Bytes::from(body), "b".into())
            .await
            .expect("parsed");
        assert_eq!(form.field("csrf_token"), Some("t0k3n"));
        let file = form.file("document").expect("file");
        assert_eq!(
            (file.bytes.as_ref(), file.file_name.as_deref()),
            (&b"%PDF"[..], Some("x.pdf"))
        );
        assert!(
            read_multipart(Bytes::from_static(b"garbage"), "b".into())
                .await
                .is_err()
        );
    }

    #[test]
    fn debug_never_shows_field_values() {
        let form = read_plain(b"client_secret=mns_hush&csrf_token=t").expect("form");
        let shown = format!("{form:?}");
        assert!(
            !shown.contains("mns_hush") && shown.contains("client_secret"),
            "{shown}"
        );
    }

    proptest! {
        #[test]
        fn any_plain_body_parses_or_is_refused_without_panicking(body in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = read_plain(&body);
        }

        #[test]
        fn any_multipart_body_parses_or_is_refused_without_panicking(body in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
            let _ = runtime.block_on(read_multipart(Bytes::from(body), "b".into()));
        }
    }
}

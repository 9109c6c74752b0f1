//! `POST /sandbox/inspect`: the token inspector's form (the page itself is the Leptos route
//! `GET /sandbox/inspect`). The form guard has checked the CSRF token and read the body within
//! [`INSPECT_BODY_LIMIT`]; the token is inspected through the [`InspectorPort`] and the page is
//! rendered straight into the answer with the result, `Cache-Control: no-store`. No
//! post/redirect/get: the pasted token never goes into the session, the database or a log.
//!
//! [`InspectorPort`]: app::ssr::services::InspectorPort

use crate::http::error_page;
use crate::http::form_guard::VerifiedForm;
use crate::http::page_session::error_page_session;
use crate::state::AppState;
use app::ssr::page_session::PageSession;
use app::ssr::pages::inspect::{INSPECT_PATH, InspectionResult};
use app::ssr::request::REQUEST_ID_HEADER;
use app::ssr::session::PortalSession;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use http::request::Parts;
use http::{HeaderValue, Method, header};
use leptos::prelude::provide_context;
use tower_sessions::Session;

/// The largest inspector form: an 8 KiB token, the CSRF token and the field names.
pub const INSPECT_BODY_LIMIT: usize = 9 * 1024;

/// The inspector's form route.
pub fn router() -> Router<AppState> {
    Router::new().route(INSPECT_PATH, post(inspect_token))
}

/// Inspects the pasted token for the signed-in account and answers with the page.
async fn inspect_token(
    State(state): State<AppState>,
    session: Session,
    parts: Parts,
    form: VerifiedForm,
) -> Response {
    let now = state.sandbox.clock.now();
    let account = match PortalSession::new(session.clone()).account(now).await {
        Ok(Some(account)) => account,
        Ok(None) => return Redirect::to("/login").into_response(),
        Err(error) => return error_page::respond(&state, &parts, error).await,
    };
    let inspection = state
        .services
        .inspector
        .inspect(&account.id, form.field("token").unwrap_or_default())
        .await;
    drop(form);
    let inspection = match inspection {
        Ok(inspection) => inspection,
        Err(error) => return error_page::respond(&state, &parts, error).await,
    };
    let page_session = error_page_session(session, now).await;
    let result = InspectionResult {
        inspection,
        checked_at: now,
    };
    let mut response = render(&state, &parts, page_session, result).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The inspector page as `GET` would render it, with `result` in its context.
async fn render(
    state: &AppState,
    parts: &Parts,
    page_session: PageSession,
    result: InspectionResult,
) -> Response {
    let services = state.services.clone();
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(services.clone());
            provide_context(result.clone());
        },
        move || app::shell(options.clone()),
    );
    let mut request = http::Request::builder()
        .method(Method::GET)
        .uri(INSPECT_PATH)
        .body(Body::empty())
        .unwrap_or_default();
    if let Some(id) = parts.headers.get(REQUEST_ID_HEADER) {
        request.headers_mut().insert(REQUEST_ID_HEADER, id.clone());
    }
    request.extensions_mut().insert(page_session);
    handler(request).await.into_response()
}

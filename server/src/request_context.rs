//! Per-request facts the UI reads synchronously, gathered before rendering: the client's IP
//! address, and on pages the session's account, CSRF token and one-time flash message.

use crate::state::AppState;
use app::ssr::page_session::PageSession;
use app::ssr::request::ClientIp;
use app::ssr::routes::is_interactive;
use app::ssr::session::PortalSession;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::Method;
use std::net::SocketAddr;
use tower_sessions::Session;

/// Path prefixes that are machine APIs or static files: no page session is loaded for them.
const NOT_PAGES: &[&str] = &[
    "/apip/",
    "/claims/",
    "/pkg/",
    "/.well-known/",
    "/openapi.json",
    "/healthz",
    "/api/",
];

/// Puts [`ClientIp`] and, for pages, [`PageSession`] into the request's extensions.
pub async fn load(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    if let Some(ConnectInfo(peer)) = request.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        request.extensions_mut().insert(ClientIp(peer.ip()));
    }
    let path = request.uri().path().to_owned();
    let is_page = request.method() == Method::GET && !NOT_PAGES.iter().any(|prefix| path.starts_with(prefix));
    if is_page && let Some(session) = request.extensions().get::<Session>().cloned() {
        let page_session = page_session(PortalSession::new(session), &path, state.sandbox.clock.now()).await;
        request.extensions_mut().insert(page_session);
    }
    next.run(request).await
}

async fn page_session(session: PortalSession, path: &str, now: i64) -> PageSession {
    let account = session.account(now).await.ok().flatten();
    let interactive = is_interactive(path);
    // Anonymous readers of content pages get no session (and no cookie) at all.
    let csrf_token = if interactive || account.is_some() {
        session.csrf_token().await.ok()
    } else {
        None
    };
    let flash = if interactive {
        session.take_flash().await.ok().flatten()
    } else {
        None
    };
    PageSession {
        account,
        csrf_token,
        flash,
    }
}

//! The session facts a page reads synchronously while it renders — who is signed in, the CSRF
//! token, the one-time flash message — loaded before rendering. Layered only on what renders
//! pages (the Leptos page routes and the 404 page), and used by the error pages.

use crate::state::AppState;
use app::ssr::page_session::PageSession;
use app::ssr::paths::is_interactive;
use app::ssr::session::PortalSession;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::Method;
use tower_sessions::Session;

/// Puts the [`PageSession`] of a page request into its extensions.
pub async fn load(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    if request.method() == Method::GET && !state.sessions.is_available() {
        // The session store is down: the page renders as for an anonymous reader.
        request.extensions_mut().insert(PageSession::default());
    } else if request.method() == Method::GET
        && let Some(session) = request.extensions().get::<Session>().cloned()
    {
        let path = request.uri().path().to_owned();
        let page_session = page_session(session, &path, state.sandbox.clock.now()).await;
        request.extensions_mut().insert(page_session);
    }
    next.run(request).await
}

/// What the page at `path` shows of `session`. Only interactive pages take the flash message.
pub async fn page_session(session: Session, path: &str, now: i64) -> PageSession {
    let interactive = is_interactive(path);
    facts(PortalSession::new(session), now, interactive, interactive).await
}

/// What an error page answering a refused form shows of `session`: who is signed in, and the
/// token of the header's sign-out form. A flash message stays for the next real page.
pub async fn error_page_session(session: Session, now: i64) -> PageSession {
    facts(PortalSession::new(session), now, false, false).await
}

async fn facts(session: PortalSession, now: i64, has_forms: bool, take_flash: bool) -> PageSession {
    let account = session.account(now).await.ok().flatten();
    // Anonymous readers of content pages get no session (and no cookie) at all.
    let csrf_token = if has_forms || account.is_some() {
        session.masked_csrf_token().await.ok()
    } else {
        None
    };
    let flash = if take_flash {
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

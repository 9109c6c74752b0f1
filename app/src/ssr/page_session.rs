//! What a page needs from the session, loaded by the server before rendering (pages render
//! synchronously, so the session's async reads happen first, in a middleware).

use super::session::{Flash, SessionAccount};
use leptos::prelude::use_context;

/// The session facts of the page being rendered.
#[derive(Debug, Clone, Default)]
pub struct PageSession {
    /// Who is signed in.
    pub account: Option<SessionAccount>,
    /// The CSRF token for the page's forms (present on pages with forms, and when signed in).
    pub csrf_token: Option<String>,
    /// A one-time message left by a form submitted without JavaScript.
    pub flash: Option<Flash>,
}

impl PageSession {
    /// The current page's session facts (empty when there is no session).
    pub fn current() -> Self {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<PageSession>().cloned())
            .unwrap_or_default()
    }
}

//! The HTTP plumbing every route shares: serving connections with their limits and draining them, the client
//! address (trusted proxies), request ids and panics, the guard in front of state-changing forms
//! (CSRF, content types, form rate limits), the page session loaded before rendering, error
//! answers (and the one for a session store outage), security headers and the static assets.

pub mod assets;
pub mod client_address;
pub mod draining;
pub mod error_page;
pub mod form_guard;
pub mod page_cache;
pub mod page_session;
pub mod panics;
pub mod security_headers;
pub mod serve;
pub mod session_outage;

//! The HTTP plumbing every route shares: serving connections with their limits, the client
//! address (trusted proxies), request ids and panics, the guard in front of state-changing forms
//! (CSRF, content types, form rate limits), the page session loaded before rendering, error
//! answers, security headers and the static assets.

pub mod assets;
pub mod client_address;
pub mod error_page;
pub mod form_guard;
pub mod page_session;
pub mod panics;
pub mod security_headers;
pub mod serve;

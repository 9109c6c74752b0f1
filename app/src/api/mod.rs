//! Server functions the islands call, grouped by feature, and the wire types they exchange.
//! Each one is a public POST endpoint: it authenticates from the session, validates its
//! arguments and calls a port of [`crate::ssr::services::Services`]. Forms also work without
//! JavaScript: then the function stores its outcome as a one-time "flash" in the session and
//! redirects (post/redirect/get).

pub mod account;
pub mod apps;
pub use crate::model::forms;

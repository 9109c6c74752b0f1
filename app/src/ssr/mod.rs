//! Server-only parts of the UI crate: the ports the server implements, the page shell,
//! the response helpers and the security policy of pages. Never compiled into the wasm bundle.

pub mod csp;
pub mod response;
pub mod services;
pub mod shell;

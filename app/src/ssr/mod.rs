//! Everything that renders only on the server: the document shell, the route table, the pages
//! and their components, the ports the server implements, the typed session and the response
//! helpers. Never compiled into the wasm bundle.

pub mod catalogue;
pub mod components;
pub mod console;
pub mod console_session;
pub mod content;
pub mod csp;
pub mod page_session;
pub mod pages;
pub mod paths;
pub mod request;
pub mod response;
pub mod routes;
pub mod services;
pub mod session;
pub mod shell;

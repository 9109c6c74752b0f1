//! HTTP endpoints that are not Leptos pages. Each module exposes `router()`.

pub mod catalogue;
pub mod claims;
pub mod health;
pub mod inspect;
pub mod oauth;
pub mod openapi;
pub mod postman;
pub mod request_log;
pub mod try_it;

//! HTTP endpoints that are not Leptos pages. Each module exposes `router()`.

pub mod health;

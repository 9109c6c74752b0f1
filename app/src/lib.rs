//! The portal's user interface: pages, components and the server functions behind them.
//!
//! Built twice: natively with `ssr` (linked into the `portal` server) and to wasm with
//! `hydrate` (the browser bundle). Server-only code lives in [`ssr`], behind one `cfg`.

pub mod api;
pub mod components;
pub mod error;
pub mod pages;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use routes::App;
#[cfg(feature = "ssr")]
pub use ssr::shell::shell;

/// The browser entry point: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}

//! The portal's user interface, in Leptos islands mode.
//!
//! Every page renders on the server ([`ssr`], behind one `cfg`); only the interactive parts,
//! the islands, are compiled into the wasm bundle and hydrated in the browser. Content pages
//! have no islands, so they load no script at all.

#![recursion_limit = "256"]

pub mod api;
pub mod error;
pub mod islands;
pub mod model;
#[cfg(feature = "ssr")]
pub mod ssr;

#[cfg(feature = "ssr")]
pub use ssr::{routes::App, shell::shell};

/// The browser entry point: hydrates the islands of the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}

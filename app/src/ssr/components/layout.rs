//! The frame of every page: skip link, header, main landmark, footer, the live region that
//! announces in-place updates, and on interactive pages the enhancer island.

use super::{footer::SiteFooter, header::SiteHeader};
use crate::islands::enhance::Enhancer;
use crate::ssr::paths::is_interactive;
use crate::ssr::response::request_path;
use leptos::prelude::*;

/// Wraps a page in the site's header and footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let interactive = is_interactive(&request_path());
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <SiteHeader />
        <main id="main" tabindex="-1">{children()}</main>
        <SiteFooter />
        {interactive.then(|| view! {
            <div id="announcer" class="visually-hidden" role="status" aria-live="polite"></div>
            <Enhancer />
        })}
    }
}

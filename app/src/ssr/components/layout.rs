//! The frame of every page: skip link, header, main landmark and footer.

use super::{footer::SiteFooter, header::SiteHeader};
use leptos::prelude::*;

/// Wraps a page in the site's header and footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <SiteHeader />
        <main id="main" tabindex="-1">{children()}</main>
        <SiteFooter />
    }
}

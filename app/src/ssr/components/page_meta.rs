//! The per-page `<title>` and meta description.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// Sets the document title (the site name is appended) and the meta description.
#[component]
pub fn PageMeta(
    /// The page's own title.
    #[prop(into)]
    title: String,
    /// One or two sentences describing the page.
    #[prop(into)]
    description: String,
) -> impl IntoView {
    view! {
        <Title text=title />
        <Meta name="description" content=description />
    }
}

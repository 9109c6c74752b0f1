//! The page for any path the portal does not know (status 404).

use crate::error::{AppError, ErrorView};
use crate::ssr::components::page_meta::PageMeta;
use leptos::prelude::*;

/// Answers an unknown path with a helpful 404 page.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <PageMeta title="Page not found" description="This page does not exist." />
        <div class="page narrow">
            <ErrorView error=AppError::NotFound(
                "We could not find that page. It may have moved, or the link may be mistyped."
                    .to_owned(),
            ) />
        </div>
    }
}

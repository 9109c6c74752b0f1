//! A FAQ or docs page: breadcrumb, title, last-updated date, table of contents and body.

use crate::error::{AppError, ErrorView};
use crate::ssr::components::{page_meta::PageMeta, table_of_contents::TableOfContents};
use crate::ssr::content::{ContentPage, Section};
use crate::ssr::services::use_services;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The page at `/{section}/{slug}`.
#[component]
pub fn ContentPageView(section: Section) -> impl IntoView {
    let slug = use_params_map().read_untracked().get("slug").unwrap_or_default();
    let page = use_services().and_then(|services| {
        services
            .content
            .page(section, &slug)
            .ok_or_else(|| AppError::NotFound(format!("There is no page called “{slug}” here.")))
    });
    match page {
        Ok(page) => view! { <Article page /> }.into_any(),
        Err(error) => view! { <div class="page narrow"><ErrorView error /></div> }.into_any(),
    }
}

#[component]
fn Article(page: ContentPage) -> impl IntoView {
    let section = page.section;
    view! {
        <PageMeta title=page.title.clone() description=page.summary.clone() />
        <article class="page doc" aria-labelledby="page-title">
            <header class="doc-header">
                <nav class="breadcrumb" aria-label="Breadcrumb">
                    <ol>
                        <li><a href="/">"Home"</a></li>
                        <li><a href=format!("/{}", section.as_str())>{section.label()}</a></li>
                        <li aria-current="page">{page.title.clone()}</li>
                    </ol>
                </nav>
                <h1 id="page-title">{page.title}</h1>
                <p class="lede">{page.summary}</p>
                <p class="updated">
                    "Last updated " <time datetime=page.updated>{page.updated_label}</time>
                </p>
            </header>
            <div class="doc-layout">
                <TableOfContents entries=page.toc />
                <div class="prose" inner_html=page.html></div>
            </div>
        </article>
    }
}

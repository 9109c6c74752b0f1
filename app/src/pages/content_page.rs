//! A FAQ or docs page: breadcrumb, title, last-updated date, table of contents and body.

use crate::api::content::{ContentPage, Section, get_content_page};
use crate::components::{page_meta::PageMeta, table_of_contents::TableOfContents};
use crate::error::ErrorView;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The page at `/{section}/{slug}`.
#[component]
pub fn ContentPageView(section: Section) -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let page = Resource::new(slug, move |slug| get_content_page(section, slug));
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <Article page /> }.into_any(),
                    Err(error) => view! { <div class="page narrow"><ErrorView error /></div> }.into_any(),
                }
            })}
        </Suspense>
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

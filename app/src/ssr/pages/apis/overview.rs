//! `GET /apis/{slug}`: an API's introduction, description, servers, authentication, and its
//! operations grouped by tag.

use super::OperationLinkView;
use crate::error::{AppError, ErrorView};
use crate::ssr::catalogue::ApiOverview;
use crate::ssr::components::page_meta::PageMeta;
use crate::ssr::services::use_services;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The overview page.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let slug = use_params_map().read_untracked().get("api").unwrap_or_default();
    let overview = use_services().and_then(|services| {
        services
            .catalogue
            .overview(&slug)
            .ok_or_else(|| AppError::NotFound(format!("There is no API called “{slug}” in the catalogue.")))
    });
    match overview {
        Ok(overview) => view! { <Overview overview /> }.into_any(),
        Err(error) => view! { <div class="page narrow"><ErrorView error /></div> }.into_any(),
    }
}

#[component]
fn Overview(overview: ApiOverview) -> impl IntoView {
    let card = overview.card;
    let slug = card.slug.clone();
    let document_href = format!("/apis/{slug}/openapi.json");
    let postman = overview
        .groups
        .iter()
        .any(|group| !group.operations.is_empty())
        .then(|| format!("/apis/{slug}/postman-collection.json"))
        .map(|href| view! { " · " <a href=href download="">"Postman collection"</a> });
    let servers = (!overview.servers.is_empty()).then(|| {
        view! {
            <section aria-labelledby="servers">
                <h2 id="servers">"Servers"</h2>
                <p>"The servers this document names. The Try It forms call the portal's configured environments instead."</p>
                <ul class="servers">
                    {overview.servers.into_iter().map(|server| view! {
                        <li>
                            <code>{server.url}</code>
                            {(!server.description.is_empty()).then(|| view! { " — " {server.description} })}
                            {(!server.variables.is_empty()).then(|| view! {
                                <ul>{server.variables.into_iter().map(|(name, detail)| view! {
                                    <li><code>{name}</code> ": " {detail}</li>
                                }).collect_view()}</ul>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    });
    let security = (!overview.security.is_empty()).then(|| {
        view! {
            <section aria-labelledby="authentication">
                <h2 id="authentication">"Authentication"</h2>
                <dl class="security-schemes">
                    {overview.security.into_iter().map(|scheme| view! {
                        <dt><code>{scheme.name}</code> " — " {scheme.kind}</dt>
                        <dd inner_html=scheme.description_html></dd>
                    }).collect_view()}
                </dl>
            </section>
        }
    });
    let groups = overview
        .groups
        .into_iter()
        .map(|group| {
            let anchor = format!("tag-{}", anchor_of(&group.tag));
            let labelled_by = anchor.clone();
            let api = slug.clone();
            view! {
                <section class="operation-group" aria-labelledby=labelled_by>
                    <h3 id=anchor>{group.tag}</h3>
                    <div class="prose" inner_html=group.description_html></div>
                    <ul class="operation-list">
                        {group.operations.into_iter().map(|operation| {
                            let api = api.clone();
                            view! { <li><OperationLinkView api operation /></li> }
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view();
    let facts =
        (!card.version.is_empty()).then(|| format!("Version {} · OpenAPI {}", card.version, card.openapi));
    let problems = (!card.problems.is_empty()).then(|| {
        view! {
            <div class="notice error" role="note">
                <p><strong>"This API's document has problems:"</strong></p>
                <ul>{card.problems.iter().map(|problem| view! { <li><code>{problem.clone()}</code></li> }).collect_view()}</ul>
            </div>
        }
    });
    view! {
        <PageMeta title=card.title.clone() description=card.summary.clone() />
        <article class="page doc api-overview" aria-labelledby="page-title">
            <header class="doc-header">
                <nav class="breadcrumb" aria-label="Breadcrumb">
                    <ol>
                        <li><a href="/">"Home"</a></li>
                        <li><a href="/apis">"APIs"</a></li>
                        <li aria-current="page">{card.title.clone()}</li>
                    </ol>
                </nav>
                <h1 id="page-title">{card.title.clone()}</h1>
                <p class="lede">{card.summary.clone()}</p>
                <p class="api-facts">
                    {facts.map(|facts| view! { <span>{facts}</span> " · " })}
                    <a href=document_href>"OpenAPI document (JSON)"</a>
                    {postman}
                </p>
            </header>
            {problems}
            <div class="prose">
                {overview.introduction_html.map(|html| view! { <div inner_html=html></div> })}
                <div inner_html=overview.description_html></div>
            </div>
            {servers}
            {security}
            <section aria-labelledby="operations">
                <h2 id="operations">"Operations"</h2>
                {groups}
            </section>
        </article>
    }
}

/// A tag as an anchor (lowercase letters, digits and `-`).
pub fn anchor_of(text: &str) -> String {
    let mut anchor = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            anchor.push(c);
        } else if !anchor.is_empty() && !anchor.ends_with('-') {
            anchor.push('-');
        }
    }
    anchor.trim_end_matches('-').to_owned()
}

//! `GET /apis`: every API of the marketplace as a card, filtered by tag with a plain GET form.

use crate::ssr::catalogue::ApiCard;
use crate::ssr::components::page_meta::PageMeta;
use crate::ssr::services::use_services;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The catalogue page.
#[component]
pub fn CataloguePage() -> impl IntoView {
    let tag = use_query_map().read_untracked().get("tag").unwrap_or_default();
    let apis = use_services()
        .map(|services| services.catalogue.apis())
        .unwrap_or_default();
    let mut tags: Vec<String> = apis.iter().flat_map(|api| api.tags.iter().cloned()).collect();
    tags.sort();
    tags.dedup();
    let shown: Vec<ApiCard> = apis
        .into_iter()
        .filter(|api| tag.is_empty() || api.tags.contains(&tag))
        .collect();
    let count = shown.len();
    let options = tags
        .into_iter()
        .map(|name| {
            let selected = name == tag;
            view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
        })
        .collect_view();
    view! {
        <PageMeta title="APIs" description="Every API of the marketplace: reference pages and a Try It form for each operation." />
        <div class="page">
            <h1>"APIs"</h1>
            <p class="lede">
                "Reference pages for every API of the marketplace, each operation with a form that calls the sandbox through the portal's server."
            </p>
            <form class="catalogue-filter" method="get" action="/apis" role="search">
                <label for="catalogue-tag">"Tag"</label>
                <select id="catalogue-tag" name="tag">
                    <option value="" selected=tag.is_empty()>"All APIs"</option>
                    {options}
                </select>
                <button type="submit" class="button">"Filter"</button>
            </form>
            <p class="catalogue-count" aria-live="polite">
                {if count == 1 { "1 API".to_owned() } else { format!("{count} APIs") }}
                {(!tag.is_empty()).then(|| view! { " tagged “" {tag.clone()} "” · " <a href="/apis">"show all"</a> })}
            </p>
            <ul class="api-cards">
                {shown.into_iter().map(|api| view! { <li><Card api /></li> }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn Card(api: ApiCard) -> impl IntoView {
    let href = api.path();
    let operations = match api.operation_count {
        1 => "1 operation".to_owned(),
        count => format!("{count} operations"),
    };
    let version =
        (!api.version.is_empty()).then(|| format!("Version {} · OpenAPI {}", api.version, api.openapi));
    let problems = (!api.problems.is_empty()).then(|| {
        view! {
            <div class="notice error" role="note">
                <p><strong>"This API's document has problems:"</strong></p>
                <ul>{api.problems.iter().map(|problem| view! { <li><code>{problem.clone()}</code></li> }).collect_view()}</ul>
            </div>
        }
    });
    view! {
        <article class="api-card">
            <h2><a href=href>{api.title.clone()}</a></h2>
            <p>{api.summary.clone()}</p>
            <p class="api-facts">{version.map(|v| view! { <span>{v}</span> " · " })}<span>{operations}</span></p>
            <ul class="tags" aria-label="Tags">
                {api.tags.iter().map(|tag| {
                    let href = format!("/apis?tag={}", urlencode(tag));
                    view! { <li><a href=href>{tag.clone()}</a></li> }
                }).collect_view()}
            </ul>
            {problems}
        </article>
    }
}

/// `text` percent-encoded for a query value.
fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (byte as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

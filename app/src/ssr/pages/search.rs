//! `/search?q=`: ranked FAQ entries and doc sections, as a plain GET form.

use crate::error::ErrorView;
use crate::ssr::components::page_meta::PageMeta;
use crate::ssr::content::{MAX_QUERY_CHARS, SearchHit, SearchResults, SnippetPart};
use crate::ssr::services::use_services;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The search page; works without JavaScript.
#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map().read_untracked().get("q").unwrap_or_default();
    let results = use_services().map(|services| services.content.search(&query));
    view! {
        <PageMeta title="Search" description="Search the FAQ and the documentation." />
        <div class="page narrow">
            <h1>"Search"</h1>
            <form class="search-form" role="search" aria-label="FAQ and docs" method="get" action="/search">
                <label for="search-q">"Search the FAQ and docs"</label>
                <div class="search-row">
                    <input
                        id="search-q"
                        type="search"
                        name="q"
                        value=query
                        maxlength=MAX_QUERY_CHARS.to_string()
                        autocomplete="off"
                    />
                    <button type="submit">"Search"</button>
                </div>
            </form>
            {match results {
                        Ok(results) => view! { <ResultList results /> }.into_any(),
                        Err(error) => view! { <ErrorView error /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn ResultList(results: SearchResults) -> impl IntoView {
    if results.query.is_empty() {
        return view! {
            <p class="search-hint">
                "Type a word or a question, for example “grant type”, “accessToken” or “proxy error”."
            </p>
        }
        .into_any();
    }
    let count = results.hits.len();
    let summary = match count {
        0 => format!("No results for “{}”.", results.query),
        1 => format!("1 result for “{}”.", results.query),
        n => format!("{n} results for “{}”.", results.query),
    };
    view! {
        <p class="search-summary" role="status">{summary}</p>
        {results.query_truncated.then(|| view! {
            <p class="notice">
                {format!("Your query was long, so only its first {MAX_QUERY_CHARS} characters were searched.")}
            </p>
        })}
        {(count == 0).then(|| view! {
            <p class="search-hint">
                "Try fewer or different words, browse the " <a href="/faq">"FAQ"</a> " and "
                <a href="/docs">"docs"</a> ", or ask the sandbox directly in " <a href="/try-it">"Try It"</a> "."
            </p>
        })}
        {(count > 0).then(|| view! {
            <ol class="search-results">
                {results.hits.into_iter().map(|hit| view! { <Hit hit /> }).collect_view()}
            </ol>
        })}
    }
    .into_any()
}

#[component]
fn Hit(hit: SearchHit) -> impl IntoView {
    view! {
        <li class="search-hit">
            <h2><a href=hit.url><Marked parts=hit.heading /></a></h2>
            <p class="hit-page">{hit.page_title}</p>
            <p class="snippet"><Marked parts=hit.snippet /></p>
        </li>
    }
}

/// Text with the parts that matched the query in `<mark>`.
#[component]
fn Marked(parts: Vec<SnippetPart>) -> impl IntoView {
    parts
        .into_iter()
        .map(|part| {
            if part.matched {
                view! { <mark>{part.text}</mark> }.into_any()
            } else {
                part.text.into_any()
            }
        })
        .collect_view()
}

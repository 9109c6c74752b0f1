//! `/search?q=`: ranked FAQ entries and doc sections, as a plain GET form.

use crate::api::content::{MAX_QUERY_CHARS, SearchHit, SearchResults, SnippetPart, search_content};
use crate::components::page_meta::PageMeta;
use crate::error::ErrorView;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The search page; works without JavaScript.
#[component]
pub fn SearchPage() -> impl IntoView {
    let query_map = use_query_map();
    let query = move || query_map.read().get("q").unwrap_or_default();
    let results = Resource::new(query, |query| async move {
        if query.trim().is_empty() {
            Ok(SearchResults::default())
        } else {
            search_content(query).await
        }
    });
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
                        prop:value=query
                        maxlength=MAX_QUERY_CHARS.to_string()
                        autocomplete="off"
                    />
                    <button type="submit">"Search"</button>
                </div>
            </form>
            <Suspense fallback=|| view! { <p class="loading">"Searching…"</p> }>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok(results) => view! { <ResultList results /> }.into_any(),
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })}
            </Suspense>
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
            <p>
                "Try fewer or different words, browse the " <a href="/faq">"FAQ"</a> " and "
                <a href="/docs">"docs"</a> ", or ask the sandbox directly in " <a href="/try-it">"Try It"</a> "."
            </p>
        })}
        <ol class="search-results">
            {results.hits.into_iter().map(|hit| view! { <Hit hit /> }).collect_view()}
        </ol>
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

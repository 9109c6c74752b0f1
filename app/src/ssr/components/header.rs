//! The site header: brand, primary navigation and the search box.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The primary navigation: label, link, and the path prefix that marks it current.
const NAV_ITEMS: &[(&str, &str, &str)] = &[
    ("FAQ", "/faq", "/faq"),
    ("Docs", "/docs", "/docs"),
    ("Try It", "/try-it", "/try-it"),
    ("Sandbox", "/sandbox", "/sandbox"),
];

/// The header shown on every page.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let location = use_location();
    let is_current = move |prefix: &str| {
        let path = location.pathname.get();
        path == prefix || path.starts_with(&format!("{prefix}/"))
    };
    view! {
        <header class="site-header">
            <div class="site-header-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    <span>"API Marketplace"</span>
                    <span class="brand-sub">"Developer Portal"</span>
                </a>
                <nav class="primary-nav" aria-label="Main">
                    <ul>
                        {NAV_ITEMS
                            .iter()
                            .map(|&(label, href, prefix)| {
                                view! {
                                    <li>
                                        <a
                                            href=href
                                            aria-current=move || is_current(prefix).then_some("page")
                                        >
                                            {label}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </nav>
                <form class="header-search" role="search" aria-label="Site" method="get" action="/search">
                    <label class="visually-hidden" for="header-search-q">
                        "Search the FAQ and docs"
                    </label>
                    <input
                        id="header-search-q"
                        type="search"
                        name="q"
                        placeholder="Search FAQ and docs"
                        maxlength="200"
                        autocomplete="off"
                    />
                    <button type="submit">"Search"</button>
                </form>
            </div>
        </header>
    }
}

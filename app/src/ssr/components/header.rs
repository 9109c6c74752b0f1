//! The site header: brand, primary navigation and the search box.

use crate::api::account::SignOut;
use crate::ssr::components::forms::CsrfField;
use crate::ssr::page_session::PageSession;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_location;

/// The primary navigation: label, link, and the path prefix that marks it current.
const NAV_ITEMS: &[(&str, &str, &str)] = &[
    ("FAQ", "/faq", "/faq"),
    ("Docs", "/docs", "/docs"),
    ("APIs", "/apis", "/apis"),
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
                <AccountMenu />
            </div>
        </header>
    }
}

/// "Signed in as …" with a sign-out button, or a sign-in link.
#[component]
fn AccountMenu() -> impl IntoView {
    let session = PageSession::current();
    match (session.account, session.csrf_token) {
        (Some(account), Some(csrf_token)) => view! {
            <div class="account-menu">
                <span class="signed-in-as">"Signed in as " <strong>{account.name}</strong></span>
                <form method="post" action=SignOut::url()>
                    <CsrfField token=csrf_token />
                    <button type="submit" class="button small">"Sign out"</button>
                </form>
            </div>
        }
        .into_any(),
        _ => view! {
            <div class="account-menu">
                <a class="button small" href="/login">"Sign in"</a>
            </div>
        }
        .into_any(),
    }
}

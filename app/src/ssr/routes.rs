//! The route table: which page answers which path, and which pages are interactive.

use crate::error::ErrorView;
use crate::ssr::components::layout::Layout;
use crate::ssr::content::Section;
use crate::ssr::pages::{
    apis::{catalogue::CataloguePage, operation::OperationPage, overview::OverviewPage},
    content_page::ContentPageView,
    home::HomePage,
    not_found::NotFound,
    sandbox::SandboxPage,
    search::SearchPage,
    section_index::SectionIndex,
    sign_in::SignInPage,
    sign_up::SignUpPage,
    try_it::TryItPage,
};
use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// The name every page title ends with.
pub const SITE_NAME: &str = "API Marketplace Developer Portal";

/// Path prefixes of the pages that load the wasm bundle and hydrate. Every other page is
/// server-rendered HTML that works, and is complete, without JavaScript.
const INTERACTIVE_PREFIXES: &[&str] = &["/try-it", "/sandbox", "/login"];

/// Where an app's Postman collection is downloaded (served by the server's `routes::postman`).
pub fn postman_collection_url(client_id: &str) -> String {
    format!("/sandbox/apps/{client_id}/postman-collection.json")
}

/// Where an app's Postman environment is downloaded.
pub fn postman_environment_url(client_id: &str) -> String {
    format!("/sandbox/apps/{client_id}/postman-environment.json")
}

/// Set by the server to render an error page (a refused form, a rate limit) in place of the
/// page the path would show.
#[derive(Debug, Clone)]
pub struct RequestError(pub crate::error::AppError);

/// Whether the page at `path` hydrates (and so needs the wasm bundle): the console, the
/// account pages, and an operation's page (its Try It form); the catalogue's lists and
/// overviews stay plain HTML.
pub fn is_interactive(path: &str) -> bool {
    let is_operation_page = path
        .strip_prefix("/apis/")
        .is_some_and(|rest| rest.split('/').filter(|segment| !segment.is_empty()).count() == 2);
    is_operation_page
        || INTERACTIVE_PREFIXES.iter().any(|prefix| {
            path.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
}

/// The whole application: layout, router and every page.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    if let Some(RequestError(error)) = use_context::<RequestError>() {
        return view! {
            <Router>
                <Layout>
                    <div class="page narrow"><ErrorView error /></div>
                </Layout>
            </Router>
        }
        .into_any();
    }
    view! {
        <Title formatter=|page: String| {
            if page.is_empty() { SITE_NAME.to_owned() } else { format!("{page} · {SITE_NAME}") }
        } />
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                    <Route
                        path=path!("/faq")
                        view=|| view! { <SectionIndex section=Section::Faq /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/faq/:slug")
                        view=|| view! { <ContentPageView section=Section::Faq /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/docs")
                        view=|| view! { <SectionIndex section=Section::Docs /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/docs/:slug")
                        view=|| view! { <ContentPageView section=Section::Docs /> }
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/apis") view=CataloguePage ssr=SsrMode::Async />
                    <Route path=path!("/apis/:api") view=OverviewPage ssr=SsrMode::Async />
                    <Route path=path!("/apis/:api/:operation") view=OperationPage ssr=SsrMode::Async />
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async />
                    <Route path=path!("/sandbox/signup") view=SignUpPage ssr=SsrMode::Async />
                    <Route path=path!("/sandbox") view=SandboxPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/try-it") view=TryItPage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::is_interactive;

    #[test]
    fn console_and_account_pages_are_interactive() {
        for path in [
            "/try-it",
            "/sandbox",
            "/sandbox/signup",
            "/login",
            "/apis/claims-attachments/submit-attachment",
        ] {
            assert!(is_interactive(path), "{path}");
        }
    }

    #[test]
    fn content_pages_are_not_interactive() {
        for path in [
            "/",
            "/faq/security-and-authorization",
            "/docs/x",
            "/search",
            "/try-itx",
            "/sandboxes",
            "/apis",
            "/apis/claims-attachments",
        ] {
            assert!(!is_interactive(path), "{path}");
        }
    }
}

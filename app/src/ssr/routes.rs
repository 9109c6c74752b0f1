//! The route table: which page answers which path, and which pages are interactive.

use crate::error::ErrorView;
use crate::ssr::components::layout::Layout;
use crate::ssr::content::Section;
use crate::ssr::pages::{
    apis::{catalogue::CataloguePage, operation::OperationPage, overview::OverviewPage},
    content_page::ContentPageView,
    home::HomePage,
    inspect::InspectPage,
    not_found::NotFound,
    requests::{detail::RequestDetailView, list::RequestLogView},
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

/// Set by the server to render an error page (a refused form, a rate limit) in place of the
/// page the path would show.
#[derive(Debug, Clone)]
pub struct RequestError(pub crate::error::AppError);

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
                    <Route path=path!("/sandbox/inspect") view=InspectPage ssr=SsrMode::Async />
                    <Route path=path!("/sandbox/apps/:client_id/requests") view=RequestLogView ssr=SsrMode::Async />
                    <Route
                        path=path!("/sandbox/apps/:client_id/requests/:request_id")
                        view=RequestDetailView
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/login") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/try-it") view=TryItPage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
    .into_any()
}

//! The home page: what the portal offers and the three steps to a first API call.

use crate::error::ErrorView;
use crate::ssr::components::page_cards::PageCards;
use crate::ssr::components::page_meta::PageMeta;
use crate::ssr::services::use_services;
use leptos::prelude::*;

/// `/`.
#[component]
pub fn HomePage() -> impl IntoView {
    let pages = use_services().map(|services| services.content.pages());
    view! {
        <PageMeta
            title=""
            description="Read the security FAQ, sign up for a sandbox and make your first OAuth 2.0 token request and Claims Attachment API call in a minute."
        />
        <div class="page">
            <section class="hero" aria-labelledby="hero-title">
                <h1 id="hero-title">"From sign-up to your first API call in a minute"</h1>
                <p class="lede">
                    "Get sandbox credentials, request an OAuth 2.0 access token and call the Claims "
                    "Attachment APIs from your browser. The console talks to the sandbox through this "
                    "portal's server, so there are no CORS or proxy errors to work around."
                </p>
                <p class="hero-actions">
                    <a class="button primary" href="/sandbox/signup">"Get sandbox credentials"</a>
                    <a class="button" href="/docs/getting-started">"Read the getting-started guide"</a>
                </p>
            </section>
            <section class="steps" aria-labelledby="steps-title">
                <h2 id="steps-title">"How it works"</h2>
                <ol class="step-list">
                    <li>
                        <h3>"Read"</h3>
                        <p>
                            "The " <a href="/faq/security-and-authorization">"Security and Authorization FAQ"</a>
                            " explains the token endpoint, the v1 and v2 token APIs and your credentials."
                        </p>
                    </li>
                    <li>
                        <h3>"Sign up"</h3>
                        <p>
                            <a href="/sandbox/signup">"Create a sandbox account"</a>
                            " and receive your MN-ClientId and MN-ClientSecret at once."
                        </p>
                    </li>
                    <li>
                        <h3>"Try it"</h3>
                        <p>
                            "Request a token and submit a test attachment in the "
                            <a href="/try-it">"Try It console"</a> ", or download a ready Postman collection."
                        </p>
                    </li>
                </ol>
            </section>
            <section aria-labelledby="docs-title">
                <h2 id="docs-title">"Documentation"</h2>
                {match pages {
                            Ok(pages) => view! { <PageCards pages nested=true show_kind=true /> }
                            .into_any(),
                            Err(error) => view! { <ErrorView error /> }.into_any(),
                }}
            </section>
        </div>
    }
}

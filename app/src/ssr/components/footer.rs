//! The site footer: machine-readable endpoints and the sandbox's data warning.

use leptos::prelude::*;

/// The footer shown on every page.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="site-footer-inner">
                <nav aria-label="Reference">
                    <ul>
                        <li><a href="/docs/getting-started">"Getting started"</a></li>
                        <li><a href="/docs/token-request-and-response">"Token API"</a></li>
                        <li><a href="/openapi.json">"OpenAPI document"</a></li>
                        <li>
                            <a href="/.well-known/oauth-authorization-server">
                                "Authorization server metadata"
                            </a>
                        </li>
                    </ul>
                </nav>
                <p class="footer-note">
                    "The sandbox is for test data only. Never send real patient or personal information."
                </p>
            </div>
        </footer>
    }
}

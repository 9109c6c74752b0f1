//! `/sandbox/inspect`: the token inspector. Paste a token and the portal's server decodes it,
//! checks it against this sandbox (signature, issuer, audience, expiry, revocation) and, for
//! one of the signed-in account's apps, shows the app and the token's last uses. The form
//! posts to the server, which renders this page with the result ([`InspectionResult`]); the
//! token is never kept, logged or put back in the page.

use crate::model::inspection::Inspection;
use crate::ssr::components::forms::{CsrfField, SubmitButton};
use crate::ssr::components::inspection::InspectionReport;
use crate::ssr::components::page_meta::PageMeta;
use crate::ssr::page_session::PageSession;
pub use crate::ssr::paths::INSPECT_PATH;
use leptos::prelude::*;

/// The longest token the form takes (characters).
pub const TOKEN_MAX_CHARS: u32 = 8 * 1024;

/// Set by the server when it renders the page in answer to the form: what it found.
#[derive(Debug, Clone)]
pub struct InspectionResult {
    /// What the inspector found.
    pub inspection: Inspection,
    /// When it looked (seconds since the epoch), for the expiry in words.
    pub checked_at: i64,
}

/// The inspector page; sends people who are not signed in to `/login`.
#[component]
pub fn InspectPage() -> impl IntoView {
    let session = PageSession::current();
    if session.account.is_none() {
        leptos_axum::redirect("/login");
        return view! { <p>"Please " <a href="/login">"sign in"</a> "."</p> }.into_any();
    }
    let csrf = session.csrf_token.unwrap_or_default();
    let result = use_context::<InspectionResult>();
    view! {
        <PageMeta
            title="Token inspector"
            description="Decode an access token and check it against the sandbox: signature, issuer, audience, expiry, revocation, and its last uses."
        />
        <div class="page">
            <h1>"Token inspector"</h1>
            <p class="lede">
                "Paste an access token to see its header and claims, whether this sandbox issued it and "
                "would accept it now, and, for your own apps, which app it belongs to and its last uses. "
                "Tokens the "<a href="/try-it">"Try It console"</a>" gets are inspected in its token panel."
            </p>
            <section class="panel" aria-labelledby="inspect-form-title">
                <div class="panel-header"><h2 id="inspect-form-title">"Inspect a token"</h2></div>
                <form class="form" method="post" action=INSPECT_PATH data-enhance="">
                    <CsrfField token=csrf />
                    <div class="field">
                        <label for="inspect-token">"Access token"</label>
                        <p class="field-hint" id="inspect-token-hint">
                            "The access_token from a token response (a Bearer prefix is fine). It is checked on the "
                            "portal's server and never stored, logged or shown again."
                        </p>
                        <textarea
                            id="inspect-token"
                            name="token"
                            rows="6"
                            required=true
                            maxlength=TOKEN_MAX_CHARS.to_string()
                            spellcheck="false"
                            autocomplete="off"
                            autocapitalize="off"
                            aria-describedby="inspect-token-hint"
                        ></textarea>
                    </div>
                    <SubmitButton label="Inspect token" />
                </form>
            </section>
            {result.map(|result| view! { <InspectionReport inspection=result.inspection now=result.checked_at /> })}
        </div>
    }
    .into_any()
}

//! The one-time display of new credentials: MN-ClientId and MN-ClientSecret with copy buttons,
//! the warning that the secret will not be shown again, the Postman downloads and the way on.

use crate::model::forms::NewCredentials;
use crate::ssr::paths::{postman_collection_url, postman_environment_url};
use leptos::prelude::*;

/// Shows credentials that were just issued.
#[component]
pub fn CredentialsPanel(credentials: NewCredentials) -> impl IntoView {
    let collection = postman_collection_url(&credentials.client_id);
    let environment = postman_environment_url(&credentials.client_id);
    view! {
        <section class="panel credentials" aria-labelledby="credentials-title" data-focus-after-update="">
            <div class="panel-header">
                <h2 id="credentials-title">{format!("Credentials for “{}”", credentials.app_name)}</h2>
            </div>
            <p class="message warning" role="note">
                <strong>"Copy the secret now: it will not be shown again."</strong>
                " Keep it in a password manager or secret store. If you lose it, rotate the secret to get a new one."
            </p>
            <dl class="kv">
                <dt>"MN-ClientId"</dt>
                <dd><CopyableValue id="new-client-id" label="MN-ClientId" value=credentials.client_id.clone() /></dd>
                <dt>"MN-ClientSecret"</dt>
                <dd><CopyableValue id="new-client-secret" label="MN-ClientSecret" value=credentials.client_secret.0 /></dd>
            </dl>
            <p class="hero-actions">
                <a class="button primary" href="/try-it">"Try it now"</a>
                <a class="button" href=collection download="">"Download Postman collection"</a>
                <a class="button" href=environment download="">"Download Postman environment"</a>
            </p>
        </section>
    }
}

/// A value shown in full, with a copy button that appears once JavaScript runs.
#[component]
fn CopyableValue(id: &'static str, label: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="secret-box">
            <code id=id.to_owned() class="secret-value">{value}</code>
            <button type="button" class="button small copy-button" hidden=true data-js-only="" data-copy-target=id>
                "Copy"
                <span class="visually-hidden">{format!(" {label}")}</span>
            </button>
        </div>
    }
}

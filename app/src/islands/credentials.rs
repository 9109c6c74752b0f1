//! The one-time display of new credentials: MN-ClientId and MN-ClientSecret with copy buttons,
//! the warning that the secret will not be shown again, the Postman downloads and the way on.

use crate::api::forms::NewCredentials;
use leptos::prelude::*;

/// Shows credentials that were just issued.
#[component]
pub fn CredentialsPanel(credentials: NewCredentials) -> impl IntoView {
    let collection = format!("/sandbox/apps/{}/postman-collection.json", credentials.client_id);
    let environment = format!("/sandbox/apps/{}/postman-environment.json", credentials.client_id);
    view! {
        <section class="panel credentials" aria-labelledby="credentials-title">
            <div class="panel-header">
                <h2 id="credentials-title">{format!("Credentials for “{}”", credentials.app_name)}</h2>
            </div>
            <p class="message warning" role="note">
                <strong>"Copy the secret now: it will not be shown again."</strong>
                " Store it in a password manager or secret store. If you lose it, rotate the secret to get a new one."
            </p>
            <dl class="kv">
                <dt>"MN-ClientId"</dt>
                <dd><SecretValue label="MN-ClientId" value=credentials.client_id.clone() /></dd>
                <dt>"MN-ClientSecret"</dt>
                <dd><SecretValue label="MN-ClientSecret" value=credentials.client_secret.0.clone() /></dd>
            </dl>
            <p class="hero-actions">
                <a class="button primary" href="/try-it">"Try it now"</a>
                <a class="button" href=collection download="">"Download Postman collection"</a>
                <a class="button" href=environment download="">"Download Postman environment"</a>
            </p>
        </section>
    }
}

/// A value shown in full, with a copy button once JavaScript is running.
#[component]
fn SecretValue(label: &'static str, value: String) -> impl IntoView {
    // The button only works with JavaScript, so it appears only after hydration.
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    let (copied, set_copied) = signal(false);
    let to_copy = value.clone();
    let copy = move |_| {
        copy_to_clipboard(&to_copy);
        set_copied.set(true);
    };
    view! {
        <div class="secret-box">
            <code class="secret-value">{value}</code>
            <button
                type="button"
                class="button small copy-button"
                hidden=move || !hydrated.get()
                on:click=copy
                aria-label=format!("Copy {label}")
            >
                {move || if copied.get() { "Copied" } else { "Copy" }}
            </button>
            <span class="visually-hidden" aria-live="polite">
                {move || copied.get().then(|| format!("{label} copied to the clipboard"))}
            </span>
        </div>
    }
}

/// Puts `text` on the clipboard (browser only).
pub fn copy_to_clipboard(text: &str) {
    #[cfg(feature = "hydrate")]
    {
        let clipboard = leptos::prelude::window().navigator().clipboard();
        let _ = clipboard.write_text(text);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}

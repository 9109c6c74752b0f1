//! `/login`: sign in to manage sandbox apps.

use crate::islands::sign_in::SignInForm;
use crate::ssr::components::page_meta::PageMeta;
use crate::ssr::page_session::PageSession;
use crate::ssr::session::Flash;
use leptos::prelude::*;

/// The sign-in page.
#[component]
pub fn SignInPage() -> impl IntoView {
    let session = PageSession::current();
    let (values, errors) = match session.flash {
        Some(Flash::SignIn { values, errors }) => (values, errors),
        _ => Default::default(),
    };
    let csrf_token = session.csrf_token.unwrap_or_default();
    view! {
        <PageMeta title="Sign in" description="Sign in to manage your sandbox apps and credentials." />
        <div class="page narrow">
            <h1>"Sign in"</h1>
            {session.account.map(|account| view! {
                <p class="message info">
                    {format!("You are already signed in as {}. ", account.name)}
                    <a href="/sandbox">"Go to your sandbox apps"</a>"."
                </p>
            })}
            <SignInForm csrf_token values errors />
            <p>"New here? " <a href="/sandbox/signup">"Create a sandbox account"</a>"."</p>
        </div>
    }
}

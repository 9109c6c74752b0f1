//! `/login`: sign in to manage sandbox apps.

use crate::api::account::SignIn;
use crate::ssr::components::forms::{CsrfField, ErrorSummary, SubmitButton, TextField};
use crate::ssr::components::page_meta::PageMeta;
use crate::ssr::page_session::PageSession;
use crate::ssr::session::Flash;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The sign-in page.
#[component]
pub fn SignInPage() -> impl IntoView {
    let session = PageSession::current();
    let (values, errors) = match session.flash {
        Some(Flash::SignIn { values, errors }) => (values, errors),
        _ => Default::default(),
    };
    let error = |field: &str| errors.for_field(field).map(str::to_owned);
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
            <ErrorSummary errors=errors.clone() />
            <form class="form" method="post" action=SignIn::url() data-enhance="" novalidate=true>
                <CsrfField token=csrf_token />
                <TextField name="email" id="field-email" label="E-mail" input_type="email" autocomplete="username" value=values.email error=error("email") max_length=254 />
                <TextField name="password" id="field-password" label="Password" input_type="password" autocomplete="current-password" error=error("password") max_length=128 />
                <SubmitButton label="Sign in" />
            </form>
            <p>"New here? " <a href="/sandbox/signup">"Create a sandbox account"</a>"."</p>
        </div>
    }
}

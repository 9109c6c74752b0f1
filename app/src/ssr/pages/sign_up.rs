//! `/sandbox/signup`: create an account and get sandbox credentials at once.

use crate::api::account::SignUp;
use crate::ssr::components::forms::{CheckboxField, CsrfField, ErrorSummary, SubmitButton, TextField};
use crate::ssr::components::page_meta::PageMeta;
use crate::ssr::page_session::PageSession;
use crate::ssr::session::Flash;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The sign-up page.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let session = PageSession::current();
    let (values, errors) = match session.flash {
        Some(Flash::SignUp { values, errors }) => (values, errors),
        _ => Default::default(),
    };
    let error = |field: &str| errors.for_field(field).map(str::to_owned);
    let csrf_token = session.csrf_token.unwrap_or_default();
    view! {
        <PageMeta
            title="Sign up for a sandbox"
            description="Create a sandbox account and get your MN-ClientId and MN-ClientSecret at once."
        />
        <div class="page narrow">
            <h1>"Create your sandbox account"</h1>
            <p class="lede">
                "You get your MN-ClientId and MN-ClientSecret straight away, ready for the Try It "
                "console and the Postman collections. The sandbox is for test data only."
            </p>
            {session.account.map(|account| view! {
                <p class="message info">
                    {format!("You are signed in as {}. ", account.name)}
                    <a href="/sandbox">"Go to your sandbox apps"</a>
                    " to add another app instead."
                </p>
            })}
            <ErrorSummary errors=errors.clone() />
            <form class="form" method="post" action=SignUp::url() data-enhance="" novalidate=true>
                <CsrfField token=csrf_token />
                <TextField name="name" id="field-name" label="Full name" autocomplete="name" value=values.name error=error("name") max_length=100 />
                <TextField name="email" id="field-email" label="Work e-mail" input_type="email" autocomplete="email" value=values.email error=error("email") max_length=254 />
                <TextField name="organisation" id="field-organisation" label="Organisation" autocomplete="organization" value=values.organisation error=error("organisation") max_length=120 />
                <TextField
                    name="password"
                    id="field-password"
                    label="Password"
                    input_type="password"
                    autocomplete="new-password"
                    hint="At least 12 characters. Not your e-mail address, and not a common password."
                    error=error("password")
                    max_length=128
                />
                <CheckboxField
                    name="accept_terms"
                    id="field-accept_terms"
                    label="I accept the sandbox terms: test data only, never real patient or personal information."
                    checked=values.accept_terms
                    error=error("accept_terms")
                />
                <SubmitButton label="Create sandbox account" />
            </form>
            <p>"Already have an account? " <a href="/login">"Sign in"</a>"."</p>
        </div>
    }
}

//! `/sandbox/signup`: create an account and get sandbox credentials at once.

use crate::islands::sign_up::SignUpForm;
use crate::ssr::components::page_meta::PageMeta;
use crate::ssr::page_session::PageSession;
use crate::ssr::session::Flash;
use leptos::prelude::*;

/// The sign-up page.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let session = PageSession::current();
    let (values, errors) = match session.flash {
        Some(Flash::SignUp { values, errors }) => (values, errors),
        _ => Default::default(),
    };
    let csrf_token = session.csrf_token.unwrap_or_default();
    view! {
        <PageMeta
            title="Sign up for a sandbox"
            description="Create a sandbox account and get your MN-ClientId and MN-ClientSecret at once."
        />
        <div class="page narrow">
            <h1>"Create your sandbox account"</h1>
            <p class="lede">
                "You will get your MN-ClientId and MN-ClientSecret straight away, ready for the Try It "
                "console and the Postman collections. The sandbox is for test data only."
            </p>
            {session.account.map(|account| view! {
                <p class="message info">
                    {format!("You are signed in as {}. ", account.name)}
                    <a href="/sandbox">"Go to your sandbox apps"</a>
                    " to add another app instead."
                </p>
            })}
            <SignUpForm csrf_token values errors />
            <p>"Already have an account? " <a href="/login">"Sign in"</a>"."</p>
        </div>
    }
}

//! `/sandbox`: the signed-in account's apps, their credentials and history.

use crate::error::ErrorView;
use crate::islands::apps::{AppsManager, AppsState};
use crate::ssr::components::page_meta::PageMeta;
use crate::ssr::page_session::PageSession;
use crate::ssr::services::use_services;
use crate::ssr::session::Flash;
use leptos::prelude::*;

/// The apps page; sends people who are not signed in to `/login`.
#[component]
pub fn SandboxPage() -> impl IntoView {
    let session = PageSession::current();
    let Some(account) = session.account.clone() else {
        leptos_axum::redirect("/login");
        return view! { <p>"Please " <a href="/login">"sign in"</a> "."</p> }.into_any();
    };
    let services = use_services();
    let flash = session.flash.clone();
    let state = Resource::new_blocking(
        || (),
        move |_| {
            let (services, account_id, flash) = (services.clone(), account.id.clone(), flash.clone());
            async move {
                let services = services?;
                let overview = services.accounts.overview(&account_id).await?;
                let mut state = AppsState {
                    overview,
                    ..AppsState::default()
                };
                if let Some(Flash::Apps {
                    message,
                    errors,
                    sealed_credentials,
                }) = flash
                {
                    state.message = message;
                    state.errors = errors;
                    state.credentials =
                        sealed_credentials.and_then(|sealed| services.accounts.open_credentials(&sealed));
                }
                Ok::<_, crate::error::AppError>(state)
            }
        },
    );
    let name = session.account.map(|a| a.name).unwrap_or_default();
    let csrf_token = session.csrf_token.unwrap_or_default();
    view! {
        <PageMeta title="Your sandbox" description="Your sandbox apps, their credentials and history." />
        <div class="page">
            <h1>"Your sandbox"</h1>
            <p class="lede">
                {format!("Signed in as {name}. ")}
                "Each app has its own MN-ClientId and MN-ClientSecret. Use them in the "
                <a href="/try-it">"Try It console"</a> " or the Postman collections."
            </p>
            <Suspense fallback=|| view! { <p class="loading">"Loading your apps…"</p> }>
                {move || {
                    let csrf_token = csrf_token.clone();
                    Suspend::new(async move {
                        match state.await {
                            Ok(state) => view! { <AppsManager csrf_token state /> }.into_any(),
                            Err(error) => view! { <ErrorView error /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
    .into_any()
}

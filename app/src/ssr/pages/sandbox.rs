//! `/sandbox`: the signed-in account's apps, their credentials and history, and the forms to
//! add, rename, rotate and revoke apps.

use crate::api::apps::{CreateApp, RenameApp, RevokeApp, RotateAppSecret};
use crate::error::ErrorView;
use crate::model::apps::{AppView, AppsOverview};
use crate::model::forms::FormErrors;
use crate::ssr::components::credentials::CredentialsPanel;
use crate::ssr::components::forms::{CsrfField, ErrorSummary, SubmitButton, TextField};
use crate::ssr::components::page_meta::PageMeta;
use crate::ssr::page_session::PageSession;
use crate::ssr::paths::{postman_collection_url, postman_environment_url, request_log_url};
use crate::ssr::services::use_services;
use crate::ssr::session::Flash;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The apps page; sends people who are not signed in to `/login`.
#[component]
pub fn SandboxPage() -> impl IntoView {
    let session = PageSession::current();
    let Some(account) = session.account.clone() else {
        leptos_axum::redirect("/login");
        return view! { <p>"Please " <a href="/login">"sign in"</a> "."</p> }.into_any();
    };
    let (message, errors, sealed) = match session.flash.clone() {
        Some(Flash::Apps {
            message,
            errors,
            sealed_credentials,
        }) => (message, errors, sealed_credentials),
        _ => (None, FormErrors::default(), None),
    };
    let services = use_services();
    let credentials = sealed.and_then(|sealed| services.as_ref().ok()?.accounts.open_credentials(&sealed));
    let overview = Resource::new_blocking(
        || (),
        move |_| {
            let (services, account_id) = (services.clone(), account.id.clone());
            async move { services?.accounts.overview(&account_id).await }
        },
    );
    let csrf = session.csrf_token.unwrap_or_default();
    let name = session.account.map(|a| a.name).unwrap_or_default();
    view! {
        <PageMeta title="Your sandbox" description="Your sandbox apps, their credentials and history." />
        <div class="page">
            <h1>"Your sandbox"</h1>
            <p class="lede">
                {format!("Signed in as {name}. ")}
                "Each app has its own MN-ClientId and MN-ClientSecret. Use them in the "
                <a href="/try-it">"Try It console"</a> " or the Postman collections."
            </p>
            <p>
                "A token refused? Paste it in the " <a href="/sandbox/inspect">"token inspector"</a>
                " to see its claims, whether it expired or was revoked, and its last uses."
            </p>
            {message.map(|message| view! { <p class="message ok" role="status">{message}</p> })}
            <ErrorSummary errors=errors.clone() id_of=add_field_id />
            {credentials.map(|credentials| view! { <CredentialsPanel credentials /> })}
            <Suspense fallback=|| view! { <p class="loading">"Loading your apps…"</p> }>
                {move || {
                    let (csrf, name_error) = (csrf.clone(), errors.for_field("name").map(str::to_owned));
                    Suspend::new(async move {
                        match overview.await {
                            Ok(overview) => view! { <Apps overview csrf name_error /> }.into_any(),
                            Err(error) => view! { <ErrorView error /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
    .into_any()
}

fn add_field_id(name: &str) -> String {
    format!("new-app-{name}")
}

#[component]
fn Apps(overview: AppsOverview, csrf: String, name_error: Option<String>) -> impl IntoView {
    let AppsOverview { apps, events } = overview;
    let list = if apps.is_empty() {
        view! { <p>"You have no apps yet. Add one below."</p> }.into_any()
    } else {
        view! {
            <ul class="app-list">
                {apps.into_iter().map(|app| view! { <AppItem app csrf=csrf.clone() /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="panel" aria-labelledby="apps-title">
            <div class="panel-header"><h2 id="apps-title">"Your apps"</h2></div>
            {list}
        </section>
        <section class="panel" aria-labelledby="add-app-title">
            <div class="panel-header"><h2 id="add-app-title">"Add an app"</h2></div>
            <form class="form inline-form" method="post" action=CreateApp::url() data-enhance="" novalidate=true>
                <CsrfField token=csrf />
                <TextField
                    name="name"
                    id="new-app-name"
                    label="App name"
                    hint="A name you will recognise, such as “Billing service (staging)”."
                    error=name_error
                    max_length=80
                />
                <SubmitButton label="Add app" />
            </form>
        </section>
        <section class="panel" aria-labelledby="history-title">
            <div class="panel-header"><h2 id="history-title">"History"</h2></div>
            <ol class="history">
                {events
                    .into_iter()
                    .map(|event| view! {
                        <li>
                            <time datetime=event.when_iso>{event.when}</time>
                            " — " {event.what} " — " <strong>{event.app_name}</strong>
                            " (" <code>{event.client_id}</code> ")"
                        </li>
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}

/// One app with its actions; destructive ones need a ticked confirmation.
#[component]
fn AppItem(app: AppView, csrf: String) -> impl IntoView {
    let badge = match app.status.as_str() {
        "active" => "badge badge-ok",
        "suspended" => "badge badge-warn",
        _ => "badge badge-muted",
    };
    let actions = (app.status != "revoked").then(|| {
        let id = app.client_id.clone();
        view! {
            <p class="app-downloads">
                <a href=postman_collection_url(&id) download="">"Postman collection"</a>
                " · "
                <a href=postman_environment_url(&id) download="">"Postman environment"</a>
            </p>
            <details class="app-action">
                <summary>"Rename"</summary>
                <form class="form inline-form" method="post" action=RenameApp::url() data-enhance="" novalidate=true>
                    <CsrfField token=csrf.clone() />
                    <input type="hidden" name="client_id" value=id.clone() />
                    <TextField name="name" id=format!("rename-{id}") label="New name" value=app.name.clone() max_length=80 />
                    <SubmitButton label="Rename" class="secondary small" />
                </form>
            </details>
            <ConfirmedAction
                summary="Rotate secret"
                action=RotateAppSecret::url()
                client_id=id.clone()
                csrf=csrf.clone()
                confirm="I understand the current secret stops working at once."
                button="Rotate secret"
                class="secondary small"
            />
            <ConfirmedAction
                summary="Revoke app"
                action=RevokeApp::url()
                client_id=id
                csrf=csrf
                confirm="I understand this app and all its tokens stop working for good."
                button="Revoke app"
                class="danger small"
            />
        }
    });
    let heading_id = format!("app-{}", app.client_id);
    let labelled_by = heading_id.clone();
    view! {
        <li class="app-item" aria-labelledby=labelled_by>
            <h3 id=heading_id>{app.name.clone()} " " <span class=badge>{app.status.clone()}</span></h3>
            <dl class="kv">
                <dt>"MN-ClientId"</dt>
                <dd><code>{app.client_id.clone()}</code></dd>
                <dt>"Scopes"</dt>
                <dd>{app.scopes}</dd>
                <dt>"Created"</dt>
                <dd>{app.created}</dd>
                <dt>"Last used"</dt>
                <dd>{app.last_used.unwrap_or_else(|| "Never".to_owned())}</dd>
            </dl>
            <p class="app-log">
                <a href=request_log_url(&app.client_id)>
                    "Request log" <span class="visually-hidden">{format!(" of {}", app.name)}</span>
                </a>
                " — every request made with this app's credentials, and why it failed"
            </p>
            {actions}
        </li>
    }
}

/// A destructive action behind a disclosure and a required confirmation tick.
#[component]
fn ConfirmedAction(
    summary: &'static str,
    action: &'static str,
    client_id: String,
    csrf: String,
    confirm: &'static str,
    button: &'static str,
    class: &'static str,
) -> impl IntoView {
    let confirm_id = format!("{}-{client_id}", summary.to_lowercase().replace(' ', "-"));
    view! {
        <details class="app-action">
            <summary>{summary}</summary>
            <form class="form" method="post" action=action data-enhance="" novalidate=true>
                <CsrfField token=csrf />
                <input type="hidden" name="client_id" value=client_id />
                <div class="field checkbox">
                    <input type="checkbox" id=confirm_id.clone() name="confirm" value="yes" required=true />
                    <label for=confirm_id>{confirm}</label>
                </div>
                <SubmitButton label=button class=class />
            </form>
        </details>
    }
}

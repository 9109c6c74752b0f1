//! The account's sandbox apps: add, rename, rotate, revoke (with confirmation), download the
//! Postman files, and the history. With JavaScript each action updates the list in place.

use super::credentials::CredentialsPanel;
use super::form_kit::{CsrfField, ErrorSummary, SubmitButton, TextField};
use crate::api::apps::{AppView, AppsOverview, AppsUpdate, CreateApp, RenameApp, RevokeApp, RotateAppSecret};
use crate::api::forms::{FormErrors, NewCredentials};
use leptos::prelude::*;

/// Everything the apps page shows; also the props the server renders it with.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AppsState {
    /// The apps and history.
    pub overview: AppsOverview,
    /// What just happened.
    pub message: Option<String>,
    /// What went wrong.
    pub errors: FormErrors,
    /// Credentials to show this once.
    pub credentials: Option<NewCredentials>,
}

impl From<AppsUpdate> for AppsState {
    fn from(update: AppsUpdate) -> Self {
        Self {
            overview: update.overview,
            message: update.message,
            errors: update.errors,
            credentials: update.credentials,
        }
    }
}

/// The apps manager.
#[island]
pub fn AppsManager(csrf_token: String, state: AppsState) -> impl IntoView {
    let server_rendered_errors = !state.errors.is_empty();
    let state = RwSignal::new(state);
    let create = ServerAction::<CreateApp>::new();
    let rename = ServerAction::<RenameApp>::new();
    let rotate = ServerAction::<RotateAppSecret>::new();
    let revoke = ServerAction::<RevokeApp>::new();
    let apply = move |result: Option<Result<AppsUpdate, crate::error::AppError>>| match result {
        Some(Ok(update)) => state.set(update.into()),
        Some(Err(error)) => state.update(|s| {
            s.errors = FormErrors::summary(error.to_string());
            s.message = None;
        }),
        None => {}
    };
    Effect::new(move |_| apply(create.value().get()));
    Effect::new(move |_| apply(rename.value().get()));
    Effect::new(move |_| apply(rotate.value().get()));
    Effect::new(move |_| apply(revoke.value().get()));
    let pending = Signal::derive(move || {
        create.pending().get() || rename.pending().get() || rotate.pending().get() || revoke.pending().get()
    });
    let errors = Signal::derive(move || state.with(|s| s.errors.clone()));
    let csrf = StoredValue::new(csrf_token);

    view! {
        <div class="status-line" role="status" aria-live="polite">
            {move || pending.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> " Working…" })}
            {move || state.with(|s| s.message.clone()).map(|message| view! { <p class="message ok">{message}</p> })}
        </div>
        <ErrorSummary errors=errors id_prefix="new-" autofocus=server_rendered_errors />
        {move || state.with(|s| s.credentials.clone()).map(|credentials| view! { <CredentialsPanel credentials /> })}

        <section class="panel" aria-labelledby="apps-title">
            <div class="panel-header">
                <h2 id="apps-title">"Your apps"</h2>
            </div>
            {move || {
                let apps = state.with(|s| s.overview.apps.clone());
                if apps.is_empty() {
                    view! { <p>"You have no apps yet. Add one below."</p> }.into_any()
                } else {
                    view! {
                        <ul class="app-list">
                            {apps
                                .into_iter()
                                .map(|app| view! { <AppItem app csrf=csrf.get_value() rename rotate revoke pending /> })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </section>

        <section class="panel" aria-labelledby="add-app-title">
            <div class="panel-header">
                <h2 id="add-app-title">"Add an app"</h2>
            </div>
            <ActionForm action=create attr:class="form inline-form" attr:novalidate=true>
                <CsrfField token=csrf.get_value() />
                <TextField
                    name="name"
                    label="App name"
                    id_prefix="new-"
                    hint="A name you will recognise, such as “Billing service (staging)”."
                    error=Signal::derive(move || state.with(|s| s.errors.for_field("name").map(str::to_owned)))
                    max_length=80
                />
                <SubmitButton label="Add app" busy_label="Adding…" pending=create.pending() />
            </ActionForm>
        </section>

        <section class="panel" aria-labelledby="history-title">
            <div class="panel-header">
                <h2 id="history-title">"History"</h2>
            </div>
            <ol class="history">
                {move || {
                    state
                        .with(|s| s.overview.events.clone())
                        .into_iter()
                        .map(|event| view! {
                            <li>
                                <time datetime=event.when_iso>{event.when}</time>
                                " — " {event.what} " — " <strong>{event.app_name}</strong>
                                " (" <code>{event.client_id}</code> ")"
                            </li>
                        })
                        .collect_view()
                }}
            </ol>
        </section>
    }
}

/// One app with its actions.
#[component]
fn AppItem(
    app: AppView,
    csrf: String,
    rename: ServerAction<RenameApp>,
    rotate: ServerAction<RotateAppSecret>,
    revoke: ServerAction<RevokeApp>,
    pending: Signal<bool>,
) -> impl IntoView {
    let active = app.status != "revoked";
    let badge = match app.status.as_str() {
        "active" => "badge badge-ok",
        "suspended" => "badge badge-warn",
        _ => "badge badge-muted",
    };
    let heading_id = format!("app-{}", app.client_id);
    let labelled_by = heading_id.clone();
    let collection = format!("/sandbox/apps/{}/postman-collection.json", app.client_id);
    let environment = format!("/sandbox/apps/{}/postman-environment.json", app.client_id);
    let suffix = format!("-{}", app.client_id);
    let (csrf_rename, csrf_rotate, csrf_revoke) = (csrf.clone(), csrf.clone(), csrf);
    let (id_rename, id_rotate, id_revoke) = (
        app.client_id.clone(),
        app.client_id.clone(),
        app.client_id.clone(),
    );
    let (rotate_id, revoke_id) = (
        format!("rotate-confirm{suffix}"),
        format!("revoke-confirm{suffix}"),
    );
    let name = app.name.clone();
    view! {
        <li class="app-item" aria-labelledby=labelled_by>
            <h3 id=heading_id>{app.name.clone()} " " <span class=badge>{app.status.clone()}</span></h3>
            <dl class="kv">
                <dt>"MN-ClientId"</dt>
                <dd><code>{app.client_id.clone()}</code></dd>
                <dt>"Scopes"</dt>
                <dd>{app.scopes.clone()}</dd>
                <dt>"Created"</dt>
                <dd>{app.created.clone()}</dd>
                <dt>"Last used"</dt>
                <dd>{app.last_used.clone().unwrap_or_else(|| "Never".to_owned())}</dd>
            </dl>
            {active.then(move || view! {
                <p class="app-downloads">
                    <a href=collection download="">"Postman collection"</a>
                    " · "
                    <a href=environment download="">"Postman environment"</a>
                </p>
                <details class="app-action">
                    <summary>"Rename"</summary>
                    <ActionForm action=rename attr:class="form inline-form" attr:novalidate=true>
                        <CsrfField token=csrf_rename />
                        <input type="hidden" name="client_id" value=id_rename />
                        <TextField name="name" label="New name" id_prefix="rename-" id_suffix=suffix value=name error=Signal::derive(|| None::<String>) max_length=80 />
                        <SubmitButton label="Rename" busy_label="Renaming…" pending=pending class="secondary small" />
                    </ActionForm>
                </details>
                <details class="app-action">
                    <summary>"Rotate secret"</summary>
                    <ActionForm action=rotate attr:class="form" attr:novalidate=true>
                        <CsrfField token=csrf_rotate />
                        <input type="hidden" name="client_id" value=id_rotate />
                        <div class="field checkbox">
                            <input type="checkbox" id=rotate_id.clone() name="confirm" value="yes" required=true />
                            <label for=rotate_id>
                                "I understand the current secret stops working at once."
                            </label>
                        </div>
                        <SubmitButton label="Rotate secret" busy_label="Rotating…" pending=pending class="secondary small" />
                    </ActionForm>
                </details>
                <details class="app-action">
                    <summary>"Revoke app"</summary>
                    <ActionForm action=revoke attr:class="form" attr:novalidate=true>
                        <CsrfField token=csrf_revoke />
                        <input type="hidden" name="client_id" value=id_revoke />
                        <div class="field checkbox">
                            <input type="checkbox" id=revoke_id.clone() name="confirm" value="yes" required=true />
                            <label for=revoke_id>
                                "I understand this app and all its tokens stop working for good."
                            </label>
                        </div>
                        <SubmitButton label="Revoke app" busy_label="Revoking…" pending=pending class="danger small" />
                    </ActionForm>
                </details>
            })}
        </li>
    }
}

//! `/try-it`: the console. Get a v2 or v1 token through the portal's server, with your app or
//! pasted credentials, and see what was sent and received, why it failed, and the same request
//! as code; the APIs the chosen environment serves are linked (each operation's page has its
//! form), and the history lists every call. Works as plain forms; the enhancer keeps it in place.

use crate::model::apps::AppsOverview;
use crate::ssr::catalogue::ApiCard;
use crate::ssr::components::credential_choice::CredentialChoices;
use crate::ssr::components::exchange::ExchangeView;
use crate::ssr::components::forms::CsrfField;
use crate::ssr::components::page_meta::PageMeta;
use crate::ssr::components::user_token::UserTokenPanel;
use crate::ssr::console::{CredentialChoice, EnvironmentView, Exchange, Replay};
use crate::ssr::console_session::{ConsoleData, console_data};
use crate::ssr::page_session::PageSession;
use crate::ssr::services::use_services;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The console page.
#[component]
pub fn TryItPage() -> impl IntoView {
    let session = PageSession::current();
    let csrf = session.csrf_token.clone().unwrap_or_default();
    let services = use_services();
    let (environments, apis, issuer) = match &services {
        Ok(services) => (
            services.console.environments(),
            services.catalogue.apis(),
            services.console.user_sign_in_issuer(),
        ),
        Err(_) => (Vec::new(), Vec::new(), None),
    };
    let now = services.as_ref().ok().map(|services| services.accounts.now());
    let data = console_data();
    let preselect = preselection();
    view! {
        <PageMeta title="Try It" description="Request OAuth 2.0 tokens (v2 and v1) and call the marketplace APIs from your browser, through the portal's server." />
        <div class="page">
            <h1>"Try It"</h1>
            <p class="lede">
                "Your requests run on the portal's server, which calls the environment for you and reports "
                "back: no CORS or proxy errors, and your secret never reaches the page or the browser's storage."
            </p>
            <p class="message warning" role="note">
                <strong>"Sandbox only."</strong>
                " Never send real patient or personal information (PHI or PII): use made-up test data."
            </p>
            <p>
                "Have a token from your own code? Paste it in the "<a href="/sandbox/inspect">"token inspector"</a>
                " to see whether this sandbox accepts it, and why not."
            </p>
            <Suspense fallback=|| view! { <p class="loading">"Loading the console…"</p> }>
                {move || {
                    let (csrf, environments, apis, preselect, issuer) =
                        (csrf.clone(), environments.clone(), apis.clone(), preselect.clone(), issuer.clone());
                    Suspend::new(async move {
                        let data = data.await;
                        view! { <Console data csrf environments apis preselect now issuer /> }
                    })
                }}
            </Suspense>
        </div>
    }
}

/// What a link from the request log asks the console to choose: `?app=<client id>&api=v1|v2`.
#[derive(Debug, Clone)]
struct Preselection {
    client_id: String,
    api: &'static str,
}

fn preselection() -> Option<Preselection> {
    let query = use_query_map().read_untracked();
    let client_id = query.get("app").filter(|id| !id.is_empty())?;
    let api = if query.get("api").as_deref() == Some("v1") {
        "v1"
    } else {
        "v2"
    };
    Some(Preselection { client_id, api })
}

#[component]
fn Console(
    data: ConsoleData,
    csrf: String,
    environments: Vec<EnvironmentView>,
    apis: Vec<ApiCard>,
    preselect: Option<Preselection>,
    now: Option<i64>,
    issuer: Option<String>,
) -> impl IntoView {
    let ConsoleData { mut state, apps } = data;
    // Only one of the signed-in account's own active apps is chosen; anything else is ignored.
    let preselect = preselect.filter(|chosen| {
        apps.as_ref().is_some_and(|overview| {
            overview
                .apps
                .iter()
                .any(|app| app.client_id == chosen.client_id && app.status == "active")
        })
    });
    if let Some(chosen) = &preselect {
        state.credentials = CredentialChoice::App {
            client_id: chosen.client_id.clone(),
        };
    }
    let selected_environment = if state.environment.is_empty() {
        environments.first().map(|e| e.id.clone()).unwrap_or_default()
    } else {
        state.environment.clone()
    };
    let environment = environments.iter().find(|e| e.id == selected_environment);
    let environment_name = environment.map(|e| e.name.clone()).unwrap_or_default();
    let served = environment.map(|e| e.apis.clone()).unwrap_or_default();
    let apis: Vec<ApiCard> = apis
        .into_iter()
        .filter(|api| served.contains(&api.slug))
        .collect();
    let credentials_label = match &state.credentials {
        CredentialChoice::App { client_id } | CredentialChoice::Pasted { client_id } => {
            format!("client {client_id}")
        }
        CredentialChoice::User => "your user token".to_owned(),
        CredentialChoice::None => "no credentials yet".to_owned(),
    };
    view! {
        <section class="panel" aria-labelledby="token-title">
            <div class="panel-header"><h2 id="token-title">"1. Get an access token"</h2></div>
            {preselect.map(|chosen| {
                let button = if chosen.api == "v1" { "Get v1 token (legacy)" } else { "Get v2 token" };
                view! {
                    <p class="message info" role="status">
                        {format!("Opened from the request log: your app {} is chosen below. Press “{button}” to send the same kind of token request from the console.", chosen.client_id)}
                    </p>
                }
            })}
            <TokenForm csrf=csrf.clone() environments=environments.clone() selected=selected_environment.clone() apps=apps.clone() choice=state.credentials.clone() />
            <div class="two-col" id="token-results">
                <ResultSlot exchange=state.v2().cloned() now id="v2" empty="No v2 token requested yet." />
                <ResultSlot exchange=state.v1().cloned() now id="v1" empty="No v1 token requested yet." />
            </div>
        </section>
        <UserTokenPanel issuer user=state.user.clone() csrf=csrf.clone() now />
        <section class="panel" aria-labelledby="api-title">
            <div class="panel-header"><h2 id="api-title">"2. Call an API"</h2></div>
            <p>
                {format!("Every operation's reference page has a Try It form. Calls use the token held for {credentials_label} in {environment_name}; ")}
                "with one of your apps, the console gets a new token by itself when it expires."
            </p>
            <ul class="api-cards">
                {apis.into_iter().map(|api| {
                    let href = api.path();
                    let count = match api.operation_count { 1 => "1 operation".to_owned(), n => format!("{n} operations") };
                    view! {
                        <li>
                            <article class="api-card">
                                <h3><a href=href>{api.title.clone()}</a></h3>
                                <p>{api.summary.clone()}</p>
                                <p class="api-facts">{count}</p>
                            </article>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div id="call-results">
                <ResultSlot exchange=state.call().cloned() now id="call" empty="No API call sent yet." />
            </div>
        </section>
        <History history=state.history now trimmed=state.history_trimmed csrf pasted=matches!(state.credentials, CredentialChoice::Pasted { .. }) />
    }
}

/// The token form: environment, credentials (your apps, or pasted), scope, and a v2 and a v1 button.
#[component]
fn TokenForm(
    csrf: String,
    environments: Vec<EnvironmentView>,
    selected: String,
    apps: Option<AppsOverview>,
    choice: CredentialChoice,
) -> impl IntoView {
    view! {
        <form class="form" method="post" action="/try-it/token" data-enhance="">
            <CsrfField token=csrf />
            <div class="field">
                <label for="console-environment">"Environment"</label>
                <select id="console-environment" name="environment">
                    {environments
                        .into_iter()
                        .map(|environment| {
                            let is_selected = environment.id == selected;
                            view! { <option value=environment.id selected=is_selected>{environment.name}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <fieldset class="field">
                <legend>"Credentials"</legend>
                <CredentialChoices
                    prefix="console"
                    apps
                    choice
                    secret_hint="Sent to the portal for this one request; never stored or shown again."
                    sign_up_hint=true
                />
            </fieldset>
            <div class="field">
                <label for="console-scope">"Scope (v2 only, optional)"</label>
                <p class="field-hint" id="console-scope-hint">"Leave empty for all of the app's scopes, or ask for claims.attachments.read and/or claims.attachments.write."</p>
                <input id="console-scope" name="scope" type="text" autocomplete="off" aria-describedby="console-scope-hint" />
            </div>
            <p class="hero-actions">
                <button type="submit" name="api" value="v2" class="button primary">"Get v2 token"</button>
                <button type="submit" name="api" value="v1" class="button secondary">"Get v1 token (legacy)"</button>
            </p>
        </form>
    }
}

/// The latest exchange of a kind, or a placeholder.
#[component]
fn ResultSlot(
    exchange: Option<Exchange>,
    now: Option<i64>,
    id: &'static str,
    empty: &'static str,
) -> impl IntoView {
    match exchange {
        Some(exchange) => view! { <ExchangeView exchange id=id now /> }.into_any(),
        None => view! { <p class="field-hint">{empty}</p> }.into_any(),
    }
}

/// The session's last requests, with "run again" and "clear".
#[component]
fn History(
    history: Vec<Exchange>,
    now: Option<i64>,
    trimmed: bool,
    csrf: String,
    pasted: bool,
) -> impl IntoView {
    view! {
        <section class="panel" id="history" aria-labelledby="history-title">
            <div class="panel-header"><h2 id="history-title">"History"</h2></div>
            {trimmed.then(|| view! {
                <p class="notice">"Older requests were dropped from this list (truncated) to keep your session small: large requests take more room."</p>
            })}
            {if history.is_empty() {
                view! { <p class="field-hint">"Your requests in this session will be listed here."</p> }.into_any()
            } else {
                view! {
                    <ol class="history">
                        {history
                            .into_iter()
                            .map(|exchange| {
                                let status = exchange.response.as_ref().map(|r| r.status.to_string()).unwrap_or_else(|| "—".into());
                                let replayable = !matches!(exchange.replay, Replay::None);
                                let is_token = matches!(exchange.replay, Replay::Token { .. });
                                let (entry_id, summary) = (exchange.id, format!("{} · {} · {} ms · {}", exchange.title, status, exchange.elapsed_ms, exchange.environment));
                                view! {
                                    <li>
                                        <details>
                                            <summary>{summary}</summary>
                                            <ExchangeView exchange id=format!("history-{entry_id}") now />
                                        </details>
                                        {replayable.then(|| view! {
                                            <form class="inline-form" method="post" action="/try-it/history/rerun" data-enhance="">
                                                <CsrfField token=csrf.clone() />
                                                <input type="hidden" name="entry" value=entry_id.to_string() />
                                                {(is_token && pasted).then(|| {
                                                    let field = format!("rerun-secret-{entry_id}");
                                                    view! {
                                                        <label class="visually-hidden" for=field.clone()>{format!("MN-ClientSecret to run request {entry_id} again")}</label>
                                                        <input id=field name="client_secret" type="password" autocomplete="off" placeholder="MN-ClientSecret" />
                                                    }
                                                })}
                                                <button type="submit" class="button small secondary">
                                                    "Run again" <span class="visually-hidden">{format!(" request {entry_id}")}</span>
                                                </button>
                                            </form>
                                        })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                    <form method="post" action="/try-it/history/clear" data-enhance="">
                        <CsrfField token=csrf />
                        <button type="submit" class="button small danger">"Clear the history"</button>
                    </form>
                }
                .into_any()
            }}
        </section>
    }
}

//! `/sandbox/apps/{client_id}/requests/{request_id}`: one request in full — what it came to
//! and what to do next (the explanations the console uses), every recorded field, and "Open
//! in the console" where the console can send the same kind of request.

use super::signed_in;
use crate::error::{AppError, ErrorView};
use crate::model::requests::{RequestDetail, is_request_id};
use crate::ssr::components::page_meta::PageMeta;
use crate::ssr::paths::request_log_url;
use crate::ssr::services::use_services;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The detail view; sends people who are not signed in to `/login`.
#[component]
pub fn RequestDetailView() -> impl IntoView {
    let Some(account) = signed_in() else {
        return view! { <p>"Please " <a href="/login">"sign in"</a> "."</p> }.into_any();
    };
    let params = use_params_map().read_untracked();
    let client_id = params.get("client_id").unwrap_or_default();
    let request_id = params.get("request_id").unwrap_or_default();
    let endpoint = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("endpoint");
    let services = use_services();
    let detail = Resource::new_blocking(
        || (),
        move |_| {
            let (services, account_id, client_id, request_id, endpoint) = (
                services.clone(),
                account.id.clone(),
                client_id.clone(),
                request_id.clone(),
                endpoint.clone(),
            );
            async move {
                if !is_request_id(&request_id) {
                    return Err(AppError::NotFound(
                        "There is no such request in your apps' logs.".into(),
                    ));
                }
                services?
                    .requests
                    .entry(&account_id, &client_id, &request_id, endpoint.as_deref())
                    .await
            }
        },
    );
    view! {
        <div class="page narrow">
            <Suspense fallback=|| view! { <p class="loading">"Loading the request…"</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(detail) => view! { <Detail detail /> }.into_any(),
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
    .into_any()
}

#[component]
fn Detail(detail: RequestDetail) -> impl IntoView {
    let RequestDetail {
        client_id,
        app_name,
        row,
        path,
        reason_name,
        tone,
        title,
        detail,
        next_step,
        jti,
        user_agent,
        console,
        other_calls,
    } = detail;
    let tone = match tone.as_str() {
        "ok" => "message ok",
        "info" => "message info",
        _ => "message error",
    };
    let heading = format!("{} · {}", row.endpoint, row.status);
    let page_title = format!("{heading} · requests of {app_name}");
    let none = || view! { <span class="field-hint">"None"</span> };
    view! {
        <PageMeta title=page_title description="One request of your app's log: what the sandbox saw, and what to do next." />
        <p class="back-link"><a href=request_log_url(&client_id)>"Requests of " {app_name.clone()}</a></p>
        <h1>{heading}</h1>
        <div class=tone role="note" aria-labelledby="explanation-title">
            <p id="explanation-title"><strong>{title}</strong></p>
            <p>{detail}</p>
            {next_step.map(|next| view! { <p>{format!("Next: {next}")}</p> })}
        </div>
        {console.map(|link| view! { <p><a class="button primary" href=link.href>{link.label}</a></p> })}
        {(!other_calls.is_empty()).then(|| view! {
            <p>
                "The same console action also made: "
                {other_calls
                    .into_iter()
                    .map(|call| view! { <a href=call.href>{call.label}</a> " " })
                    .collect_view()}
            </p>
        })}
        <section class="panel" aria-labelledby="fields-title">
            <div class="panel-header"><h2 id="fields-title">"What was recorded"</h2></div>
            <dl class="kv">
                <dt>"Time (UTC)"</dt>
                <dd><time datetime=row.when_iso>{row.when}</time></dd>
                <dt>"Endpoint"</dt>
                <dd>{row.endpoint} " " <code>{format!("{} {path}", row.method)}</code></dd>
                <dt>"Status"</dt>
                <dd>{row.status.to_string()}</dd>
                <dt>"Error code"</dt>
                <dd>{match row.error_code { Some(code) => view! { <code>{code}</code> }.into_any(), None => none().into_any() }}</dd>
                <dt>"Reason"</dt>
                <dd><code>{reason_name}</code></dd>
                <dt>"Token id (jti)"</dt>
                <dd>{match jti { Some(jti) => view! { <code>{jti}</code> }.into_any(), None => none().into_any() }}</dd>
                <dt>"Source"</dt>
                <dd>{row.source}</dd>
                <dt>"Client address"</dt>
                <dd><code>{row.client_address}</code></dd>
                <dt>"User agent"</dt>
                <dd>{if user_agent.is_empty() { none().into_any() } else { view! { <code>{user_agent}</code> }.into_any() }}</dd>
                <dt>"Latency"</dt>
                <dd>{row.latency}</dd>
                <dt>"Request id (X-Request-Id)"</dt>
                <dd><code>{row.request_id}</code></dd>
                <dt>"App"</dt>
                <dd>{app_name} " (" <code>{client_id}</code> ")"</dd>
            </dl>
        </section>
        <p class="field-hint">
            "The log keeps no secrets, tokens, bodies or header values other than the user agent."
        </p>
    }
}

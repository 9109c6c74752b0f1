//! `/sandbox/apps/{client_id}/requests`: the app's log, newest first, 50 a page, filtered by a
//! GET form, with exports of what the filters match and, on the newest page without filters,
//! live updates (the island) or, without JavaScript, a Refresh link.

use super::filters::Filters;
use super::row::{COLUMNS, RequestRow};
use super::signed_in;
use crate::error::ErrorView;
use crate::islands::live_requests::{EMPTY_ID, ROWS_ID, TABLE_ID, WITHOUT_JAVASCRIPT};
use crate::model::requests::{RequestLogPage, RequestLogQuery};
use crate::ssr::components::page_meta::PageMeta;
use crate::ssr::paths::{request_events_url, request_export_url, request_log_url};
use crate::ssr::services::use_services;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The request log page; sends people who are not signed in to `/login`.
#[component]
pub fn RequestLogView() -> impl IntoView {
    let Some(account) = signed_in() else {
        return view! { <p>"Please " <a href="/login">"sign in"</a> "."</p> }.into_any();
    };
    let client_id = use_params_map()
        .read_untracked()
        .get("client_id")
        .unwrap_or_default();
    let query = query_of_url();
    let services = use_services();
    let public_url = services
        .as_ref()
        .map(|services| services.site.public_url.clone())
        .unwrap_or_default();
    let page = Resource::new_blocking(
        || (),
        move |_| {
            let (services, account_id, client_id, query) = (
                services.clone(),
                account.id.clone(),
                client_id.clone(),
                query.clone(),
            );
            async move { services?.requests.page(&account_id, &client_id, query).await }
        },
    );
    view! {
        <div class="page">
            <Suspense fallback=|| view! { <p class="loading">"Loading the requests…"</p> }>
                {move || {
                    let public_url = public_url.clone();
                    Suspend::new(async move {
                        match page.await {
                            Ok(page) => view! { <Log page public_url /> }.into_any(),
                            Err(error) => view! { <ErrorView error /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
    .into_any()
}

/// The filters and position the URL asks for, as sent.
fn query_of_url() -> RequestLogQuery {
    let map = use_query_map().read_untracked();
    let text = |name: &str| map.get(name).unwrap_or_default();
    RequestLogQuery {
        status: text("status"),
        endpoint: text("endpoint"),
        failures: !text("failures").is_empty(),
        from: text("from"),
        to: text("to"),
        before: text("before"),
    }
}

#[component]
fn Log(page: RequestLogPage, public_url: String) -> impl IntoView {
    let RequestLogPage {
        client_id,
        app_name,
        query,
        problems,
        endpoints,
        rows,
        older,
        live_after,
        retention,
    } = page;
    let base = request_log_url(&client_id);
    let suffix = query.filter_suffix();
    let refresh = format!("{base}{suffix}");
    let csv = format!("{}{suffix}", request_export_url(&client_id, "csv"));
    let json = format!("{}{suffix}", request_export_url(&client_id, "json"));
    let older = older.map(|cursor| format!("{base}{}", query.older_suffix(&cursor)));
    let filtered = query.filters_active();
    let first_page = query.before.is_empty();
    let live_page = live_after.is_some();
    let live = live_after.map(|after| {
        let events = request_events_url(&client_id);
        // Started by the enhancer (see `islands::live_requests`); inert text without it.
        view! {
            <div class="live-requests" data-live-events=events data-live-after=after>
                <p class="field-hint" data-live-state>{WITHOUT_JAVASCRIPT}</p>
                <p class="live-count" role="status" aria-live="polite" aria-atomic="true" data-live-count></p>
                <button type="button" class="button secondary small" data-live-toggle hidden>
                    "Pause live updates"
                </button>
            </div>
        }
    });
    let no_live = live.is_none().then(|| {
        let why = if filtered {
            "Live updates are off while filters are applied."
        } else {
            "Live updates are shown on the newest page only."
        };
        view! { <p class="field-hint">{why} " Use Refresh to see new requests."</p> }
    });
    let empty = rows.is_empty();
    let empty_state = empty.then(|| {
        let curl = format!(
            "curl -u '{client_id}:YOUR_CLIENT_SECRET' -d grant_type=client_credentials {public_url}/apip/auth/v2/token"
        );
        let what = if filtered || !first_page {
            "No requests match these filters."
        } else {
            "No requests yet."
        };
        view! {
            <div id=EMPTY_ID class="log-empty">
                <p><strong>{what}</strong></p>
                <p>
                    "Every request made with this app's client id shows up here within a second or so, "
                    "whether it comes from curl, Postman, your own code or the "
                    <a href="/try-it">"Try It console"</a> ". For example, ask for a token:"
                </p>
                <pre class="wrap"><code>{curl}</code></pre>
            </div>
        }
    });
    let rows_view = rows
        .into_iter()
        .map(|row| view! { <RequestRow row client_id=client_id.clone() /> })
        .collect_view();
    view! {
        <PageMeta
            title=format!("Requests of {app_name}")
            description="Every token request and sandbox API call made with this app's credentials, and why each one was answered as it was."
        />
        <p class="back-link"><a href="/sandbox">"Your sandbox"</a></p>
        <h1>"Requests of " {app_name.clone()}</h1>
        <p class="lede">
            "Every token request and sandbox API call made with this app's client id ("
            <code>{client_id.clone()}</code>
            "), from anywhere, with what the sandbox saw. Open a request to see why it was answered as it was. "
            {format!("Times are in UTC. Requests are kept for {retention}.")}
        </p>
        <Filters action=base.clone() query endpoints problems />
        <section class="panel" aria-labelledby="requests-title">
            <div class="panel-header"><h2 id="requests-title">"Requests, newest first"</h2></div>
            <div class="log-actions">
                <a class="button secondary small" href=refresh>"Refresh"</a>
                <span>
                    <a href=csv download="">"Download CSV"</a>
                    " · "
                    <a href=json download="">"Download JSON"</a>
                    <span class="field-hint">{format!(" (up to {} requests{})", crate::model::requests::EXPORT_LIMIT, if filtered { " matching the filters" } else { "" })}</span>
                </span>
            </div>
            {live}
            {no_live}
            {empty_state}
            {(!empty || live_page).then(|| view! {
                <div class="table-scroll" id=TABLE_ID hidden=empty tabindex="0" role="region" aria-label="Table of requests (scrolls sideways on small screens)">
                    <table class="data requests">
                        <thead>
                            <tr>{COLUMNS.into_iter().map(|heading| view! { <th scope="col">{heading}</th> }).collect_view()}</tr>
                        </thead>
                        <tbody id=ROWS_ID>{rows_view}</tbody>
                    </table>
                </div>
            })}
            {older.map(|href| view! { <p class="older"><a href=href rel="next">"Older requests"</a></p> })}
        </section>
    }
}

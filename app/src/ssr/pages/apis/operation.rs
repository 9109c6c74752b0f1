//! `GET /apis/{slug}/{operation}`: one operation's reference — method, path, description,
//! security, parameters, request body and responses as folding schema trees — with the
//! operations before and after it.

use super::try_it_panel::{PanelData, TryItPanel};
use super::{MethodBadge, OperationLinkView};
use crate::error::{AppError, ErrorView};
use crate::ssr::catalogue::OperationReference;
use crate::ssr::catalogue::TryItForm;
use crate::ssr::components::{page_meta::PageMeta, table_of_contents::TableOfContents};
use crate::ssr::console::{EnvironmentView, Replay};
use crate::ssr::console_session::{ConsoleData, console_data};
use crate::ssr::page_session::PageSession;
use crate::ssr::services::use_services;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The operation page.
#[component]
pub fn OperationPage() -> impl IntoView {
    let params = use_params_map().read_untracked();
    let api = params.get("api").unwrap_or_default();
    let operation = params.get("operation").unwrap_or_default();
    let reference = use_services().and_then(|services| {
        services.catalogue.operation(&api, &operation).ok_or_else(|| {
            AppError::NotFound(format!("The API “{api}” has no operation called “{operation}”."))
        })
    });
    match reference {
        Ok(reference) => view! { <Reference reference /> }.into_any(),
        Err(error) => view! { <div class="page narrow"><ErrorView error /></div> }.into_any(),
    }
}

/// The Try It panel, once the session's console state and the account's apps are read.
#[component]
fn Panel(api: String, operation: String, form: TryItForm) -> impl IntoView {
    let session = PageSession::current();
    let csrf = session.csrf_token.clone().unwrap_or_default();
    let services = use_services();
    let environments: Vec<EnvironmentView> = services
        .as_ref()
        .map(|services| services.console.environments())
        .unwrap_or_default()
        .into_iter()
        .filter(|environment| environment.apis.contains(&api))
        .collect();
    let data = console_data();
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the Try It form…"</p> }>
            {move || {
                let (api, operation, form, environments, csrf) =
                    (api.clone(), operation.clone(), form.clone(), environments.clone(), csrf.clone());
                Suspend::new(async move {
                    let ConsoleData { state, apps } = data.await;
                    let selected = if environments.iter().any(|environment| environment.id == state.environment) {
                        state.environment.clone()
                    } else {
                        environments.first().map(|environment| environment.id.clone()).unwrap_or_default()
                    };
                    let result = state.latest_of(&api, &operation).cloned();
                    let form = match result.as_ref().map(|exchange| &exchange.replay) {
                        Some(Replay::Operation { fields, .. }) => {
                            let media_type = fields.iter().find(|(name, _)| name == "media_type").map(|(_, value)| value.as_str());
                            let problems = result.as_ref().map(|exchange| exchange.field_problems.as_slice()).unwrap_or_default();
                            form.with_sent(fields).with_problems(problems, media_type)
                        }
                        _ => form,
                    };
                    let data = PanelData {
                        api,
                        operation,
                        form,
                        environments,
                        selected,
                        csrf,
                        apps,
                        choice: state.credentials.clone(),
                        result,
                        user: state.user.as_ref().map(|user| user.subject.clone()),
                    };
                    view! { <TryItPanel data /> }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Reference(reference: OperationReference) -> impl IntoView {
    let api = reference.api;
    let operation = reference.operation;
    let title = format!("{} · {}", operation.summary, api.title);
    let description = format!("{} {} — {}", operation.method, operation.path, api.title);
    let deprecated = operation.deprecated.then(|| {
        view! { <p class="notice warning" role="note">"This operation is deprecated: prefer another before building on it."</p> }
    });
    let neighbours = [("Previous", reference.previous), ("Next", reference.next)]
        .into_iter()
        .filter_map(|(label, link)| link.map(|link| (label, link)))
        .map(|(label, link)| {
            let api = api.slug.clone();
            view! { <li><span class="neighbour-label">{label}</span> <OperationLinkView api operation=link /></li> }
        })
        .collect_view();
    view! {
        <PageMeta title=title description=description />
        <article class="page doc operation-page" aria-labelledby="page-title">
            <header class="doc-header">
                <nav class="breadcrumb" aria-label="Breadcrumb">
                    <ol>
                        <li><a href="/">"Home"</a></li>
                        <li><a href="/apis">"APIs"</a></li>
                        <li><a href=api.path()>{api.title.clone()}</a></li>
                        <li aria-current="page">{operation.summary.clone()}</li>
                    </ol>
                </nav>
                <h1 id="page-title">{operation.summary.clone()}</h1>
                <p class="operation-line">
                    <MethodBadge method=operation.method.clone() />
                    " "
                    <code class="operation-path">{operation.path.clone()}</code>
                </p>
            </header>
            {deprecated}
            <div class="doc-layout">
                <TableOfContents entries=reference.sections />
                <div class="reference">
                    <div class="prose" inner_html=reference.description_html></div>
                    <div class="reference-body" inner_html=reference.body_html></div>
                    <Panel api=api.slug.clone() operation=operation.slug.clone() form=reference.try_it />
                    <nav aria-label="Other operations"><ul class="neighbours">{neighbours}</ul></nav>
                </div>
            </div>
        </article>
    }
}

//! The data of the request log's pages (the UI's `RequestLogPort`): a page of an app's log
//! with its filters checked, and one request with its explanation and where the console can
//! do the same. Records become view models here, and only here.

use super::query::check;
use super::{owned_app, store};
use crate::catalogue::{Catalogue, SANDBOX_APIS};
use crate::clock::rfc3339;
use crate::oauth::Sandbox;
use crate::request_log::explain::{explain, moment, span};
use crate::request_log::record::{Cursor, Endpoint, Record, Source};
use app::error::AppError;
use app::model::requests::{
    ConsoleLink, FilterOption, PAGE_SIZE, RequestDetail, RequestLogPage, RequestLogQuery, RequestRowView,
};
use app::ssr::console::Tone;
use app::ssr::paths::request_call_url;
use app::ssr::services::{BoxFuture, RequestLogPort};
use std::sync::Arc;

/// Where live updates start on an empty log: before any record.
const BEFORE_EVERYTHING: &str = "0.0";

/// The request logs of the accounts' apps, over the sandbox's storage.
pub struct RequestLogService {
    sandbox: Arc<Sandbox>,
    catalogue: Arc<Catalogue>,
}

impl RequestLogService {
    /// A service over `sandbox`'s log, linking Claims API requests to `catalogue`'s pages.
    pub fn new(sandbox: Arc<Sandbox>, catalogue: Arc<Catalogue>) -> Self {
        Self { sandbox, catalogue }
    }

    async fn page_of(
        &self,
        account_id: &str,
        client_id: &str,
        query: RequestLogQuery,
    ) -> Result<RequestLogPage, AppError> {
        let app = owned_app(&self.sandbox, account_id, client_id).await?;
        let checked = check(query);
        let mut records = self
            .sandbox
            .db
            .request_log_page(&app.id, &checked.filter, checked.cursor.as_ref(), PAGE_SIZE + 1)
            .await
            .map_err(store)?;
        let older = if records.len() > PAGE_SIZE as usize {
            records.truncate(PAGE_SIZE as usize);
            records.last().map(|record| Cursor::after(record).to_param())
        } else {
            None
        };
        let live_after = (checked.cursor.is_none() && !checked.query.filters_active()).then(|| {
            records.first().map_or_else(
                || BEFORE_EVERYTHING.to_owned(),
                |newest| Cursor::after(newest).to_param(),
            )
        });
        let settings = self.sandbox.requests.settings();
        let retention = i64::try_from(settings.retention.as_secs()).unwrap_or(i64::MAX);
        Ok(RequestLogPage {
            client_id: app.id,
            app_name: app.name,
            query: checked.query,
            problems: checked.problems,
            endpoints: Endpoint::ALL
                .into_iter()
                .map(|endpoint| FilterOption {
                    value: endpoint.as_str().to_owned(),
                    label: endpoint.label().to_owned(),
                })
                .collect(),
            rows: records.iter().map(row_view).collect(),
            older,
            live_after,
            retention: format!("{} (at most {} per app)", span(retention), settings.max_per_app),
        })
    }

    async fn entry_of(
        &self,
        account_id: &str,
        client_id: &str,
        request_id: &str,
        endpoint: Option<&str>,
    ) -> Result<RequestDetail, AppError> {
        let app = owned_app(&self.sandbox, account_id, client_id).await?;
        let mut calls = self
            .sandbox
            .db
            .request_log_entries(&app.id, request_id)
            .await
            .map_err(store)?;
        let chosen = endpoint
            .and_then(|name| calls.iter().position(|call| call.endpoint.as_str() == name))
            .unwrap_or(0);
        if calls.is_empty() {
            return Err(AppError::NotFound(
                "This app's log has no request with that id.".into(),
            ));
        }
        let record = calls.remove(chosen);
        let other_calls = calls
            .iter()
            .map(|call| ConsoleLink {
                href: request_call_url(&call.client_id, &call.request_id, Some(call.endpoint.as_str())),
                label: format!("{} ({})", call.endpoint.label(), call.status),
            })
            .collect();
        let explanation = explain(&record);
        let console = self.console_link(&record, app.status == "active");
        Ok(RequestDetail {
            client_id: app.id,
            app_name: app.name,
            row: row_view(&record),
            path: record.endpoint.path().to_owned(),
            reason_name: record.reason.as_str().to_owned(),
            tone: match explanation.tone {
                Tone::Ok => "ok",
                Tone::Info => "info",
                Tone::Error => "error",
            }
            .to_owned(),
            title: explanation.title,
            detail: explanation.detail,
            next_step: explanation.next_step,
            jti: record.jti,
            user_agent: record.user_agent,
            console,
            other_calls,
        })
    }

    /// Where the console can send the same kind of request: the token form with the app
    /// chosen (while the app may still get tokens), else the operation's page in the catalogue.
    fn console_link(&self, record: &Record, app_active: bool) -> Option<ConsoleLink> {
        let api = match record.endpoint {
            Endpoint::TokenV2 => Some("v2"),
            Endpoint::TokenV1 => Some("v1"),
            _ => None,
        };
        if let Some(api) = api {
            return app_active.then(|| ConsoleLink {
                href: format!("/try-it?app={}&api={api}", record.client_id),
                label: format!("Open in the console ({api} token, this app)"),
            });
        }
        SANDBOX_APIS.iter().find_map(|slug| {
            let document = self.catalogue.api(slug)?.document.as_ref()?;
            let operation = document.operations.iter().find(|operation| {
                operation.method == record.method && operation.path == record.endpoint.path()
            })?;
            Some(ConsoleLink {
                href: format!("/apis/{slug}/{}", operation.slug),
                label: format!("Open “{}” in the console", operation.summary),
            })
        })
    }
}

impl RequestLogPort for RequestLogService {
    fn page<'a>(
        &'a self,
        account_id: &'a str,
        client_id: &'a str,
        query: RequestLogQuery,
    ) -> BoxFuture<'a, Result<RequestLogPage, AppError>> {
        Box::pin(self.page_of(account_id, client_id, query))
    }

    fn entry<'a>(
        &'a self,
        account_id: &'a str,
        client_id: &'a str,
        request_id: &'a str,
        endpoint: Option<&'a str>,
    ) -> BoxFuture<'a, Result<RequestDetail, AppError>> {
        Box::pin(self.entry_of(account_id, client_id, request_id, endpoint))
    }
}

/// `record` as a row of the log.
pub(super) fn row_view(record: &Record) -> RequestRowView {
    RequestRowView {
        request_id: record.request_id.clone(),
        when: moment(record.at),
        when_iso: rfc3339(record.at),
        endpoint: record.endpoint.label().to_owned(),
        method: record.method.clone(),
        status: record.status,
        error_code: record.error_code.clone(),
        reason: explain(record).title,
        source: source_label(record.source).to_owned(),
        client_address: record.client_address.clone(),
        latency: latency(record.latency_us),
    }
}

/// How people read a source.
pub(super) fn source_label(source: Source) -> &'static str {
    match source {
        Source::Console => "Console",
        Source::Outside => "Outside",
    }
}

/// `1234` µs → `1.2 ms`.
pub(super) fn latency(micros: i64) -> String {
    match micros {
        ..1_000 => format!("{} µs", micros.max(0)),
        1_000..1_000_000 => format!("{:.1} ms", micros as f64 / 1_000.0),
        _ => format!("{:.2} s", micros as f64 / 1_000_000.0),
    }
}

#[cfg(test)]
mod tests {
    use super::latency;

    #[test]
    fn latencies_read_in_the_unit_that_fits() {
        assert_eq!(latency(840), "840 µs");
        assert_eq!(latency(1_260), "1.3 ms");
        assert_eq!(latency(2_500_000), "2.50 s");
    }
}

//! `GET /sandbox/apps/{client_id}/requests.csv` and `….json`: the app's log as a download,
//! newest first, with the page's filters, at most `EXPORT_LIMIT` requests. CSV cells are
//! quoted, and any cell a spreadsheet would run as a formula is defused with an apostrophe.

use super::query::{Params, check};
use super::{refused, signed_in_owner, store};
use crate::clock::rfc3339;
use crate::request_log::explain::explain;
use crate::request_log::record::Record;
use crate::state::AppState;
use app::error::AppError;
use app::model::requests::{EXPORT_LIMIT, RequestLogQuery};
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, header};
use serde_json::{Value, json};
use tower_sessions::Session;

/// The columns of the CSV, in order.
const CSV_COLUMNS: [&str; 16] = [
    "time_utc",
    "request_id",
    "endpoint",
    "method",
    "path",
    "status",
    "error_code",
    "reason",
    "explanation",
    "reason_at_utc",
    "detail",
    "jti",
    "latency_us",
    "client_address",
    "user_agent",
    "source",
];

/// The CSV download.
pub async fn csv(
    State(state): State<AppState>,
    session: Session,
    Path(client_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    match exported(&state, session, &client_id, query.as_deref()).await {
        Ok(records) => {
            let mut body = line(CSV_COLUMNS.iter().map(|&name| name.to_owned()));
            for record in &records {
                body.push_str(&line(csv_row(record)));
            }
            download(body, "text/csv; charset=utf-8", &client_id, "csv")
        }
        Err(error) => refused(&error),
    }
}

/// The JSON download.
pub async fn json(
    State(state): State<AppState>,
    session: Session,
    Path(client_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    match exported(&state, session, &client_id, query.as_deref()).await {
        Ok(records) => {
            let requests: Vec<Value> = records.iter().map(json_row).collect();
            let body = json!({ "client_id": client_id, "count": requests.len(), "requests": requests });
            download(body.to_string(), "application/json", &client_id, "json")
        }
        Err(error) => refused(&error),
    }
}

/// The signed-in owner's records that the query's filters match, newest first.
async fn exported(
    state: &AppState,
    session: Session,
    client_id: &str,
    query: Option<&str>,
) -> Result<Vec<Record>, AppError> {
    let (_, app) = signed_in_owner(state, session, client_id).await?;
    let params: Params = serde_urlencoded::from_str(query.unwrap_or_default())
        .map_err(|_| AppError::BadRequest("The filters in the address could not be read.".into()))?;
    let checked = check(RequestLogQuery::from(params));
    if let Some(problem) = checked.problems.first() {
        return Err(AppError::BadRequest(problem.clone()));
    }
    state
        .sandbox
        .db
        .request_log_page(&app.id, &checked.filter, None, EXPORT_LIMIT)
        .await
        .map_err(store)
}

fn download(body: String, content_type: &'static str, client_id: &str, extension: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&format!(
        "attachment; filename=\"requests-{client_id}.{extension}\""
    )) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

fn csv_row(record: &Record) -> Vec<String> {
    let optional = |value: &Option<String>| value.clone().unwrap_or_default();
    vec![
        rfc3339(record.at),
        record.request_id.clone(),
        record.endpoint.as_str().to_owned(),
        record.method.clone(),
        record.endpoint.path().to_owned(),
        record.status.to_string(),
        optional(&record.error_code),
        record.reason.as_str().to_owned(),
        explain(record).title,
        record.reason_at.map(rfc3339).unwrap_or_default(),
        optional(&record.detail),
        optional(&record.jti),
        record.latency_us.to_string(),
        record.client_address.clone(),
        record.user_agent.clone(),
        record.source.as_str().to_owned(),
    ]
}

fn json_row(record: &Record) -> Value {
    let explanation = explain(record);
    json!({
        "time": rfc3339(record.at),
        "request_id": record.request_id,
        "endpoint": record.endpoint.as_str(),
        "method": record.method,
        "path": record.endpoint.path(),
        "status": record.status,
        "error_code": record.error_code,
        "reason": record.reason.as_str(),
        "explanation": {
            "title": explanation.title,
            "detail": explanation.detail,
            "next_step": explanation.next_step,
        },
        "reason_at": record.reason_at.map(rfc3339),
        "detail": record.detail,
        "jti": record.jti,
        "latency_us": record.latency_us,
        "client_address": record.client_address,
        "user_agent": record.user_agent,
        "source": record.source.as_str(),
    })
}

/// One CSV line (RFC 4180: every cell quoted, quotes doubled, CRLF).
fn line(cells: impl IntoIterator<Item = String>) -> String {
    let cells: Vec<String> = cells.into_iter().map(|cell| cell_text(&cell)).collect();
    format!("{}\r\n", cells.join(","))
}

/// A cell, quoted; one a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab or
/// carriage return first) gets a leading apostrophe, so it is shown as text.
fn cell_text(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", defused.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell_text("curl/8.5"), "\"curl/8.5\"");
        assert_eq!(cell_text("say \"hi\", then go"), "\"say \"\"hi\"\", then go\"");
        for formula in ["=HYPERLINK(\"x\")", "+1", "-1+1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(cell_text(formula).starts_with("\"'"), "{formula}");
        }
        assert_eq!(line(["a".to_owned(), "b\nc".to_owned()]), "\"a\",\"b\nc\"\r\n");
    }
}

//! `GET /sandbox/apps/{client_id}/requests/events`: the log's live updates as server-sent
//! events. Each new record is one `request` event whose data is its row, rendered and escaped
//! by the page's own row component, and whose id is its cursor (a reconnecting browser sends
//! it back as `Last-Event-ID`). The cost is bounded: a few streams per account and a cap in
//! all, one database read a second per stream, and every stream ends after ten minutes (the
//! browser reconnects) or when the instance starts shutting down.

use super::pages::row_view;
use super::{refused, signed_in_owner};
use crate::http::draining::Readiness;
use crate::oauth::Sandbox;
use crate::request_log::record::{Cursor, Record};
use crate::state::AppState;
use app::error::AppError;
use app::ssr::pages::requests::row::row_html;
use axum::Extension;
use axum::extract::{Path, RawQuery, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, header};
use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;
use tower_sessions::Session;

/// Open streams per account (a few tabs).
const PER_ACCOUNT: usize = 3;
/// Open streams on this instance.
const IN_ALL: usize = 200;
/// How often a stream reads the log.
const POLL_EVERY: Duration = Duration::from_secs(1);
/// How long one stream lasts before the browser is made to reconnect.
const STREAM_FOR: Duration = Duration::from_secs(600);
/// How often an idle stream sends a comment, so proxies keep it open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// The most records one read sends.
const ROWS_PER_READ: u32 = 50;
/// How long a refused browser is asked to wait (`Retry-After`).
const RETRY_AFTER_SECS: u32 = 30;

/// The open streams of this instance, counted per account.
#[derive(Clone, Default)]
pub struct Streams(Arc<Mutex<Counts>>);

#[derive(Default)]
struct Counts {
    in_all: usize,
    per_account: HashMap<String, usize>,
}

impl Streams {
    /// A slot for one more stream of `account`, if the caps allow it.
    fn claim(&self, account: &str) -> Option<Slot> {
        let mut counts = self.0.lock().ok()?;
        let mine = counts.per_account.get(account).copied().unwrap_or(0);
        if mine >= PER_ACCOUNT || counts.in_all >= IN_ALL {
            return None;
        }
        counts.in_all += 1;
        counts.per_account.insert(account.to_owned(), mine + 1);
        Some(Slot {
            streams: self.clone(),
            account: account.to_owned(),
        })
    }
}

/// One open stream; dropping it (the browser went away, or the stream ended) frees it.
struct Slot {
    streams: Streams,
    account: String,
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Ok(mut counts) = self.streams.0.lock() {
            counts.in_all = counts.in_all.saturating_sub(1);
            if let Some(mine) = counts.per_account.get_mut(&self.account) {
                *mine -= 1;
                if *mine == 0 {
                    counts.per_account.remove(&self.account);
                }
            }
        }
    }
}

/// Opens a stream of the app's new records, after `Last-Event-ID` or else `?after=`.
pub async fn stream(
    State(state): State<AppState>,
    Extension(streams): Extension<Streams>,
    session: Session,
    Path(client_id): Path<String>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let (account, app) = match signed_in_owner(&state, session, &client_id).await {
        Ok(owner) => owner,
        Err(error) => return refused(&error),
    };
    let resumed = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .and_then(Cursor::parse);
    let asked = || {
        serde_urlencoded::from_str::<Vec<(String, String)>>(query.as_deref().unwrap_or_default())
            .ok()?
            .into_iter()
            .find(|(name, _)| name == "after")
            .and_then(|(_, value)| Cursor::parse(&value))
    };
    let Some(after) = resumed.or_else(asked) else {
        return refused(&AppError::BadRequest(
            "Say where the updates start: ?after=<the newest request's cursor>.".into(),
        ));
    };
    let Some(slot) = streams.claim(&account.id) else {
        let mut response = refused(&AppError::TooManyRequests {
            retry_after_secs: u64::from(RETRY_AFTER_SECS),
        });
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
        return response;
    };
    tracing::debug!(client.id = %app.id, "request log stream opened");
    let feed = Feed {
        sandbox: state.sandbox.clone(),
        readiness: state.readiness.clone(),
        client_id: app.id,
        after,
        pending: VecDeque::new(),
        ends_at: Instant::now() + STREAM_FOR,
        read_at: Instant::now(),
        _slot: slot,
    };
    let events = futures::stream::unfold(feed, Feed::next);
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// One stream's position and what it has yet to send.
struct Feed {
    sandbox: Arc<Sandbox>,
    readiness: Readiness,
    client_id: String,
    /// The newest record read so far.
    after: Cursor,
    /// Records read and not yet sent, oldest first.
    pending: VecDeque<Record>,
    ends_at: Instant,
    /// When the next read is due.
    read_at: Instant,
    _slot: Slot,
}

impl Feed {
    /// The next event, once there is one; `None` ends the stream.
    async fn next(mut self) -> Option<(Result<Event, Infallible>, Self)> {
        loop {
            if let Some(record) = self.pending.pop_front() {
                let event = Event::default()
                    .event("request")
                    .id(Cursor::after(&record).to_param())
                    .data(row_html(row_view(&record), &self.client_id));
                return Some((Ok(event), self));
            }
            if self.readiness.is_draining() || self.read_at >= self.ends_at {
                return None;
            }
            tokio::time::sleep_until(self.read_at).await;
            self.read_at = Instant::now() + POLL_EVERY;
            match self
                .sandbox
                .db
                .request_log_newer(&self.client_id, &self.after, ROWS_PER_READ)
                .await
            {
                Ok(records) => {
                    if let Some(newest) = records.last() {
                        self.after = Cursor::after(newest);
                    }
                    self.pending.extend(records);
                }
                Err(error) => tracing::warn!(%error, "could not read the request log for live updates"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_capped_per_account_and_freed_when_dropped() {
        let streams = Streams::default();
        let mine: Vec<Slot> = (0..PER_ACCOUNT).filter_map(|_| streams.claim("acc_a")).collect();
        assert_eq!(mine.len(), PER_ACCOUNT);
        assert!(streams.claim("acc_a").is_none(), "a fourth tab is refused");
        let other = streams.claim("acc_b");
        assert!(other.is_some(), "another account is not affected");
        drop(mine);
        assert!(
            streams.claim("acc_a").is_some(),
            "closed streams free their slots"
        );
        drop(other);
        let counts = streams.0.lock().expect("lock");
        assert_eq!(counts.in_all, 0);
        assert!(counts.per_account.is_empty());
    }

    #[test]
    fn the_instance_has_a_cap_in_all() {
        let streams = Streams::default();
        let open: Vec<Slot> = (0..IN_ALL)
            .filter_map(|index| streams.claim(&format!("acc_{index}")))
            .collect();
        assert_eq!(open.len(), IN_ALL);
        assert!(streams.claim("acc_new").is_none());
    }
}

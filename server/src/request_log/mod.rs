//! The request log: every request to the sandbox's token endpoints and APIs, recorded against
//! the app it belongs to with the precise reason for its answer, so a developer whose own code
//! gets a bare `401` can see what the server saw.
//!
//! Recording stays off the request path: [`RequestLog::record`] puts the record in a bounded
//! queue and returns (a full queue drops the record and counts the drop; it never waits), and
//! one writer task stores what queued up in one transaction every [`RequestLogSettings::flush_every`].
//! Each app may add a bounded number of records per second (its excess is answered as ever,
//! and counted, not recorded), so one app's flood neither crowds the others' records out of
//! the queue nor slows the server. Records are kept for a configurable time and at most a
//! configurable number per app. Every
//! instance writes to the same database, so with several instances there is still one log.
//!
//! - [`record`]: what a record holds; [`reason`]: why an answer was what it was;
//!   [`explain`]: those reasons in plain words; [`layer`]: the middleware that records.

pub mod explain;
pub mod layer;
pub mod reason;
pub mod record;

use crate::clock::SharedClock;
use crate::db::{Database, StoreError};
use crate::rate_limit::Limit;
use record::Record;
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::{mpsc, watch};

/// How the request log is kept (`PORTAL_REQUEST_LOG*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLogSettings {
    /// `PORTAL_REQUEST_LOG`: whether requests are recorded at all.
    pub enabled: bool,
    /// `PORTAL_REQUEST_LOG_RETENTION`: how long records are kept.
    pub retention: Duration,
    /// `PORTAL_REQUEST_LOG_MAX_PER_APP`: the most records kept per app (oldest go first).
    pub max_per_app: u64,
    /// `PORTAL_REQUEST_LOG_QUEUE`: the most records waiting to be written; more are dropped.
    pub queue: usize,
    /// `PORTAL_REQUEST_LOG_FLUSH`: how long records wait to be written together.
    pub flush_every: Duration,
    /// `PORTAL_REQUEST_LOG_APP_RATE`: the most records one app adds in a window; beyond it
    /// its requests are answered as ever but not recorded (and counted), so one app's flood
    /// neither crowds the others out of the queue nor costs the server its speed.
    pub per_app: Limit,
}

impl Default for RequestLogSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            retention: Duration::from_secs(7 * 86_400),
            max_per_app: 10_000,
            queue: 10_000,
            flush_every: Duration::from_millis(250),
            per_app: Limit {
                max: 100,
                per_secs: 1,
            },
        }
    }
}

/// Console calls remembered for the console to explain at once (before they are written).
const RECENT_CONSOLE_CALLS: u64 = 2_000;
/// How long a console call is remembered for that.
const RECENT_FOR: Duration = Duration::from_secs(120);
/// Where a console call is remembered: its request id and endpoint.
fn console_call_key(request_id: &str, endpoint: record::Endpoint) -> String {
    format!("{request_id} {}", endpoint.as_str())
}

/// Apps whose admissions are counted at once (a flood of distinct apps is refused beyond it,
/// after the counts of past windows are cleared).
const ADMISSION_ENTRIES: usize = 10_000;
/// How many rows one `INSERT` writes at most.
const ROWS_PER_INSERT: usize = 200;

/// The request log of this instance: its queue, and what reads the stored log.
pub struct RequestLog {
    settings: RequestLogSettings,
    db: Database,
    clock: SharedClock,
    sender: mpsc::Sender<Record>,
    /// Taken by the writer when it starts.
    receiver: Mutex<Option<mpsc::Receiver<Record>>>,
    stop: watch::Sender<bool>,
    dropped: AtomicU64,
    /// Records admitted per app in the current window: (window number, count).
    admitted: Mutex<HashMap<String, (u64, u32)>>,
    /// When this log started (windows are counted from it).
    started: std::time::Instant,
    /// The console's own calls, by request id, until they are surely written.
    recent_console_calls: moka::sync::Cache<String, Record>,
}

impl RequestLog {
    /// A log over `db`; nothing is written until [`RequestLog::spawn_writer`].
    pub fn new(db: Database, clock: SharedClock, settings: RequestLogSettings) -> Self {
        let (sender, receiver) = mpsc::channel(settings.queue.max(1));
        Self {
            settings,
            db,
            clock,
            sender,
            receiver: Mutex::new(Some(receiver)),
            stop: watch::channel(false).0,
            dropped: AtomicU64::new(0),
            admitted: Mutex::new(HashMap::new()),
            started: std::time::Instant::now(),
            recent_console_calls: moka::sync::Cache::builder()
                .max_capacity(RECENT_CONSOLE_CALLS)
                .time_to_live(RECENT_FOR)
                .build(),
        }
    }

    /// The settings.
    pub fn settings(&self) -> RequestLogSettings {
        self.settings
    }

    /// Whether requests are recorded.
    pub fn enabled(&self) -> bool {
        self.settings.enabled
    }

    /// The portal's time (seconds), for records.
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Whether a record of `client_id`'s fits in its budget for the current window; if not,
    /// the record is counted as dropped. Asked before a record is built, so a flood's excess
    /// costs one map lookup.
    pub fn admit(&self, client_id: &str) -> bool {
        let window = self.started.elapsed().as_secs() / u64::from(self.settings.per_app.per_secs.max(1));
        let admitted = match self.admitted.lock() {
            Ok(mut counts) => {
                if counts.len() >= ADMISSION_ENTRIES && !counts.contains_key(client_id) {
                    counts.retain(|_, (seen, _)| *seen == window);
                }
                let full = counts.len() >= ADMISSION_ENTRIES;
                match counts.get_mut(client_id) {
                    Some((seen, count)) if *seen == window => {
                        *count = count.saturating_add(1);
                        *count <= self.settings.per_app.max
                    }
                    Some(entry) => {
                        *entry = (window, 1);
                        true
                    }
                    None if !full => {
                        counts.insert(client_id.to_owned(), (window, 1));
                        true
                    }
                    None => false,
                }
            }
            Err(_) => false,
        };
        if !admitted {
            self.count_drop("an app sent more requests than its request-log budget");
        }
        admitted
    }

    fn count_drop(&self, why: &'static str) {
        let dropped = self.dropped.fetch_add(1, Ordering::Relaxed) + 1;
        crate::metrics::count_request_log_drop();
        if dropped.is_power_of_two() {
            tracing::warn!(dropped, why, "request-log records are being dropped");
        }
    }

    /// Queues `record` for writing; never waits. A full queue drops it and counts the drop.
    pub fn record(&self, record: Record) {
        if !self.settings.enabled {
            return;
        }
        if record.source == record::Source::Console {
            self.recent_console_calls.insert(
                console_call_key(&record.request_id, record.endpoint),
                record.clone(),
            );
        }
        if self.sender.try_send(record).is_err() {
            self.count_drop("the request log's queue is full");
        }
    }

    /// Keeps a console call that belongs to no app (an unknown client id) for the console
    /// to explain; it is never written.
    pub fn remember_console_call(&self, record: Record) {
        if self.settings.enabled {
            self.recent_console_calls
                .insert(console_call_key(&record.request_id, record.endpoint), record);
        }
    }

    /// How many records were dropped because the queue was full, since start.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// A console call of this instance to `endpoint`, by its request id (one console action
    /// may call a token endpoint and then an API, both under its id), whether or not it is
    /// written yet.
    pub fn recent_console_call(&self, request_id: &str, endpoint: record::Endpoint) -> Option<Record> {
        self.recent_console_calls
            .get(&console_call_key(request_id, endpoint))
    }

    /// A fresh record id: the time in microseconds then random bits, in hex, so ids sort by
    /// when they were made and never collide across instances.
    pub fn new_record_id() -> String {
        let micros = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_micros());
        let random = u64::from_le_bytes(crate::crypto::random::bytes::<8>());
        format!("{micros:014x}{random:016x}")
    }

    /// Starts the writer (once; later calls return `None`).
    pub fn spawn_writer(self: &std::sync::Arc<Self>) -> Option<tokio::task::JoinHandle<()>> {
        let receiver = self.receiver.lock().ok()?.take()?;
        Some(tokio::spawn(self.clone().write_batches(receiver)))
    }

    /// Asks the writer to write what is queued and stop (at shutdown); wait on its handle.
    pub fn stop(&self) {
        self.stop.send_replace(true);
    }

    async fn write_batches(self: std::sync::Arc<Self>, mut receiver: mpsc::Receiver<Record>) {
        let mut stop = self.stop.subscribe();
        let mut since_trim: HashMap<String, u64> = HashMap::new();
        loop {
            let first = tokio::select! {
                record = receiver.recv() => record,
                _ = stop.wait_for(|stopped| *stopped) => None,
            };
            let Some(first) = first else { break };
            if !*stop.borrow() {
                tokio::select! {
                    () = tokio::time::sleep(self.settings.flush_every) => {}
                    _ = stop.wait_for(|stopped| *stopped) => {}
                }
            }
            let mut batch = vec![first];
            while let Ok(record) = receiver.try_recv() {
                batch.push(record);
            }
            self.write(&batch, &mut since_trim).await;
        }
        let mut batch = Vec::new();
        while let Ok(record) = receiver.try_recv() {
            batch.push(record);
        }
        if !batch.is_empty() {
            self.write(&batch, &mut since_trim).await;
        }
    }

    /// Writes one batch (retrying once, a second later, if the database is away), then trims
    /// the apps that have had many records since they were last trimmed.
    async fn write(&self, batch: &[Record], since_trim: &mut HashMap<String, u64>) {
        let mut written = false;
        for attempt in 0..2 {
            let mut failed = None;
            for chunk in batch.chunks(ROWS_PER_INSERT) {
                if let Err(error) = self.db.insert_request_records(chunk).await {
                    failed = Some(error);
                    break;
                }
            }
            match failed {
                None => {
                    written = true;
                    break;
                }
                Some(error) if attempt == 0 => {
                    tracing::warn!(%error, records = batch.len(), "could not write the request log; retrying");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Some(error) => {
                    tracing::warn!(%error, records = batch.len(), "could not write the request log; records dropped");
                }
            }
        }
        if !written {
            self.dropped.fetch_add(batch.len() as u64, Ordering::Relaxed);
            return;
        }
        let trim_after = (self.settings.max_per_app / 10).max(1);
        for record in batch {
            *since_trim.entry(record.client_id.clone()).or_default() += 1;
        }
        let due: Vec<String> = since_trim
            .iter()
            .filter(|(_, count)| **count >= trim_after)
            .map(|(client, _)| client.clone())
            .collect();
        for client in due {
            since_trim.remove(&client);
            if let Err(error) = self.db.trim_request_log(&client, self.settings.max_per_app).await {
                tracing::warn!(%error, "could not trim the request log");
            }
        }
    }

    /// Deletes records past the retention period and beyond the per-app count (housekeeping).
    pub async fn prune(&self) -> Result<u64, StoreError> {
        let retention = i64::try_from(self.settings.retention.as_secs()).unwrap_or(i64::MAX);
        let mut deleted = self
            .db
            .delete_request_records_before(self.clock.now().saturating_sub(retention))
            .await?;
        for client in self.db.request_log_apps_over(self.settings.max_per_app).await? {
            deleted += self
                .db
                .trim_request_log(&client, self.settings.max_per_app)
                .await?;
        }
        Ok(deleted)
    }
}

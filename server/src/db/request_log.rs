//! The request log's table: batched inserts from the log's writer, trimming by age and by
//! count per app, and the reads behind the log's pages, exports, live updates and the token
//! inspector. Every read is scoped to one app.

use super::{Database, StoreError};
use crate::request_log::reason::Reason;
use crate::request_log::record::{Cursor, Endpoint, LogFilter, Record, Source};

const COLUMNS: &str = "id, request_id, client_id, at, endpoint, method, status, error_code, reason, \
                       reason_at, detail, jti, latency_us, client_address, user_agent, source";
const COLUMN_COUNT: usize = 16;

#[derive(sqlx::FromRow)]
struct RecordRow {
    id: String,
    request_id: String,
    client_id: String,
    at: i64,
    endpoint: String,
    method: String,
    status: i64,
    error_code: Option<String>,
    reason: String,
    reason_at: Option<i64>,
    detail: Option<String>,
    jti: Option<String>,
    latency_us: i64,
    client_address: String,
    user_agent: String,
    source: String,
}

impl RecordRow {
    /// The record, or `None` for a row of an endpoint this version does not know.
    fn into_record(self) -> Option<Record> {
        Some(Record {
            endpoint: Endpoint::parse(&self.endpoint)?,
            id: self.id,
            request_id: self.request_id,
            client_id: self.client_id,
            at: self.at,
            method: self.method,
            status: u16::try_from(self.status).unwrap_or(0),
            error_code: self.error_code,
            reason: Reason::parse(&self.reason),
            reason_at: self.reason_at,
            detail: self.detail,
            jti: self.jti,
            latency_us: self.latency_us,
            client_address: self.client_address,
            user_agent: self.user_agent,
            source: Source::parse(&self.source),
        })
    }
}

fn records(rows: Vec<RecordRow>) -> Vec<Record> {
    rows.into_iter().filter_map(RecordRow::into_record).collect()
}

impl Database {
    /// Stores `records` with one statement.
    pub async fn insert_request_records(&self, records: &[Record]) -> Result<(), StoreError> {
        if records.is_empty() {
            return Ok(());
        }
        let rows: Vec<String> = (0..records.len())
            .map(|row| {
                let first = row * COLUMN_COUNT;
                let placeholders: Vec<String> = (1..=COLUMN_COUNT)
                    .map(|column| format!("${}", first + column))
                    .collect();
                format!("({})", placeholders.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO request_log ({COLUMNS}) VALUES {} ON CONFLICT (id) DO NOTHING",
            rows.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for record in records {
            query = query
                .bind(record.id.as_str())
                .bind(record.request_id.as_str())
                .bind(record.client_id.as_str())
                .bind(record.at)
                .bind(record.endpoint.as_str())
                .bind(record.method.as_str())
                .bind(i64::from(record.status))
                .bind(record.error_code.as_deref())
                .bind(record.reason.as_str())
                .bind(record.reason_at)
                .bind(record.detail.as_deref())
                .bind(record.jti.as_deref())
                .bind(record.latency_us)
                .bind(record.client_address.as_str())
                .bind(record.user_agent.as_str())
                .bind(record.source.as_str());
        }
        query.execute(&self.pool).await?;
        Ok(())
    }

    /// Deletes every record older than `cutoff`; returns how many.
    pub async fn delete_request_records_before(&self, cutoff: i64) -> Result<u64, StoreError> {
        Ok(sqlx::query("DELETE FROM request_log WHERE at < $1")
            .bind(cutoff)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    /// The apps with more than `max` records.
    pub async fn request_log_apps_over(&self, max: u64) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT client_id FROM request_log GROUP BY client_id HAVING COUNT(*) > $1")
                .bind(i64::try_from(max).unwrap_or(i64::MAX))
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// Keeps the newest `max` records of `client_id`; returns how many were deleted.
    pub async fn trim_request_log(&self, client_id: &str, max: u64) -> Result<u64, StoreError> {
        let offset = i64::try_from(max).unwrap_or(i64::MAX);
        let oldest_kept: Option<(i64, String)> = sqlx::query_as(
            "SELECT at, id FROM request_log WHERE client_id = $1 \
             ORDER BY at DESC, id DESC LIMIT 1 OFFSET $2",
        )
        .bind(client_id)
        .bind(offset.saturating_sub(1))
        .fetch_optional(&self.pool)
        .await?;
        let Some((at, id)) = oldest_kept else {
            return Ok(0);
        };
        Ok(
            sqlx::query(
                "DELETE FROM request_log WHERE client_id = $1 AND (at < $2 OR (at = $2 AND id < $3))",
            )
            .bind(client_id)
            .bind(at)
            .bind(id)
            .execute(&self.pool)
            .await?
            .rows_affected(),
        )
    }

    /// A page of `client_id`'s records, newest first: those matching `filter`, after `cursor`.
    pub async fn request_log_page(
        &self,
        client_id: &str,
        filter: &LogFilter,
        cursor: Option<&Cursor>,
        limit: u32,
    ) -> Result<Vec<Record>, StoreError> {
        let mut conditions = vec!["client_id = $1".to_owned()];
        let mut next = 2;
        let mut placeholder = || {
            let name = format!("${next}");
            next += 1;
            name
        };
        let status_range = filter.status_class.map(|class| class.range());
        if status_range.is_some() {
            conditions.push(format!("status BETWEEN {} AND {}", placeholder(), placeholder()));
        }
        if filter.failures_only {
            conditions.push("status >= 400".to_owned());
        }
        if filter.endpoint.is_some() {
            conditions.push(format!("endpoint = {}", placeholder()));
        }
        if filter.from.is_some() {
            conditions.push(format!("at >= {}", placeholder()));
        }
        if filter.to.is_some() {
            conditions.push(format!("at < {}", placeholder()));
        }
        if cursor.is_some() {
            let (at, again, id) = (placeholder(), placeholder(), placeholder());
            conditions.push(format!("(at < {at} OR (at = {again} AND id < {id}))"));
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM request_log WHERE {} ORDER BY at DESC, id DESC LIMIT {}",
            conditions.join(" AND "),
            placeholder()
        );
        let mut query = sqlx::query_as::<_, RecordRow>(&sql).bind(client_id);
        if let Some((lowest, highest)) = status_range {
            query = query.bind(i64::from(lowest)).bind(i64::from(highest));
        }
        if let Some(endpoint) = filter.endpoint {
            query = query.bind(endpoint.as_str());
        }
        if let Some(from) = filter.from {
            query = query.bind(from);
        }
        if let Some(to) = filter.to {
            query = query.bind(to);
        }
        if let Some(cursor) = cursor {
            query = query.bind(cursor.at).bind(cursor.at).bind(cursor.id.as_str());
        }
        let rows = query.bind(i64::from(limit)).fetch_all(&self.pool).await?;
        Ok(records(rows))
    }

    /// `client_id`'s records newer than `after` (oldest first), for live updates.
    pub async fn request_log_newer(
        &self,
        client_id: &str,
        after: &Cursor,
        limit: u32,
    ) -> Result<Vec<Record>, StoreError> {
        let rows = sqlx::query_as::<_, RecordRow>(&format!(
            "SELECT {COLUMNS} FROM request_log WHERE client_id = $1 \
             AND (at > $2 OR (at = $2 AND id > $3)) ORDER BY at, id LIMIT $4"
        ))
        .bind(client_id)
        .bind(after.at)
        .bind(after.id.as_str())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(records(rows))
    }

    /// The newest record of `client_id` with the request id `request_id`.
    pub async fn request_log_entry(
        &self,
        client_id: &str,
        request_id: &str,
    ) -> Result<Option<Record>, StoreError> {
        Ok(self
            .request_log_entries(client_id, request_id)
            .await?
            .into_iter()
            .next())
    }

    /// `client_id`'s records with the request id `request_id`, newest first: usually one; a
    /// console action that got a token and then called an API made two.
    pub async fn request_log_entries(
        &self,
        client_id: &str,
        request_id: &str,
    ) -> Result<Vec<Record>, StoreError> {
        let rows = sqlx::query_as::<_, RecordRow>(&format!(
            "SELECT {COLUMNS} FROM request_log WHERE client_id = $1 AND request_id = $2 \
             ORDER BY at DESC, id DESC LIMIT 10"
        ))
        .bind(client_id)
        .bind(request_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(records(rows))
    }

    /// The newest records of `client_id` that concern the token `jti`.
    pub async fn request_log_of_token(
        &self,
        client_id: &str,
        jti: &str,
        limit: u32,
    ) -> Result<Vec<Record>, StoreError> {
        let rows = sqlx::query_as::<_, RecordRow>(&format!(
            "SELECT {COLUMNS} FROM request_log WHERE client_id = $1 AND jti = $2 \
             ORDER BY at DESC, id DESC LIMIT $3"
        ))
        .bind(client_id)
        .bind(jti)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(records(rows))
    }
}

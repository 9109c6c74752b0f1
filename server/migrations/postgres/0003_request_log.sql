-- The request log: every call to the sandbox's token endpoints and APIs, by the app it
-- belongs to, with the precise reason for its answer. Never a secret, token, body or header
-- value beyond these fields. Trimmed by age and by count per app.
CREATE TABLE request_log (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    at BIGINT NOT NULL,
    endpoint TEXT NOT NULL,
    method TEXT NOT NULL,
    status BIGINT NOT NULL,
    error_code TEXT,
    reason TEXT NOT NULL,
    reason_at BIGINT,
    detail TEXT,
    jti TEXT,
    latency_us BIGINT NOT NULL,
    client_address TEXT NOT NULL,
    user_agent TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE INDEX request_log_by_client ON request_log (client_id, at DESC, id DESC);
-- Lookups by request id or token id are within one app's records (the index above), so
-- they need no index of their own: each random-keyed index would cost every insert.
CREATE INDEX request_log_by_time ON request_log (at);

-- The secret a rotation replaced, so a request still using it is told the secret was
-- rotated (and when) rather than only that it is wrong.
ALTER TABLE clients ADD COLUMN previous_secret_hash TEXT;

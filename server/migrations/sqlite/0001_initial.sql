-- Accounts, sandbox clients and their history, revoked tokens, and claim attachments.
-- Times are whole seconds since the Unix epoch (UTC).

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE accounts (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,   -- stored lowercased
    name          TEXT NOT NULL,
    organisation  TEXT NOT NULL,
    password_hash TEXT NOT NULL,          -- argon2id PHC string
    created_at    BIGINT NOT NULL
);

CREATE TABLE clients (
    id                TEXT PRIMARY KEY,   -- the client_id (MN-ClientId)
    account_id        TEXT REFERENCES accounts (id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    secret_hash       TEXT NOT NULL,      -- keyed HMAC-SHA-256, hex
    secret_sealed     TEXT,               -- XChaCha20-Poly1305 copy for the console broker
    scopes            TEXT NOT NULL,      -- space-separated
    status            TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'revoked')),
    created_at        BIGINT NOT NULL,
    secret_rotated_at BIGINT,
    revoked_at        BIGINT,
    last_used_at      BIGINT
);
CREATE INDEX clients_by_account ON clients (account_id);

CREATE TABLE client_events (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,              -- created | renamed | rotated | suspended | resumed | revoked
    detail    TEXT,
    at        BIGINT NOT NULL
);
CREATE INDEX client_events_by_client ON client_events (client_id, at);

CREATE TABLE revoked_tokens (
    jti        TEXT PRIMARY KEY,
    client_id  TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE attachments (
    id              TEXT PRIMARY KEY,
    client_id       TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    claim_reference TEXT NOT NULL,
    attachment_type TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    size_bytes      BIGINT NOT NULL,
    sha256          TEXT NOT NULL,
    document        BLOB NOT NULL,
    outcome         TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
    outcome_reason  TEXT,
    received_at     BIGINT NOT NULL
);
CREATE INDEX attachments_by_client ON attachments (client_id, received_at);

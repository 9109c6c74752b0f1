-- The acting user of a submission (the `sub` of a CIAM user-context token), and attachments
-- of CIAM clients: their client key (`ciam:<azp>`) is no sandbox app, so the reference to
-- clients goes (apps are revoked, never deleted; retention still deletes old attachments).
-- SQLite cannot drop a constraint: the table is rebuilt.
CREATE TABLE attachments_new (
    id              TEXT PRIMARY KEY,
    client_id       TEXT NOT NULL,
    claim_reference TEXT NOT NULL,
    attachment_type TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    size_bytes      BIGINT NOT NULL,
    sha256          TEXT NOT NULL,
    document        BLOB NOT NULL,
    outcome         TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
    outcome_reason  TEXT,
    received_at     BIGINT NOT NULL,
    acting_user     TEXT
);
INSERT INTO attachments_new (id, client_id, claim_reference, attachment_type, file_name, content_type,
    size_bytes, sha256, document, outcome, outcome_reason, received_at)
SELECT id, client_id, claim_reference, attachment_type, file_name, content_type,
    size_bytes, sha256, document, outcome, outcome_reason, received_at
FROM attachments;
DROP TABLE attachments;
ALTER TABLE attachments_new RENAME TO attachments;
CREATE INDEX attachments_by_client ON attachments (client_id, received_at);
CREATE INDEX attachments_by_received_at ON attachments (received_at);

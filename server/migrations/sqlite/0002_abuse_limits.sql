-- A client's secret generation: tokens carry the generation they were issued under, and a
-- rotation (which adds one) ends every token issued with the old secret, on every instance.
ALTER TABLE clients ADD COLUMN secret_version BIGINT NOT NULL DEFAULT 0;

-- The housekeeping task deletes sandbox attachments past their retention period.
CREATE INDEX attachments_by_received_at ON attachments (received_at);

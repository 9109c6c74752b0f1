-- The acting user of a submission (the `sub` of a CIAM user-context token), and attachments
-- of CIAM clients: their client key (`ciam:<azp>`) is no sandbox app, so the reference to
-- clients goes (apps are revoked, never deleted; retention still deletes old attachments).
ALTER TABLE attachments ADD COLUMN acting_user TEXT;
ALTER TABLE attachments DROP CONSTRAINT IF EXISTS attachments_client_id_fkey;

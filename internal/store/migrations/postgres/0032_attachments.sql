-- Attachments (issue 14 item 7, ADR 32). Keep in step with sqlite/0032_attachments.sql.

-- The metadata of a client's attachment; its content is in the blob
-- store under org_id/client_id/id, sealed with the client's key. The
-- application may only insert and read attachments; erasure (issue 15)
-- will remove rows and blobs by a path of its own. Title and description
-- are free text that can name a person, sealed with the client's key
-- (NULL when empty). consent_id links a signed consent form to its
-- consent, which must be the same client's.
CREATE TABLE attachments (
    id                 TEXT PRIMARY KEY,
    org_id             TEXT NOT NULL REFERENCES organisations(id),
    client_id          TEXT NOT NULL REFERENCES clients(id),
    category           TEXT NOT NULL,
    consent_id         TEXT REFERENCES consents(id),
    content_type       TEXT NOT NULL,
    size_bytes         BIGINT NOT NULL,
    title_enc          BYTEA,
    description_enc    BYTEA,
    recorded_by        TEXT NOT NULL,
    recorded_username  TEXT NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX attachments_client ON attachments (org_id, client_id, created_at);
CREATE INDEX attachments_consent ON attachments (org_id, consent_id);

ALTER TABLE attachments ENABLE ROW LEVEL SECURITY;
ALTER TABLE attachments FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON attachments USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));
GRANT SELECT, INSERT ON attachments TO koto_app;
REVOKE UPDATE, DELETE ON attachments FROM koto_app;

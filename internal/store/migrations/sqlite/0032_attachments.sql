-- Attachments (issue 14 item 7, ADR 32). Keep in step with postgres/0032_attachments.sql.

-- The metadata of a client's attachment; its content is in the blob
-- store under org_id/client_id/id, sealed with the client's key. An
-- attachment is never edited or deleted by the application (triggers
-- refuse it); erasure (issue 15) will remove rows and blobs by a path of
-- its own. Title and description are free text that can name a person,
-- sealed with the client's key (NULL when empty). consent_id links a
-- signed consent form to its consent, which must be the same client's.
CREATE TABLE attachments (
    id                 TEXT PRIMARY KEY,
    org_id             TEXT NOT NULL REFERENCES organisations(id),
    client_id          TEXT NOT NULL REFERENCES clients(id),
    category           TEXT NOT NULL,
    consent_id         TEXT REFERENCES consents(id),
    content_type       TEXT NOT NULL,
    size_bytes         INTEGER NOT NULL,
    title_enc          BLOB,
    description_enc    BLOB,
    recorded_by        TEXT NOT NULL,
    recorded_username  TEXT NOT NULL,
    created_at         TIMESTAMP NOT NULL
);
CREATE INDEX attachments_client ON attachments (org_id, client_id, created_at);
CREATE INDEX attachments_consent ON attachments (org_id, consent_id);

CREATE TRIGGER attachments_never_edited BEFORE UPDATE ON attachments
BEGIN SELECT RAISE(ABORT, 'attachments are never edited'); END;
CREATE TRIGGER attachments_never_deleted BEFORE DELETE ON attachments
BEGIN SELECT RAISE(ABORT, 'attachments are never deleted by the application'); END;

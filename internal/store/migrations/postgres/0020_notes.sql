-- Case notes (issue 13, ADR 20). Keep in step with sqlite/0020_notes.sql.

-- A note is never edited or deleted: a correction is a row of
-- note_amendments, and the application may only insert and read both
-- tables. The text is sealed with the client's key (text_enc, associated
-- data naming the table, column and row); sensitive marks special-category
-- content, whose text opens only under note.read_sensitive.
CREATE TABLE notes (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisations(id),
    client_id        TEXT NOT NULL REFERENCES clients(id),
    note_type        TEXT NOT NULL,
    note_date        DATE NOT NULL,
    sensitive        BOOLEAN NOT NULL,
    text_enc         BYTEA NOT NULL,
    author_id        TEXT NOT NULL,
    author_username  TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX notes_client ON notes (org_id, client_id, note_date);

CREATE TABLE note_amendments (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisations(id),
    note_id          TEXT NOT NULL REFERENCES notes(id),
    client_id        TEXT NOT NULL REFERENCES clients(id),
    text_enc         BYTEA NOT NULL,
    author_id        TEXT NOT NULL,
    author_username  TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX note_amendments_client ON note_amendments (org_id, client_id, note_id);

ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON notes USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));
GRANT SELECT, INSERT ON notes TO koto_app;
REVOKE UPDATE, DELETE ON notes FROM koto_app;

ALTER TABLE note_amendments ENABLE ROW LEVEL SECURITY;
ALTER TABLE note_amendments FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON note_amendments USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));
GRANT SELECT, INSERT ON note_amendments TO koto_app;
REVOKE UPDATE, DELETE ON note_amendments FROM koto_app;

-- Case notes (issue 13, ADR 20). Keep in step with postgres/0020_notes.sql.

-- A note is never edited or deleted: a correction is a row of
-- note_amendments, and triggers refuse changes to either table. The text
-- is sealed with the client's key (text_enc, associated data naming the
-- table, column and row); sensitive marks special-category content, whose
-- text opens only under note.read_sensitive.
CREATE TABLE notes (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisations(id),
    client_id        TEXT NOT NULL REFERENCES clients(id),
    note_type        TEXT NOT NULL,
    note_date        TEXT NOT NULL,
    sensitive        BOOLEAN NOT NULL,
    text_enc         BLOB NOT NULL,
    author_id        TEXT NOT NULL,
    author_username  TEXT NOT NULL,
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX notes_client ON notes (org_id, client_id, note_date);

CREATE TABLE note_amendments (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisations(id),
    note_id          TEXT NOT NULL REFERENCES notes(id),
    client_id        TEXT NOT NULL REFERENCES clients(id),
    text_enc         BLOB NOT NULL,
    author_id        TEXT NOT NULL,
    author_username  TEXT NOT NULL,
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX note_amendments_client ON note_amendments (org_id, client_id, note_id);

CREATE TRIGGER notes_never_edited BEFORE UPDATE ON notes
BEGIN SELECT RAISE(ABORT, 'notes are never edited: add an amendment'); END;
CREATE TRIGGER note_amendments_never_edited BEFORE UPDATE ON note_amendments
BEGIN SELECT RAISE(ABORT, 'note amendments are never edited'); END;

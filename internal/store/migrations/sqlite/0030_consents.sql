-- Consents (issue 14 item 1, ADR 30). Keep in step with postgres/0030_consents.sql.

-- A consent is never edited or deleted: its withdrawal is a row of
-- consent_withdrawals (at most one per consent), and triggers refuse
-- changes to either table. The scope is free text that can name a person,
-- sealed with the client's key (scope_enc, NULL when there is none). The
-- signed form will be an attachment that points to its consent (issue 14
-- item 7), so no column here changes when it is added.
CREATE TABLE consents (
    id                 TEXT PRIMARY KEY,
    org_id             TEXT NOT NULL REFERENCES organisations(id),
    client_id          TEXT NOT NULL REFERENCES clients(id),
    consent_type       TEXT NOT NULL,
    scope_enc          BLOB,
    text_version       TEXT NOT NULL,
    given_date         TEXT NOT NULL,
    given_channel      TEXT NOT NULL,
    recorded_by        TEXT NOT NULL,
    recorded_username  TEXT NOT NULL,
    created_at         TIMESTAMP NOT NULL
);
CREATE INDEX consents_client ON consents (org_id, client_id, consent_type);

CREATE TABLE consent_withdrawals (
    id                 TEXT PRIMARY KEY,
    org_id             TEXT NOT NULL REFERENCES organisations(id),
    consent_id         TEXT NOT NULL UNIQUE REFERENCES consents(id),
    client_id          TEXT NOT NULL REFERENCES clients(id),
    withdrawn_date     TEXT NOT NULL,
    channel            TEXT NOT NULL,
    recorded_by        TEXT NOT NULL,
    recorded_username  TEXT NOT NULL,
    created_at         TIMESTAMP NOT NULL
);
CREATE INDEX consent_withdrawals_client ON consent_withdrawals (org_id, client_id);

CREATE TRIGGER consents_never_edited BEFORE UPDATE ON consents
BEGIN SELECT RAISE(ABORT, 'consents are never edited: record a withdrawal'); END;
CREATE TRIGGER consents_never_deleted BEFORE DELETE ON consents
BEGIN SELECT RAISE(ABORT, 'consents are never deleted'); END;
CREATE TRIGGER consent_withdrawals_never_edited BEFORE UPDATE ON consent_withdrawals
BEGIN SELECT RAISE(ABORT, 'consent withdrawals are never edited'); END;
CREATE TRIGGER consent_withdrawals_never_deleted BEFORE DELETE ON consent_withdrawals
BEGIN SELECT RAISE(ABORT, 'consent withdrawals are never deleted'); END;

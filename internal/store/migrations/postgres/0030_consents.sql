-- Consents (issue 14 item 1, ADR 30). Keep in step with sqlite/0030_consents.sql.

-- A consent is never edited or deleted: its withdrawal is a row of
-- consent_withdrawals (at most one per consent), and the application may
-- only insert and read both tables. The scope is free text that can name a
-- person, sealed with the client's key (scope_enc, NULL when there is
-- none). The signed form will be an attachment that points to its consent
-- (issue 14 item 7), so no column here changes when it is added.
CREATE TABLE consents (
    id                 TEXT PRIMARY KEY,
    org_id             TEXT NOT NULL REFERENCES organisations(id),
    client_id          TEXT NOT NULL REFERENCES clients(id),
    consent_type       TEXT NOT NULL,
    scope_enc          BYTEA,
    text_version       TEXT NOT NULL,
    given_date         DATE NOT NULL,
    given_channel      TEXT NOT NULL,
    recorded_by        TEXT NOT NULL,
    recorded_username  TEXT NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX consents_client ON consents (org_id, client_id, consent_type);

CREATE TABLE consent_withdrawals (
    id                 TEXT PRIMARY KEY,
    org_id             TEXT NOT NULL REFERENCES organisations(id),
    consent_id         TEXT NOT NULL UNIQUE REFERENCES consents(id),
    client_id          TEXT NOT NULL REFERENCES clients(id),
    withdrawn_date     DATE NOT NULL,
    channel            TEXT NOT NULL,
    recorded_by        TEXT NOT NULL,
    recorded_username  TEXT NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX consent_withdrawals_client ON consent_withdrawals (org_id, client_id);

ALTER TABLE consents ENABLE ROW LEVEL SECURITY;
ALTER TABLE consents FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON consents USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));
GRANT SELECT, INSERT ON consents TO koto_app;
REVOKE UPDATE, DELETE ON consents FROM koto_app;

ALTER TABLE consent_withdrawals ENABLE ROW LEVEL SECURITY;
ALTER TABLE consent_withdrawals FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON consent_withdrawals USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));
GRANT SELECT, INSERT ON consent_withdrawals TO koto_app;
REVOKE UPDATE, DELETE ON consent_withdrawals FROM koto_app;

-- Retention (issue 15 items 6–7, ADR 36). Keep in step with
-- sqlite/0036_retention.sql.

-- A legal hold keeps a client from the retention engine and from erasure
-- until it is cleared. reason is a reference (a court case or request
-- number), never a description of the person. Setting and clearing are
-- logged in the access log (retention.hold).
CREATE TABLE retention_holds (
    client_id  TEXT PRIMARY KEY REFERENCES clients(id),
    org_id     TEXT NOT NULL REFERENCES organisations(id),
    reason     TEXT NOT NULL,
    set_by     TEXT NOT NULL,
    set_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX retention_holds_org ON retention_holds (org_id);

ALTER TABLE retention_holds ENABLE ROW LEVEL SECURITY;
ALTER TABLE retention_holds FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON retention_holds USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));

-- One deletion certificate per record class of a real retention run:
-- what was deleted under which rule, as of which day, by whom, with the
-- SHA-256 of the sorted ids deleted (subjects) and a hash over the whole
-- row. Never edited or deleted; system-wide (no organisation).
CREATE TABLE retention_certificates (
    id        TEXT PRIMARY KEY,
    class     TEXT NOT NULL,
    rule      TEXT NOT NULL,
    as_of     DATE NOT NULL,
    count     INTEGER NOT NULL,
    held      INTEGER NOT NULL,
    archived  INTEGER NOT NULL,
    run_by    TEXT NOT NULL,
    at        TIMESTAMPTZ NOT NULL,
    subjects  TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX retention_certificates_at ON retention_certificates (at);

GRANT SELECT, INSERT ON retention_certificates TO koto_app;
REVOKE UPDATE, DELETE, TRUNCATE ON retention_certificates FROM koto_app;

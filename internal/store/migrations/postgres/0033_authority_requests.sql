-- Authority requests for a client's data (issue 14 item 3, ADR 33). Keep in
-- step with sqlite/0033_authority_requests.sql.

-- A request is registered once and never edited or deleted; its decision
-- is a row of disclosure_request_decisions, at most one per request
-- (UNIQUE request_id: a second decision is a conflict), never edited or
-- deleted either: the application may only insert and read both.
--
-- requester_enc is the authority and its office or person as free text,
-- sealed with the client's key; provision is the provision of law the
-- authority names (not personal). items is a JSON array of the parts of
-- the record asked for. reason_enc is the decision's reason, sealed (NULL
-- when none). disclosure_id is the disclosure an approval recorded.
CREATE TABLE disclosure_requests (
    id                   TEXT PRIMARY KEY,
    org_id               TEXT NOT NULL REFERENCES organisations(id),
    client_id            TEXT NOT NULL REFERENCES clients(id),
    requester_enc        BYTEA NOT NULL,
    provision            TEXT NOT NULL,
    received_date        DATE NOT NULL,
    channel              TEXT NOT NULL,
    items                TEXT NOT NULL,
    registered_by        TEXT NOT NULL,
    registered_username  TEXT NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX disclosure_requests_client ON disclosure_requests (org_id, client_id, created_at);

CREATE TABLE disclosure_request_decisions (
    id                 TEXT PRIMARY KEY,
    org_id             TEXT NOT NULL REFERENCES organisations(id),
    request_id         TEXT NOT NULL UNIQUE REFERENCES disclosure_requests(id),
    client_id          TEXT NOT NULL REFERENCES clients(id),
    outcome            TEXT NOT NULL,
    reason_enc         BYTEA,
    disclosure_id      TEXT REFERENCES disclosures(id),
    decided_by         TEXT NOT NULL,
    decided_username   TEXT NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX disclosure_request_decisions_client ON disclosure_request_decisions (org_id, client_id);

ALTER TABLE disclosure_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE disclosure_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON disclosure_requests USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));
GRANT SELECT, INSERT ON disclosure_requests TO koto_app;
REVOKE UPDATE, DELETE, TRUNCATE ON disclosure_requests FROM koto_app;

ALTER TABLE disclosure_request_decisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE disclosure_request_decisions FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON disclosure_request_decisions USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));
GRANT SELECT, INSERT ON disclosure_request_decisions TO koto_app;
REVOKE UPDATE, DELETE, TRUNCATE ON disclosure_request_decisions FROM koto_app;

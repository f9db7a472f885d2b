-- Authority requests for a client's data (issue 14 item 3, ADR 33). Keep in
-- step with postgres/0033_authority_requests.sql.

-- A request is registered once and never edited or deleted; its decision
-- is a row of disclosure_request_decisions, at most one per request
-- (UNIQUE request_id: a second decision is a conflict), never edited or
-- deleted either. Triggers refuse changes to both tables.
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
    requester_enc        BLOB NOT NULL,
    provision            TEXT NOT NULL,
    received_date        TEXT NOT NULL,
    channel              TEXT NOT NULL,
    items                TEXT NOT NULL,
    registered_by        TEXT NOT NULL,
    registered_username  TEXT NOT NULL,
    created_at           TIMESTAMP NOT NULL
);
CREATE INDEX disclosure_requests_client ON disclosure_requests (org_id, client_id, created_at);

CREATE TABLE disclosure_request_decisions (
    id                 TEXT PRIMARY KEY,
    org_id             TEXT NOT NULL REFERENCES organisations(id),
    request_id         TEXT NOT NULL UNIQUE REFERENCES disclosure_requests(id),
    client_id          TEXT NOT NULL REFERENCES clients(id),
    outcome            TEXT NOT NULL,
    reason_enc         BLOB,
    disclosure_id      TEXT REFERENCES disclosures(id),
    decided_by         TEXT NOT NULL,
    decided_username   TEXT NOT NULL,
    created_at         TIMESTAMP NOT NULL
);
CREATE INDEX disclosure_request_decisions_client ON disclosure_request_decisions (org_id, client_id);

CREATE TRIGGER disclosure_requests_never_edited BEFORE UPDATE ON disclosure_requests
BEGIN SELECT RAISE(ABORT, 'disclosure requests are never edited'); END;
CREATE TRIGGER disclosure_requests_never_deleted BEFORE DELETE ON disclosure_requests
BEGIN SELECT RAISE(ABORT, 'disclosure requests are never deleted'); END;
CREATE TRIGGER disclosure_request_decisions_never_edited BEFORE UPDATE ON disclosure_request_decisions
BEGIN SELECT RAISE(ABORT, 'disclosure request decisions are never edited'); END;
CREATE TRIGGER disclosure_request_decisions_never_deleted BEFORE DELETE ON disclosure_request_decisions
BEGIN SELECT RAISE(ABORT, 'disclosure request decisions are never deleted'); END;

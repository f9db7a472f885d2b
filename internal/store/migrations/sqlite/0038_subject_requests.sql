-- The data subject's requests (GDPR arts. 12–22; issue 15 item 2, ADR 39).
-- Keep in step with the other engine's 0038_subject_requests.sql.

-- A request of a client as the DPO handles it. The free text (details,
-- extension_reason, reason, outcome) is sealed with the client's key
-- (*_enc, NULL when empty), so an erasure's crypto-shredding reaches it.
-- due_date is received + 1 month; extended_date (NULL: none) at most
-- received + 3 months; informed_date the day the client was told of the
-- extension. identity_at NULL: identity not verified; handler_id the user
-- an objection is routed to.
CREATE TABLE subject_requests (
    id                   TEXT PRIMARY KEY,
    org_id               TEXT NOT NULL REFERENCES organisations(id),
    client_id            TEXT NOT NULL REFERENCES clients(id),
    kind                 TEXT NOT NULL,
    channel              TEXT NOT NULL,
    received_date        TEXT NOT NULL,
    due_date             TEXT NOT NULL,
    extended_date        TEXT,
    informed_date        TEXT,
    extension_reason_enc BLOB,
    details_enc          BLOB,
    language             TEXT NOT NULL,
    identity_method      TEXT NOT NULL DEFAULT '',
    identity_by          TEXT NOT NULL DEFAULT '',
    identity_by_name     TEXT NOT NULL DEFAULT '',
    identity_at          TIMESTAMP,
    handler_id           TEXT NOT NULL DEFAULT '',
    handler_name         TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL,
    decision             TEXT NOT NULL DEFAULT '',
    reason_enc           BLOB,
    outcome_enc          BLOB,
    decided_by           TEXT NOT NULL DEFAULT '',
    decided_by_name      TEXT NOT NULL DEFAULT '',
    decided_at           TIMESTAMP,
    delivered_at         TIMESTAMP,
    registered_by        TEXT NOT NULL,
    registered_username  TEXT NOT NULL,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);
CREATE INDEX subject_requests_org ON subject_requests (org_id, status, due_date);
CREATE INDEX subject_requests_client ON subject_requests (org_id, client_id);

-- What remains of a request when its client is erased (by such a request
-- or by the retention engine): kind, channel, dates, status and decision,
-- no client link and no text — the controller can still show that it
-- handled the request and when (ADR 39). Never edited.
CREATE TABLE subject_request_records (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organisations(id),
    kind           TEXT NOT NULL,
    channel        TEXT NOT NULL,
    received_date  TEXT NOT NULL,
    due_date       TEXT NOT NULL,
    extended_date  TEXT,
    identity_at    TIMESTAMP,
    status         TEXT NOT NULL,
    decision       TEXT NOT NULL,
    decided_by     TEXT NOT NULL,
    decided_at     TIMESTAMP,
    delivered_at   TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    erased_at      TIMESTAMP NOT NULL
);
CREATE INDEX subject_request_records_org ON subject_request_records (org_id, received_date);

CREATE TRIGGER subject_request_records_never_edited BEFORE UPDATE ON subject_request_records
BEGIN SELECT RAISE(ABORT, 'subject request records are never edited'); END;

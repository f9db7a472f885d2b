-- Restriction of processing (GDPR art. 18; issue 15 item 5, ADR 40). Keep
-- in step with postgres/0039_restrictions.sql.

-- A restriction of a client's processing: placed by the data-protection
-- officer on a ground, lifted later; rows are kept as the history. At
-- most one active (lifted_at NULL) per client. reason_enc and
-- lift_reason_enc are free text sealed with the client's key;
-- request_ref is a subject-request id as a plain reference (no content).
CREATE TABLE client_restrictions (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisations(id),
    client_id        TEXT NOT NULL REFERENCES clients(id),
    ground           TEXT NOT NULL,
    reason_enc       BLOB NOT NULL,
    request_ref      TEXT NOT NULL DEFAULT '',
    placed_by        TEXT NOT NULL,
    placed_username  TEXT NOT NULL,
    placed_at        TIMESTAMP NOT NULL,
    lifted_by        TEXT,
    lifted_username  TEXT,
    lifted_at        TIMESTAMP,
    lift_reason_enc  BLOB
);
CREATE INDEX client_restrictions_client ON client_restrictions (org_id, client_id, placed_at);
CREATE UNIQUE INDEX client_restrictions_one_active ON client_restrictions (client_id) WHERE lifted_at IS NULL;

-- Restriction of processing (GDPR art. 18; issue 15 item 5, ADR 40). Keep
-- in step with sqlite/0039_restrictions.sql.

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
    reason_enc       BYTEA NOT NULL,
    request_ref      TEXT NOT NULL DEFAULT '',
    placed_by        TEXT NOT NULL,
    placed_username  TEXT NOT NULL,
    placed_at        TIMESTAMPTZ NOT NULL,
    lifted_by        TEXT,
    lifted_username  TEXT,
    lifted_at        TIMESTAMPTZ,
    lift_reason_enc  BYTEA
);
CREATE INDEX client_restrictions_client ON client_restrictions (org_id, client_id, placed_at);
CREATE UNIQUE INDEX client_restrictions_one_active ON client_restrictions (client_id) WHERE lifted_at IS NULL;

ALTER TABLE client_restrictions ENABLE ROW LEVEL SECURITY;
ALTER TABLE client_restrictions FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON client_restrictions USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));

-- Transfers between municipalities and hand-over receipts (issue 14 items
-- 5 and 6, ADR 34). Keep in step with sqlite/0034_transfers.sql.

-- A transfer request: the holder (org_id, the municipality the client
-- moved away from) asks the new home municipality (to_org_id) to take the
-- client over. No personal data: ids, the state and the refusal's reason
-- code only. Both parties see the row (policy parties), nobody else; only
-- its state changes, once (requested → accepted or refused), which a
-- trigger enforces; the application may not delete.
CREATE TABLE client_transfers (
    id                TEXT PRIMARY KEY,
    org_id            TEXT NOT NULL REFERENCES organisations(id),
    to_org_id         TEXT NOT NULL REFERENCES organisations(id),
    client_id         TEXT NOT NULL REFERENCES clients(id),
    status            TEXT NOT NULL,
    requested_by      TEXT NOT NULL,
    requested_username TEXT NOT NULL,
    requested_at      TIMESTAMPTZ NOT NULL,
    decided_by        TEXT,
    decided_at        TIMESTAMPTZ,
    refusal_reason    TEXT,
    disclosure_id     TEXT,
    new_client_id     TEXT
);
CREATE INDEX client_transfers_from ON client_transfers (org_id, requested_at);
CREATE INDEX client_transfers_to ON client_transfers (to_org_id, requested_at);
CREATE UNIQUE INDEX client_transfers_open ON client_transfers (org_id, client_id) WHERE status = 'requested';

CREATE FUNCTION client_transfers_decided_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'requested' OR NEW.id <> OLD.id OR NEW.org_id <> OLD.org_id OR NEW.to_org_id <> OLD.to_org_id
        OR NEW.client_id <> OLD.client_id OR NEW.requested_at <> OLD.requested_at THEN
        RAISE EXCEPTION 'a transfer is decided once and otherwise never changed';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER client_transfers_decided_once BEFORE UPDATE ON client_transfers
    FOR EACH ROW EXECUTE FUNCTION client_transfers_decided_once();

ALTER TABLE client_transfers ENABLE ROW LEVEL SECURITY;
ALTER TABLE client_transfers FORCE ROW LEVEL SECURITY;
CREATE POLICY parties ON client_transfers
    USING (koto_org_visible(org_id) OR koto_org_visible(to_org_id))
    WITH CHECK (koto_org_visible(org_id) OR koto_org_visible(to_org_id));
GRANT SELECT, INSERT, UPDATE ON client_transfers TO koto_app;
REVOKE DELETE ON client_transfers FROM koto_app;

-- A received hand-over document (koto-integration-records v1): which
-- document (its id), for which person (the HETU's blind index in the
-- receiving organisation, '' without a HETU), from where, which client it
-- created. The unique key makes an import idempotent. Immutable.
CREATE TABLE handover_receipts (
    id                TEXT PRIMARY KEY,
    org_id            TEXT NOT NULL REFERENCES organisations(id),
    client_id         TEXT NOT NULL REFERENCES clients(id),
    document_id       TEXT NOT NULL,
    hetu_bidx         TEXT NOT NULL,
    source_org_id     TEXT REFERENCES organisations(id),
    source_enc        BYTEA,
    transfer_id       TEXT REFERENCES client_transfers(id),
    content_hash      TEXT NOT NULL,
    received_by       TEXT NOT NULL,
    received_username TEXT NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    UNIQUE (org_id, document_id, hetu_bidx)
);
CREATE INDEX handover_receipts_client ON handover_receipts (org_id, client_id);

ALTER TABLE handover_receipts ENABLE ROW LEVEL SECURITY;
ALTER TABLE handover_receipts FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON handover_receipts USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));
GRANT SELECT, INSERT ON handover_receipts TO koto_app;
REVOKE UPDATE, DELETE ON handover_receipts FROM koto_app;

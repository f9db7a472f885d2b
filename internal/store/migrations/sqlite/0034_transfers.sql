-- Transfers between municipalities and hand-over receipts (issue 14 items
-- 5 and 6, ADR 34). Keep in step with postgres/0034_transfers.sql.

-- A transfer request: the holder (org_id, the municipality the client
-- moved away from) asks the new home municipality (to_org_id) to take the
-- client over. No personal data: ids, the state and the refusal's reason
-- code only. Only its state changes, once (requested → accepted or
-- refused); a trigger refuses every other change and any deletion.
CREATE TABLE client_transfers (
    id                TEXT PRIMARY KEY,
    org_id            TEXT NOT NULL REFERENCES organisations(id),
    to_org_id         TEXT NOT NULL REFERENCES organisations(id),
    client_id         TEXT NOT NULL REFERENCES clients(id),
    status            TEXT NOT NULL,
    requested_by      TEXT NOT NULL,
    requested_username TEXT NOT NULL,
    requested_at      TIMESTAMP NOT NULL,
    decided_by        TEXT,
    decided_at        TIMESTAMP,
    refusal_reason    TEXT,
    disclosure_id     TEXT,
    new_client_id     TEXT
);
CREATE INDEX client_transfers_from ON client_transfers (org_id, requested_at);
CREATE INDEX client_transfers_to ON client_transfers (to_org_id, requested_at);
-- At most one open request per client.
CREATE UNIQUE INDEX client_transfers_open ON client_transfers (org_id, client_id) WHERE status = 'requested';

CREATE TRIGGER client_transfers_decided_once BEFORE UPDATE ON client_transfers
WHEN OLD.status <> 'requested' OR NEW.id <> OLD.id OR NEW.org_id <> OLD.org_id OR NEW.to_org_id <> OLD.to_org_id
    OR NEW.client_id <> OLD.client_id OR NEW.requested_at <> OLD.requested_at
BEGIN SELECT RAISE(ABORT, 'a transfer is decided once and otherwise never changed'); END;
CREATE TRIGGER client_transfers_never_deleted BEFORE DELETE ON client_transfers
BEGIN SELECT RAISE(ABORT, 'transfers are never deleted'); END;

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
    source_enc        BLOB,
    transfer_id       TEXT REFERENCES client_transfers(id),
    content_hash      TEXT NOT NULL,
    received_by       TEXT NOT NULL,
    received_username TEXT NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    UNIQUE (org_id, document_id, hetu_bidx)
);
CREATE INDEX handover_receipts_client ON handover_receipts (org_id, client_id);

CREATE TRIGGER handover_receipts_never_edited BEFORE UPDATE ON handover_receipts
BEGIN SELECT RAISE(ABORT, 'hand-over receipts are never edited'); END;
CREATE TRIGGER handover_receipts_never_deleted BEFORE DELETE ON handover_receipts
BEGIN SELECT RAISE(ABORT, 'hand-over receipts are never deleted'); END;

-- What is due for a client (issue 13 item 9, ADR 26). Keep in step with
-- sqlite/0026_due.sql.
--
-- client_due holds the items internal/due computes from a client's record:
-- one row per kind and reference (plan, referral, permit; '' for the
-- assessment), with the date due and the date from which it is shown. The
-- rows depend only on the record, never on today, so they stay current
-- until the record changes. A caseworker's list is one indexed join from
-- client_assignments (org_id, user_id) to this primary key.
CREATE TABLE client_due (
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    client_id   TEXT NOT NULL REFERENCES clients(id),
    kind        TEXT NOT NULL,
    ref_id      TEXT NOT NULL DEFAULT '',
    due_on      DATE NOT NULL,
    shown_from  DATE NOT NULL,
    law         TEXT NOT NULL,
    PRIMARY KEY (org_id, client_id, kind, ref_id)
);

-- Clients whose record changed since their rows were computed. A casework
-- write marks its client in the same transaction; the job due.recompute
-- removes the mark after recomputing (only if seq is unchanged, so a write
-- during the recompute keeps its mark).
CREATE TABLE client_due_dirty (
    org_id     TEXT NOT NULL REFERENCES organisations(id),
    client_id  TEXT NOT NULL REFERENCES clients(id),
    seq        INTEGER NOT NULL DEFAULT 1,
    marked_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org_id, client_id)
);
CREATE INDEX client_due_dirty_marked ON client_due_dirty (marked_at);

-- Every existing client is marked, so the job computes their rows after
-- the upgrade.
INSERT INTO client_due_dirty (org_id, client_id, seq, marked_at)
    SELECT org_id, id, 1, CURRENT_TIMESTAMP FROM clients;

ALTER TABLE client_due ENABLE ROW LEVEL SECURITY;
ALTER TABLE client_due FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON client_due USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));
GRANT SELECT, INSERT, DELETE ON client_due TO koto_app;
ALTER TABLE client_due_dirty ENABLE ROW LEVEL SECURITY;
ALTER TABLE client_due_dirty FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON client_due_dirty USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));
GRANT SELECT, INSERT, UPDATE, DELETE ON client_due_dirty TO koto_app;

-- One person, one record: merging two records of the same person (issue 12,
-- ADR 17). Keep in step with sqlite/0018_client_merge.sql.

-- A record merged into another stays as a row, hidden from lists and
-- search, pointing at the record that survives. Its change history, access
-- log, stated reasons and special-category data stay where they are and are
-- read with the survivor's.
ALTER TABLE clients ADD COLUMN merged_into TEXT REFERENCES clients(id);
CREATE INDEX clients_merged_into ON clients (org_id, merged_into) WHERE merged_into IS NOT NULL;

-- One row per merge: done but unconfirmed (undo possible), confirmed
-- (final) or undone. before_enc is the survivor's details as they were
-- before the merge, sealed with the survivor's key; moved_assignments the
-- users whose responsibility moved from the merged record to the survivor
-- (JSON list), before_team_id the survivor's team before: what undo needs
-- to restore both records exactly.
CREATE TABLE client_merges (
    id                 TEXT PRIMARY KEY,
    org_id             TEXT NOT NULL REFERENCES organisations(id),
    survivor_id        TEXT NOT NULL REFERENCES clients(id),
    merged_id          TEXT NOT NULL REFERENCES clients(id),
    state              TEXT NOT NULL CHECK (state IN ('unconfirmed', 'confirmed', 'undone')),
    merged_at          TIMESTAMPTZ NOT NULL,
    merged_by          TEXT NOT NULL,
    merged_by_name     TEXT NOT NULL,
    confirmed_at       TIMESTAMPTZ,
    confirmed_by       TEXT,
    undone_at          TIMESTAMPTZ,
    undone_by          TEXT,
    before_enc         BYTEA NOT NULL,
    before_team_id     TEXT,
    moved_assignments  TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX client_merges_survivor ON client_merges (org_id, survivor_id, merged_at);
CREATE INDEX client_merges_merged ON client_merges (org_id, merged_id, merged_at);
-- At most one unconfirmed merge per record on either side.
CREATE UNIQUE INDEX client_merges_open_survivor ON client_merges (survivor_id) WHERE state = 'unconfirmed';
CREATE UNIQUE INDEX client_merges_open_merged ON client_merges (merged_id) WHERE state = 'unconfirmed';

ALTER TABLE client_merges ENABLE ROW LEVEL SECURITY;
ALTER TABLE client_merges FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON client_merges USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));
GRANT SELECT, INSERT, UPDATE ON client_merges TO koto_app;
REVOKE DELETE ON client_merges FROM koto_app;

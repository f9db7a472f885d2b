-- Reception, municipal placement, household links, service end and death
-- (issue 13 items 7–8, ADR 24). Keep in step with sqlite/0024_placement.sql.

-- The end of the client's integration services and the date of death:
-- plain dates, as the retention clock of a later issue starts from them.
ALTER TABLE clients ADD COLUMN service_end DATE;
ALTER TABLE clients ADD COLUMN service_end_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN date_of_death DATE;

-- One row per client: reception data and the municipal placement (73 § 9).
-- details_enc holds the reception centre, the UNHCR number, where the
-- person was placed from and the assigning authority, sealed with the
-- client's key; the municipality, the dates and the quota flag stay plain
-- for statistics and compensation periods.
CREATE TABLE client_placements (
    client_id      TEXT PRIMARY KEY REFERENCES clients(id),
    org_id         TEXT NOT NULL REFERENCES organisations(id),
    details_enc    BYTEA NOT NULL,
    quota_refugee  BOOLEAN NOT NULL DEFAULT FALSE,
    municipality   TEXT NOT NULL DEFAULT '',
    decision_date  DATE,
    arrival_date   DATE,
    updated_at     TIMESTAMPTZ NOT NULL,
    updated_by     TEXT NOT NULL,
    version        INTEGER NOT NULL
);
CREATE INDEX client_placements_org ON client_placements (org_id, municipality);

-- Household links between two clients of one organisation: other_id is
-- kind (spouse, child, parent, other) of client_id; read from other_id's
-- side the kind is inverted. One link per pair, whichever way round
-- (the service checks the other way).
CREATE TABLE household_links (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    client_id   TEXT NOT NULL REFERENCES clients(id),
    other_id    TEXT NOT NULL REFERENCES clients(id),
    kind        TEXT NOT NULL CHECK (kind IN ('spouse', 'child', 'parent', 'other')),
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT NOT NULL,
    CHECK (client_id <> other_id)
);
CREATE UNIQUE INDEX household_links_pair ON household_links (org_id, client_id, other_id);
CREATE INDEX household_links_other ON household_links (org_id, other_id);

ALTER TABLE client_placements ENABLE ROW LEVEL SECURITY;
ALTER TABLE client_placements FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON client_placements USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));

ALTER TABLE household_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE household_links FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON household_links USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));

-- Personal data sealed with the client's key (ADR 13), step 1 of 2. Keep in
-- step with sqlite/0010_personal_data_sealed.sql.
-- New columns for the sealed documents and the birth date's blind index,
-- and the name index made again with keyed digests for keys. SQL cannot
-- encrypt: the Go step registered for this migration (store/sealmigration.go)
-- seals every existing client and its change history, and rebuilds its name
-- keys, in this migration's transaction. 0011 drops the plain columns.
ALTER TABLE clients ADD COLUMN summary_enc BYTEA;
ALTER TABLE clients ADD COLUMN details_enc BYTEA;
ALTER TABLE clients ADD COLUMN birth_date_bidx TEXT;
ALTER TABLE client_changes ADD COLUMN old_enc BYTEA;
ALTER TABLE client_changes ADD COLUMN new_enc BYTEA;
-- The Go step empties the plain columns it seals (PostgreSQL's DROP COLUMN
-- in 0011 leaves the values in the rows), the birth date with NULL.
ALTER TABLE clients ALTER COLUMN birth_date DROP NOT NULL;

DROP TABLE client_search_keys;
CREATE TABLE client_search_keys (
    org_id     TEXT NOT NULL,
    key        BYTEA NOT NULL,
    client_id  TEXT NOT NULL REFERENCES clients(id),
    PRIMARY KEY (org_id, key, client_id)
);
CREATE INDEX client_search_keys_client ON client_search_keys (client_id, key);
-- A table made after 0005 needs its row-level security policy here.
ALTER TABLE client_search_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE client_search_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON client_search_keys USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));
GRANT SELECT, INSERT, UPDATE, DELETE ON client_search_keys TO koto_app;

-- Personal data sealed with the client's key (ADR 13), step 1 of 2. Keep in
-- step with postgres/0010_personal_data_sealed.sql.
-- New columns for the sealed documents and the birth date's blind index,
-- and the name index made again with keyed digests for keys. SQL cannot
-- encrypt: the Go step registered for this migration (store/sealmigration.go)
-- seals every existing client and its change history, and rebuilds its name
-- keys, in this migration's transaction. 0011 drops the plain columns.
ALTER TABLE clients ADD COLUMN summary_enc BLOB;
ALTER TABLE clients ADD COLUMN details_enc BLOB;
ALTER TABLE clients ADD COLUMN birth_date_bidx TEXT;
ALTER TABLE client_changes ADD COLUMN old_enc BLOB;
ALTER TABLE client_changes ADD COLUMN new_enc BLOB;

DROP TABLE client_search_keys;
CREATE TABLE client_search_keys (
    org_id     TEXT NOT NULL,
    key        BLOB NOT NULL,
    client_id  TEXT NOT NULL REFERENCES clients(id),
    PRIMARY KEY (org_id, key, client_id)
);
CREATE INDEX client_search_keys_client ON client_search_keys (client_id, key);

-- Need-to-know that holds (issue 11). Keep in step with
-- postgres/0014_need_to_know_holds.sql.

-- The review queue holds every access resting on the user's own word:
-- stated reasons, and supervisors' self-assignments.
ALTER TABLE access_reasons ADD COLUMN kind TEXT NOT NULL DEFAULT 'reason';
-- Counting a user's reasons of the day (the daily limit).
CREATE INDEX access_reasons_given ON access_reasons (org_id, user_id, created_at);

-- Special-category data in versions: a save adds a version, earlier ones
-- stay. The sealed documents keep the associated data they were sealed
-- with (logical table "client_sensitive").
CREATE TABLE client_sensitive_versions (
    client_id  TEXT NOT NULL REFERENCES clients(id),
    org_id     TEXT NOT NULL REFERENCES organisations(id),
    version    INTEGER NOT NULL,
    data_enc   BLOB NOT NULL,
    purpose    TEXT NOT NULL,
    saved_at   TIMESTAMP NOT NULL,
    saved_by   TEXT NOT NULL,
    PRIMARY KEY (client_id, version)
);
INSERT INTO client_sensitive_versions (client_id, org_id, version, data_enc, purpose, saved_at, saved_by)
    SELECT client_id, org_id, version, data_enc, '', updated_at, updated_by FROM client_sensitive;
DROP TABLE client_sensitive;

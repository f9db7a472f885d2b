-- Forms kept when a session expired under them (ADR 18). Keep in step with
-- postgres/0019_saved_forms.sql. id is the SHA-256 (hex) of the random
-- token in the browser's short-lived cookie; user_id the former session's
-- user, who alone may restore it; path the form page it returns to;
-- payload_enc the posted values sealed with the organisation's key
-- (key_id names it). Rows live minutes: restored ones are deleted at once,
-- expired ones by the next save or read and by a job.
CREATE TABLE saved_forms (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    path        TEXT NOT NULL,
    key_id      TEXT NOT NULL,
    payload_enc BLOB NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL
);
CREATE INDEX saved_forms_expires ON saved_forms (expires_at);

-- Authentication that holds (issue 11). Keep in step with
-- postgres/0012_auth_hardening.sql.

-- Password logins per (account, client address): the lockout is keyed on
-- the pair, so failures from one address never lock the account for
-- another; the sum over an account's addresses bounds guessing spread over
-- many addresses (ADR 7). last_success_at makes an address "known" to the
-- account: known addresses stay open while the account is under a
-- distributed attack. Second-factor codes and re-authentication keep
-- counting on users.failed_logins / users.locked_until (the account lock).
CREATE TABLE login_attempts (
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    org_id           TEXT NOT NULL REFERENCES organisations(id),
    source           TEXT NOT NULL,
    failures         INTEGER NOT NULL DEFAULT 0,
    last_failure_at  TIMESTAMP,
    locked_until     TIMESTAMP,
    last_success_at  TIMESTAMP,
    PRIMARY KEY (user_id, source)
);

-- API tokens expire. Tokens made before this migration get 90 days from
-- now (the format the driver writes, so comparisons and scans agree).
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP;
UPDATE api_tokens SET expires_at = strftime('%Y-%m-%d %H:%M:%S', 'now', '+90 days') || ' +0000 UTC' WHERE expires_at IS NULL;
CREATE TRIGGER api_tokens_expiry_epoch AFTER UPDATE OF expires_at ON api_tokens
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;

-- A coverage grants the employment area's users in the municipality only
-- these client-work roles (comma-separated). Coverage made before this
-- migration keeps the closest to its old meaning without administration.
ALTER TABLE org_coverage ADD COLUMN roles TEXT NOT NULL DEFAULT 'caseworker,supervisor';

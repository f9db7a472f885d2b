-- Access-log retention by whole calendar years (issue 15 item 7, ADR 41).
-- Keep in step with sqlite/0040_audit_prunes.sql.

-- A signed prune checkpoint per chain and run of the retention engine
-- that deleted the chain's oldest entries: through seq (whose hash was
-- hash), closing the calendar years up to year; count entries in that
-- run. sig is the Ed25519 signature with the checkpoint key (base64), so
-- `koto audit verify` can start the chain after the latest one. Never
-- edited or deleted.
CREATE TABLE audit_prunes (
    id     TEXT PRIMARY KEY,
    chain  TEXT NOT NULL,
    seq    BIGINT NOT NULL,
    hash   TEXT NOT NULL,
    year   INTEGER NOT NULL,
    count  BIGINT NOT NULL,
    at     TIMESTAMPTZ NOT NULL,
    sig    TEXT NOT NULL
);
CREATE INDEX audit_prunes_chain ON audit_prunes (chain, seq);

ALTER TABLE audit_prunes ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_prunes FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON audit_prunes USING (koto_org_visible(chain)) WITH CHECK (koto_org_visible(chain));

GRANT SELECT, INSERT ON audit_prunes TO koto_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_prunes FROM koto_app;

-- The access log stays append-only, except for the retention engine's
-- prune: a maintenance transaction in the owner role that sets
-- koto.audit_prune for itself (store.pruneAccessLog). koto_app has no
-- DELETE grant on audit_entries at all, so the setting cannot help it.
CREATE FUNCTION koto_audit_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('koto.audit_prune', true) = 'on' AND current_user <> 'koto_app' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only';
END;
$$;
DROP TRIGGER audit_entries_no_delete ON audit_entries;
CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION koto_audit_no_delete();

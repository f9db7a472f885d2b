-- A log that a database writer cannot rewrite (issue 11, ADR 12). Keep in
-- step with sqlite/0013_audit_keyed.sql.
--
-- version: the entry's canonical encoding; entries written before this
-- migration are version 1 (plain SHA-256), new ones version 2 (keyed
-- hash, MAC, Via and Shown covered). mac: HMAC of the entry's content with
-- a key from the key ring, set when the entry is written; the sealer
-- chains no entry whose MAC does not verify. via: the acting user's home
-- organisation code. shown: the ids of the clients a search or list
-- showed, sorted, comma-separated.
ALTER TABLE audit_entries ADD COLUMN version SMALLINT NOT NULL DEFAULT 1;
ALTER TABLE audit_entries ADD COLUMN via TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_entries ADD COLUMN shown TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_entries ADD COLUMN mac TEXT NOT NULL DEFAULT '';
-- Existing rows keep version 1. A new entry must name its version, so a
-- server of an older Koto still running against this database fails its
-- requests rather than write entries the keyed chains would not accept.
ALTER TABLE audit_entries ALTER COLUMN version DROP DEFAULT;

-- Content columns, the new ones included, never change; sealing sets seq,
-- prev_hash and hash once.
CREATE OR REPLACE FUNCTION koto_audit_seal_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.hash <> '' OR OLD.seq IS NOT NULL
       OR (NEW.id, NEW.chain, NEW.at, NEW.user_id, NEW.username, NEW.org_id, NEW.roles, NEW.action, NEW.client_id,
           NEW.touched, NEW.result, NEW.channel, NEW.request_id, NEW.version, NEW.via, NEW.shown, NEW.mac)
          IS DISTINCT FROM
          (OLD.id, OLD.chain, OLD.at, OLD.user_id, OLD.username, OLD.org_id, OLD.roles, OLD.action, OLD.client_id,
           OLD.touched, OLD.result, OLD.channel, OLD.request_id, OLD.version, OLD.via, OLD.shown, OLD.mac) THEN
        RAISE EXCEPTION 'audit entries are append-only';
    END IF;
    RETURN NEW;
END;
$$;

-- Each client's log finds the searches and lists that showed the client
-- through a GIN index of the shown ids: new entries go to its pending list
-- and are merged in bulk, where a B-tree keyed by client would take one
-- random page per shown client. The column, which the entry's hash covers,
-- is the record; the index is PostgreSQL's own and cannot disagree with it.
CREATE INDEX audit_entries_shown ON audit_entries USING gin ((string_to_array(shown, ','))) WHERE shown <> '';

-- Chain heads are never removed and never go back.
REVOKE DELETE, TRUNCATE ON audit_heads FROM koto_app;
CREATE TRIGGER audit_heads_no_delete BEFORE DELETE ON audit_heads
    FOR EACH ROW EXECUTE FUNCTION koto_audit_append_only();
CREATE TRIGGER audit_heads_no_truncate BEFORE TRUNCATE ON audit_heads
    FOR EACH STATEMENT EXECUTE FUNCTION koto_audit_append_only();
CREATE TRIGGER audit_heads_no_rewind BEFORE UPDATE ON audit_heads
    FOR EACH ROW WHEN (NEW.seq < OLD.seq OR NEW.chain IS DISTINCT FROM OLD.chain)
    EXECUTE FUNCTION koto_audit_append_only();

-- Every organisation, and the system, has its chain from the start, so
-- verification notices a chain removed as a whole (entries and head).
INSERT INTO audit_heads (chain, seq, hash) SELECT id, 0, '' FROM organisations ON CONFLICT (chain) DO NOTHING;
INSERT INTO audit_heads (chain, seq, hash) VALUES ('_system', 0, '') ON CONFLICT (chain) DO NOTHING;
CREATE FUNCTION koto_organisation_audit_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_heads (chain, seq, hash) VALUES (NEW.id, 0, '') ON CONFLICT (chain) DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE TRIGGER organisations_audit_head AFTER INSERT ON organisations
    FOR EACH ROW EXECUTE FUNCTION koto_organisation_audit_head();

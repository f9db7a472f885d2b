-- A log that a database writer cannot rewrite (issue 11, ADR 12). Keep in
-- step with postgres/0013_audit_keyed.sql.
--
-- version: the entry's canonical encoding; entries written before this
-- migration are version 1 (plain SHA-256), new ones version 2 (keyed
-- hash, MAC, Via and Shown covered). mac: HMAC of the entry's content with
-- a key from the key ring, set when the entry is written. via: the acting
-- user's home organisation code. shown: the ids of the clients a search or
-- list showed, sorted, comma-separated.
ALTER TABLE audit_entries ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_entries ADD COLUMN via TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_entries ADD COLUMN shown TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_entries ADD COLUMN mac TEXT NOT NULL DEFAULT '';

-- Content columns, the new ones included, never change; sealing sets seq,
-- prev_hash and hash once.
DROP TRIGGER audit_entries_no_update;
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
WHEN OLD.hash <> '' OR OLD.seq IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.chain IS NOT OLD.chain OR NEW.at IS NOT OLD.at OR NEW.user_id IS NOT OLD.user_id
  OR NEW.username IS NOT OLD.username OR NEW.org_id IS NOT OLD.org_id OR NEW.roles IS NOT OLD.roles
  OR NEW.action IS NOT OLD.action OR NEW.client_id IS NOT OLD.client_id OR NEW.touched IS NOT OLD.touched
  OR NEW.result IS NOT OLD.result OR NEW.channel IS NOT OLD.channel OR NEW.request_id IS NOT OLD.request_id
  OR NEW.version IS NOT OLD.version OR NEW.via IS NOT OLD.via OR NEW.shown IS NOT OLD.shown OR NEW.mac IS NOT OLD.mac
BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;

-- Each client's log finds the searches and lists that showed the client
-- through a full-text index of the shown column (FTS5: its inverted index
-- is written as a few sequential segment pages per transaction, where a
-- B-tree keyed by client would rewrite one page per shown client — ten
-- times the writer's work for a search showing 50). The column, which the
-- entry's hash covers, is the record; the index is derived from it (document
-- id = the entry's rowid), and `koto audit verify` checks that the two agree
-- through the vocabulary table below.
CREATE VIRTUAL TABLE audit_entries_shown USING fts5(shown, content='audit_entries', content_rowid='rowid', detail='none');
CREATE VIRTUAL TABLE audit_entries_shown_terms USING fts5vocab(audit_entries_shown, 'instance');
CREATE TRIGGER audit_entries_shown_index AFTER INSERT ON audit_entries WHEN NEW.shown <> ''
BEGIN INSERT INTO audit_entries_shown (rowid, shown) VALUES (NEW.rowid, NEW.shown); END;

-- Chain heads are never removed and never go back.
CREATE TRIGGER audit_heads_no_delete BEFORE DELETE ON audit_heads
BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
CREATE TRIGGER audit_heads_no_rewind BEFORE UPDATE ON audit_heads
WHEN NEW.seq < OLD.seq OR NEW.chain IS NOT OLD.chain
BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;

-- Every organisation, and the system, has its chain from the start, so
-- verification notices a chain removed as a whole (entries and head).
INSERT INTO audit_heads (chain, seq, hash) SELECT id, 0, '' FROM organisations WHERE true ON CONFLICT (chain) DO NOTHING;
INSERT INTO audit_heads (chain, seq, hash) VALUES ('_system', 0, '') ON CONFLICT (chain) DO NOTHING;
CREATE TRIGGER organisations_audit_head AFTER INSERT ON organisations
BEGIN INSERT INTO audit_heads (chain, seq, hash) VALUES (NEW.id, 0, '') ON CONFLICT (chain) DO NOTHING; END;

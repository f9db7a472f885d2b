-- An organisation's access log is its chain, whoever's user wrote the
-- entry: a refused attempt by another organisation's user on one of its
-- clients is an entry in its chain with that other organisation as
-- org_id (gate.Denied, ADR 14). Row-level security on audit_entries
-- therefore follows the chain, not org_id. Keep the file name in step with
-- sqlite/0015_audit_visible_by_chain.sql (SQLite has no row-level security).
DROP POLICY org_isolation ON audit_entries;
CREATE POLICY org_isolation ON audit_entries USING (koto_org_visible(chain)) WITH CHECK (koto_org_visible(chain));

-- The organisation-wide access log (issue 15 item 1, ADR 38); the same in
-- both engines. The period filter and keyset paging read a chain newest
-- first by (at, id); a user's report reads one user's entries of a period.
CREATE INDEX audit_entries_chain_at ON audit_entries (chain, at, id);
CREATE INDEX audit_entries_chain_user ON audit_entries (chain, user_id, at, id);

-- Code lists with names (issue 12, ADR 15). Keep in step with
-- postgres/0016_code_list_versions.sql.

-- The versions of the code lists (internal/codes) a client's coded fields
-- were checked against when the client was last saved, e.g.
-- "countries=2026-12-03;languages=2026-12-03;municipalities=2025-01-01";
-- empty for clients saved before code lists existed. The table's row-level
-- security policy covers the new column.
ALTER TABLE clients ADD COLUMN code_lists TEXT NOT NULL DEFAULT '';

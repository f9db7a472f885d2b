-- Name search reads the summaries of up to 50 matched clients by id; with
-- the summary columns in the index PostgreSQL answers from the index alone
-- (where the visibility map allows). The same index as on SQLite, where it
-- saves a table search per client (docs/performance.md).
CREATE INDEX clients_summary ON clients (id) INCLUDE (org_id, koto_id, first_names, last_name, birth_date, home_municipality, updated_at);

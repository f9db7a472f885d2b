-- Row-level security on the access log follows its chain: PostgreSQL only
-- (postgres/0015_audit_visible_by_chain.sql). Nothing to do on SQLite.
SELECT 1;

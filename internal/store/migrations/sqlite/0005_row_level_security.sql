-- Row-level security exists only on PostgreSQL (see postgres/0005). SQLite
-- is the embedded single-tenant default; the store scopes every query by
-- organisation on both engines.
SELECT 1;

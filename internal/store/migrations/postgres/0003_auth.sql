-- Account lifecycle (issue 4): when a disabled account was enabled again,
-- so the inactivity rule counts from then rather than disabling it again
-- at once. Keep in step with sqlite/0003_auth.sql.
ALTER TABLE users ADD COLUMN reactivated_at TIMESTAMPTZ;

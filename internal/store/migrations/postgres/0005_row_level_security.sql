-- Defence in depth: the application works as the non-owner role koto_app,
-- and every table that carries an organisation shows a transaction only the
-- rows of the organisation set for it (koto.org_id), unless the transaction
-- is marked as a system transaction (koto.scope = 'system': login, user
-- administration, audit verification). Client data is always read in an
-- organisation transaction. A test fails when a table with an org_id column
-- has no policy.

DO $$
BEGIN
    -- Roles are cluster-wide: another database or schema may have made it.
    BEGIN
        CREATE ROLE koto_app NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
    -- The connecting (owner) role switches to koto_app in every transaction.
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        BEGIN
            EXECUTE format('GRANT koto_app TO %I', current_user);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO koto_app', current_schema());
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO koto_app', current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO koto_app', current_schema());
END
$$;

-- The access log is append-only for the application role, by privilege
-- as well as by trigger.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries FROM koto_app;
GRANT UPDATE (seq, prev_hash, hash) ON audit_entries TO koto_app; -- sealing only
REVOKE UPDATE, DELETE, TRUNCATE ON schema_migrations FROM koto_app;

CREATE FUNCTION koto_org_visible(org TEXT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT current_setting('koto.scope', true) = 'system'
        OR (org IS NOT NULL AND org = current_setting('koto.org_id', true))
$$;

DO $$
DECLARE
    t TEXT;
BEGIN
    FOR t IN
        SELECT c.table_name FROM information_schema.columns c
        JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND c.column_name = 'org_id' AND tb.table_type = 'BASE TABLE'
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY org_isolation ON %I USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id))', t);
    END LOOP;
END
$$;

-- A counter that every change able to revoke or alter a credential's
-- principal advances, by trigger, whoever makes it (a server, the CLI):
-- servers cache token look-ups and trust an entry only while the counter
-- is unchanged. Keep in step with sqlite/0007_auth_epoch.sql.
CREATE TABLE auth_epoch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  BIGINT NOT NULL
);
INSERT INTO auth_epoch (id, n) VALUES (1, 0);

CREATE FUNCTION bump_auth_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE auth_epoch SET n = n + 1 WHERE id = 1;
    RETURN NULL;
END $$;

CREATE TRIGGER users_epoch_update AFTER UPDATE OF username, display_name, org_id, disabled_at, end_date, must_change_password, reactivated_at ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_epoch();
CREATE TRIGGER users_epoch_delete AFTER DELETE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_epoch();
CREATE TRIGGER user_roles_epoch AFTER INSERT OR UPDATE OR DELETE ON user_roles
    FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_epoch();
CREATE TRIGGER api_tokens_epoch_update AFTER UPDATE OF token_hash, user_id, revoked_at ON api_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_epoch();
CREATE TRIGGER api_tokens_epoch_delete AFTER DELETE ON api_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_epoch();
CREATE TRIGGER organisations_epoch AFTER UPDATE OR DELETE ON organisations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_epoch();

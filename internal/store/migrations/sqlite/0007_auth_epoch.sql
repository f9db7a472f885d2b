-- A counter that every change able to revoke or alter a credential's
-- principal advances, by trigger, whoever makes it (a server, the CLI):
-- servers cache token look-ups and trust an entry only while the counter
-- is unchanged. Keep in step with postgres/0007_auth_epoch.sql.
CREATE TABLE auth_epoch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO auth_epoch (id, n) VALUES (1, 0);

CREATE TRIGGER users_epoch_update AFTER UPDATE OF username, display_name, org_id, disabled_at, end_date, must_change_password, reactivated_at ON users
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER users_epoch_delete AFTER DELETE ON users
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER user_roles_epoch_insert AFTER INSERT ON user_roles
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER user_roles_epoch_update AFTER UPDATE ON user_roles
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER user_roles_epoch_delete AFTER DELETE ON user_roles
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER api_tokens_epoch_update AFTER UPDATE OF token_hash, user_id, revoked_at ON api_tokens
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER api_tokens_epoch_delete AFTER DELETE ON api_tokens
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER organisations_epoch_update AFTER UPDATE ON organisations
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER organisations_epoch_delete AFTER DELETE ON organisations
BEGIN UPDATE auth_epoch SET n = n + 1 WHERE id = 1; END;

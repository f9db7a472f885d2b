-- Koto schema, PostgreSQL dialect. Keep in step with sqlite/0001_init.sql:
-- same tables, columns and meaning (a test compares the column lists).

CREATE TABLE organisations (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('municipality', 'employment_area', 'operator', 'provider')),
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE org_keys (
    org_id         TEXT NOT NULL REFERENCES organisations(id),
    key_id         TEXT NOT NULL,
    master_key_id  TEXT NOT NULL,
    wrapped        BYTEA NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org_id, key_id)
);

CREATE TABLE users (
    id                   TEXT PRIMARY KEY,
    org_id               TEXT NOT NULL REFERENCES organisations(id),
    username             TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    disabled_at          TIMESTAMPTZ,
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    locked_until         TIMESTAMPTZ,
    last_login_at        TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX users_org ON users (org_id, username);

CREATE TABLE user_roles (
    user_id  TEXT NOT NULL REFERENCES users(id),
    org_id   TEXT NOT NULL REFERENCES organisations(id),
    role     TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id),
    org_id        TEXT NOT NULL REFERENCES organisations(id),
    created_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id),
    org_id        TEXT NOT NULL REFERENCES organisations(id),
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL,
    revoked_at    TIMESTAMPTZ,
    last_used_at  TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Throttling of login attempts by source address (per-account lockout lives on users).
CREATE TABLE login_throttle (
    source        TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    window_start  TIMESTAMPTZ NOT NULL
);

CREATE TABLE clients (
    id                         TEXT PRIMARY KEY,
    org_id                     TEXT NOT NULL REFERENCES organisations(id),
    koto_id                    TEXT NOT NULL,
    hetu_enc                   BYTEA,
    hetu_bidx                  TEXT,
    birth_date                 DATE NOT NULL,
    sex                        TEXT NOT NULL DEFAULT '',
    first_names                TEXT NOT NULL,
    last_name                  TEXT NOT NULL,
    previous_names             TEXT NOT NULL DEFAULT '[]',
    birth_place                TEXT NOT NULL DEFAULT '',
    mother_tongue              TEXT NOT NULL DEFAULT '',
    service_language           TEXT NOT NULL DEFAULT '',
    interpreter_needed         BOOLEAN NOT NULL DEFAULT FALSE,
    interpreter_language       TEXT NOT NULL DEFAULT '',
    citizenships               TEXT NOT NULL DEFAULT '[]',
    stateless                  BOOLEAN NOT NULL DEFAULT FALSE,
    home_municipality          TEXT NOT NULL DEFAULT '',
    street_address             TEXT NOT NULL DEFAULT '',
    postal_code                TEXT NOT NULL DEFAULT '',
    post_office                TEXT NOT NULL DEFAULT '',
    phone                      TEXT NOT NULL DEFAULT '',
    email                      TEXT NOT NULL DEFAULT '',
    address_protected          BOOLEAN NOT NULL DEFAULT FALSE,
    arrival_date               DATE,
    municipality_registered_on DATE,
    created_at                 TIMESTAMPTZ NOT NULL,
    created_by                 TEXT NOT NULL,
    updated_at                 TIMESTAMPTZ NOT NULL,
    updated_by                 TEXT NOT NULL,
    version                    INTEGER NOT NULL
);
CREATE UNIQUE INDEX clients_org_hetu ON clients (org_id, hetu_bidx);
CREATE UNIQUE INDEX clients_org_koto_id ON clients (org_id, koto_id);
CREATE INDEX clients_org_name ON clients (org_id, last_name, first_names, id);
CREATE INDEX clients_org_birth ON clients (org_id, birth_date, last_name, first_names, id);
CREATE INDEX clients_org_created ON clients (org_id, created_at, id);

-- Per-client data key wrapped by the organisation key; destroying it
-- (crypto-shredding) makes every encrypted field of the client unreadable.
CREATE TABLE client_keys (
    client_id     TEXT PRIMARY KEY REFERENCES clients(id),
    org_id        TEXT NOT NULL REFERENCES organisations(id),
    key_id        TEXT NOT NULL,
    org_key_id    TEXT NOT NULL,
    wrapped       BYTEA,
    created_at    TIMESTAMPTZ NOT NULL,
    destroyed_at  TIMESTAMPTZ
);

CREATE TABLE client_search_keys (
    org_id     TEXT NOT NULL,
    key        TEXT COLLATE "C" NOT NULL,
    client_id  TEXT NOT NULL REFERENCES clients(id),
    PRIMARY KEY (org_id, key, client_id)
);
CREATE INDEX client_search_keys_client ON client_search_keys (client_id);

CREATE TABLE permits (
    id                TEXT PRIMARY KEY,
    client_id         TEXT NOT NULL REFERENCES clients(id),
    org_id            TEXT NOT NULL REFERENCES organisations(id),
    application_date  DATE,
    decision_date     DATE,
    permit_type       TEXT NOT NULL,
    basis             TEXT NOT NULL,
    valid_from        DATE,
    valid_to          DATE,
    created_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX permits_client ON permits (client_id);

-- Change history: one row per changed field, old and new value kept.
-- Values of encrypted fields are stored sealed with the client's key.
CREATE TABLE client_changes (
    id          TEXT PRIMARY KEY,
    client_id   TEXT NOT NULL REFERENCES clients(id),
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    at          TIMESTAMPTZ NOT NULL,
    user_id     TEXT NOT NULL,
    username    TEXT NOT NULL,
    field       TEXT NOT NULL,
    old_value   TEXT NOT NULL,
    new_value   TEXT NOT NULL,
    encrypted   BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX client_changes_client ON client_changes (client_id, at);

-- Access log. A request inserts its entry unsealed (seq NULL, hash '') in
-- its own transaction; the sealer chains entries a moment later, setting
-- seq, prev_hash and hash once (ADR 4). Content columns never change.
CREATE TABLE audit_entries (
    id          TEXT PRIMARY KEY,
    chain       TEXT NOT NULL,
    seq         BIGINT,
    at          TIMESTAMPTZ NOT NULL,
    user_id     TEXT NOT NULL,
    username    TEXT NOT NULL,
    org_id      TEXT NOT NULL,
    roles       TEXT NOT NULL,
    action      TEXT NOT NULL,
    client_id   TEXT NOT NULL,
    touched     TEXT NOT NULL,
    result      TEXT NOT NULL,
    channel     TEXT NOT NULL,
    request_id  TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    UNIQUE (chain, seq)
);
CREATE INDEX audit_entries_client ON audit_entries (chain, client_id, at);
CREATE INDEX audit_entries_unsealed ON audit_entries (chain, at, id) WHERE hash = '';

CREATE TABLE audit_heads (
    chain  TEXT PRIMARY KEY,
    seq    BIGINT NOT NULL,
    hash   TEXT NOT NULL
);

-- The access log is append-only for the application; the same holds for
-- TRUNCATE. (Roles and grants that make this independent of triggers come
-- with the non-owner application role.)
CREATE FUNCTION koto_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only';
END;
$$;
CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION koto_audit_append_only();
-- The only update is sealing an unsealed entry (seq, prev_hash, hash once).
CREATE FUNCTION koto_audit_seal_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.hash <> '' OR OLD.seq IS NOT NULL
       OR (NEW.id, NEW.chain, NEW.at, NEW.user_id, NEW.username, NEW.org_id, NEW.roles, NEW.action, NEW.client_id,
           NEW.touched, NEW.result, NEW.channel, NEW.request_id)
          IS DISTINCT FROM
          (OLD.id, OLD.chain, OLD.at, OLD.user_id, OLD.username, OLD.org_id, OLD.roles, OLD.action, OLD.client_id,
           OLD.touched, OLD.result, OLD.channel, OLD.request_id) THEN
        RAISE EXCEPTION 'audit entries are append-only';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION koto_audit_seal_only();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION koto_audit_append_only();

-- Need-to-know access, special-category data, account lifecycle and strong
-- authentication (issue 4). Keep in step with sqlite/0002_need_to_know.sql.

-- Responsible caseworkers of a client (the creator becomes one).
CREATE TABLE client_assignments (
    client_id    TEXT NOT NULL REFERENCES clients(id),
    org_id       TEXT NOT NULL REFERENCES organisations(id),
    user_id      TEXT NOT NULL REFERENCES users(id),
    assigned_at  TIMESTAMPTZ NOT NULL,
    assigned_by  TEXT NOT NULL,
    PRIMARY KEY (client_id, user_id)
);
CREATE INDEX client_assignments_user ON client_assignments (org_id, user_id);

-- Teams: a client may belong to one team; its members have need-to-know.
CREATE TABLE teams (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    name        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE TABLE team_members (
    team_id  TEXT NOT NULL REFERENCES teams(id),
    org_id   TEXT NOT NULL REFERENCES organisations(id),
    user_id  TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (team_id, user_id)
);
ALTER TABLE clients ADD COLUMN team_id TEXT REFERENCES teams(id);

-- A stated reason opens a client for a limited time; supervisors review.
CREATE TABLE access_reasons (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id),
    client_id    TEXT NOT NULL REFERENCES clients(id),
    user_id      TEXT NOT NULL REFERENCES users(id),
    reason_code  TEXT NOT NULL,
    reason_text  TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    reviewed_at  TIMESTAMPTZ,
    reviewed_by  TEXT
);
CREATE INDEX access_reasons_lookup ON access_reasons (org_id, client_id, user_id, expires_at);
CREATE INDEX access_reasons_review ON access_reasons (org_id, reviewed_at, created_at);

-- Special-category data (73 § 8): one sealed JSON document per client,
-- encrypted with the client's data key.
CREATE TABLE client_sensitive (
    client_id   TEXT PRIMARY KEY REFERENCES clients(id),
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    data_enc    BYTEA NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    updated_by  TEXT NOT NULL,
    version     INTEGER NOT NULL
);

-- Employment areas act for the municipalities they cover.
CREATE TABLE org_coverage (
    area_id          TEXT NOT NULL REFERENCES organisations(id),
    municipality_id  TEXT NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (area_id, municipality_id)
);

-- Account lifecycle and strong authentication.
ALTER TABLE users ADD COLUMN end_date DATE;
ALTER TABLE users ADD COLUMN totp_secret_enc BYTEA;
ALTER TABLE users ADD COLUMN totp_enabled_at TIMESTAMPTZ;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN auth_version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE recovery_codes (
    user_id    TEXT NOT NULL REFERENCES users(id),
    org_id     TEXT NOT NULL REFERENCES organisations(id),
    code_hash  TEXT NOT NULL,
    used_at    TIMESTAMPTZ,
    PRIMARY KEY (user_id, code_hash)
);

-- Single sign-on identities, keyed by (issuer, subject).
CREATE TABLE user_identities (
    issuer      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users(id),
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (issuer, subject)
);

-- IdP group -> organisation and role.
CREATE TABLE idp_group_roles (
    issuer      TEXT NOT NULL,
    group_name  TEXT NOT NULL,
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    role        TEXT NOT NULL,
    PRIMARY KEY (issuer, group_name, role)
);

-- Sessions get a public id (to list and end them), second-factor state
-- and the organisation the user acts for.
ALTER TABLE sessions ADD COLUMN id TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN mfa_done BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE sessions ADD COLUMN acting_org_id TEXT;
CREATE INDEX sessions_id ON sessions (id);

-- Scheduled jobs: a row per job, claimed with a lease so that several
-- server processes never run the same job at once.
CREATE TABLE jobs (
    name          TEXT PRIMARY KEY,
    leased_until  TIMESTAMPTZ,
    leased_by     TEXT,
    last_run_at   TIMESTAMPTZ,
    last_result   TEXT NOT NULL DEFAULT ''
);

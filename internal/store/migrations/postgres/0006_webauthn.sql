-- WebAuthn (security keys and platform authenticators) as a second factor
-- besides TOTP. Keep in step with sqlite/0006_webauthn.sql.
-- id is the base64url credential id; public_key the COSE key; flags the
-- authenticator flags byte of registration (the backup-eligible flag must
-- not change); transports comma-separated.
CREATE TABLE webauthn_credentials (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    org_id       TEXT NOT NULL REFERENCES organisations(id),
    public_key   BYTEA NOT NULL,
    sign_count   BIGINT NOT NULL DEFAULT 0,
    flags        INTEGER NOT NULL DEFAULT 0,
    transports   TEXT NOT NULL DEFAULT '',
    name         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ
);
CREATE INDEX webauthn_credentials_user ON webauthn_credentials (user_id);

-- The ceremony in progress (one per user): JSON of webauthn.SessionData.
CREATE TABLE webauthn_sessions (
    user_id    TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    org_id     TEXT NOT NULL REFERENCES organisations(id),
    data       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- Tables made after 0005 need their row-level security policy here.
ALTER TABLE webauthn_credentials ENABLE ROW LEVEL SECURITY;
ALTER TABLE webauthn_credentials FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON webauthn_credentials USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));
ALTER TABLE webauthn_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE webauthn_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON webauthn_sessions USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));

-- Service providers' services and referrals (issue 13, ADR 23). Keep in step
-- with sqlite/0023_referrals.sql. Providers are organisations of kind
-- 'provider'; the national list of services is data in internal/referral.

-- An organisation's own services, beside the national list.
CREATE TABLE referral_services (
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    code        TEXT NOT NULL,
    name_fi     TEXT NOT NULL,
    name_sv     TEXT NOT NULL DEFAULT '',
    name_en     TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT NOT NULL,
    PRIMARY KEY (org_id, code)
);

-- A client's referral to a provider's service; status and status_date are
-- those of the latest event (kept here for the per-provider lists).
CREATE TABLE referrals (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id),
    client_id    TEXT NOT NULL REFERENCES clients(id),
    provider_id  TEXT NOT NULL REFERENCES organisations(id),
    service_code TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('proposed', 'sent', 'accepted', 'rejected', 'started', 'interrupted', 'completed')),
    status_date  DATE NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    created_by   TEXT NOT NULL
);
CREATE INDEX referrals_client ON referrals (org_id, client_id, created_at);
CREATE INDEX referrals_provider ON referrals (org_id, provider_id, status, created_at);

-- The steps of a referral, in order (seq from 0, the proposal). The reason
-- of a rejection or interruption is free text about the client: sealed
-- with the client's key (reason_enc, NULL when none).
CREATE TABLE referral_events (
    referral_id  TEXT NOT NULL REFERENCES referrals(id),
    seq          INTEGER NOT NULL,
    org_id       TEXT NOT NULL REFERENCES organisations(id),
    client_id    TEXT NOT NULL REFERENCES clients(id),
    status       TEXT NOT NULL,
    event_date   DATE NOT NULL,
    reason_enc   BYTEA,
    recorded_at  TIMESTAMPTZ NOT NULL,
    recorded_by  TEXT NOT NULL,
    PRIMARY KEY (referral_id, seq)
);
CREATE INDEX referral_events_client ON referral_events (org_id, client_id);

ALTER TABLE referral_services ENABLE ROW LEVEL SECURITY;
ALTER TABLE referral_services FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON referral_services USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));
GRANT SELECT, INSERT ON referral_services TO koto_app;
ALTER TABLE referrals ENABLE ROW LEVEL SECURITY;
ALTER TABLE referrals FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON referrals USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));
GRANT SELECT, INSERT, UPDATE ON referrals TO koto_app;
REVOKE DELETE ON referrals FROM koto_app;
ALTER TABLE referral_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE referral_events FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON referral_events USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));
GRANT SELECT, INSERT ON referral_events TO koto_app;
REVOKE UPDATE, DELETE ON referral_events FROM koto_app;

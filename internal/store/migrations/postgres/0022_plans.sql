-- Integration plans (issue 13, ADR 22). Keep in step with
-- sqlite/0022_plans.sql.

-- A plan of a client; version is its current version.
CREATE TABLE plans (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    client_id   TEXT NOT NULL REFERENCES clients(id),
    version     INTEGER NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT NOT NULL
);
CREATE INDEX plans_client ON plans (org_id, client_id);

-- Every saved version, kept as it was saved: content_enc is the plan's
-- content (goals, measures, dates, closing) sealed with the client's key;
-- warnings the rule warnings it was given (codes, law, limits: no personal
-- data), as JSON.
CREATE TABLE plan_versions (
    plan_id     TEXT NOT NULL REFERENCES plans(id),
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    client_id   TEXT NOT NULL REFERENCES clients(id),
    version     INTEGER NOT NULL,
    content_enc BYTEA NOT NULL,
    warnings    TEXT NOT NULL DEFAULT '[]',
    saved_at    TIMESTAMPTZ NOT NULL,
    saved_by    TEXT NOT NULL,
    PRIMARY KEY (plan_id, version)
);
CREATE INDEX plan_versions_client ON plan_versions (org_id, client_id);

-- Follow-up entries, appended without a new version; data_enc (date and
-- text) sealed with the client's key.
CREATE TABLE plan_follow_ups (
    id          TEXT PRIMARY KEY,
    plan_id     TEXT NOT NULL REFERENCES plans(id),
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    client_id   TEXT NOT NULL REFERENCES clients(id),
    data_enc    BYTEA NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT NOT NULL
);
CREATE INDEX plan_follow_ups_plan ON plan_follow_ups (org_id, plan_id, created_at);

-- Who acknowledged which warning of which version.
CREATE TABLE plan_warning_acks (
    plan_id     TEXT NOT NULL REFERENCES plans(id),
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    version     INTEGER NOT NULL,
    code        TEXT NOT NULL,
    acked_at    TIMESTAMPTZ NOT NULL,
    acked_by    TEXT NOT NULL,
    PRIMARY KEY (plan_id, version, code)
);

ALTER TABLE plans ENABLE ROW LEVEL SECURITY;
ALTER TABLE plans FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON plans USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));
ALTER TABLE plan_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE plan_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON plan_versions USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));
ALTER TABLE plan_follow_ups ENABLE ROW LEVEL SECURITY;
ALTER TABLE plan_follow_ups FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON plan_follow_ups USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));
ALTER TABLE plan_warning_acks ENABLE ROW LEVEL SECURITY;
ALTER TABLE plan_warning_acks FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON plan_warning_acks USING (koto_org_visible(org_id)) WITH CHECK (koto_org_visible(org_id));
-- Saved versions and entries are never changed or removed by the application.
REVOKE UPDATE, DELETE ON plan_versions, plan_follow_ups, plan_warning_acks FROM koto_app;
REVOKE DELETE ON plans FROM koto_app;

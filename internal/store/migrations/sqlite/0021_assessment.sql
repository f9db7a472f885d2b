-- Background, language tests and the assessment of competence and
-- integration service needs (issue 13, 681/2023 73 § 5–7, ADR 21). Keep in
-- step with postgres/0021_assessment.sql. The content of every record is one
-- JSON document sealed with the client's key (doc_enc); only what lists
-- and locks need stays plain: kinds, dates, status, versions, who and when.

-- One background per client, saved in versions (optimistic locking).
CREATE TABLE client_backgrounds (
    client_id   TEXT PRIMARY KEY REFERENCES clients(id),
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    version     INTEGER NOT NULL,
    doc_enc     BLOB NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    updated_by  TEXT NOT NULL
);
CREATE INDEX client_backgrounds_org ON client_backgrounds (org_id, client_id);

-- Language tests: initial level tests and final tests, levels per skill in
-- doc_enc.
CREATE TABLE language_tests (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    client_id   TEXT NOT NULL REFERENCES clients(id),
    kind        TEXT NOT NULL CHECK (kind IN ('initial', 'final')),
    test_date   TEXT NOT NULL,
    doc_enc     BLOB NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    created_by  TEXT NOT NULL
);
CREATE INDEX language_tests_client ON language_tests (org_id, client_id, test_date);

-- Assessments (basic or multi-sector); a draft changes, a completed one
-- does not.
CREATE TABLE assessments (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisations(id),
    client_id     TEXT NOT NULL REFERENCES clients(id),
    kind          TEXT NOT NULL CHECK (kind IN ('basic', 'multisector')),
    assessed_on   TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'completed')),
    version       INTEGER NOT NULL,
    doc_enc       BLOB NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    created_by    TEXT NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    updated_by    TEXT NOT NULL,
    completed_at  TIMESTAMP
);
CREATE INDEX assessments_client ON assessments (org_id, client_id, assessed_on);

-- Disclosures (issue 14 items 2-6, ADR 31). Keep in step with postgres/0031_disclosures.sql.

-- A disclosure is the record of personal data leaving the organisation
-- that holds the client (org_id): to a service provider (kind provider),
-- an authority, the receiving municipality of a transfer, the employment
-- authority (handover) or an export. It is never edited or deleted:
-- triggers refuse both.
--
-- recipient_org_id names the recipient when it is an organisation in Koto
-- (NULL otherwise); recipient_enc names it as free text, sealed with the
-- client's key (NULL when there is none). items is a JSON array of the
-- item keys disclosed; content_enc is the disclosed content as JSON,
-- sealed with the client's key, and content_hash is 'sha256:' + hex of
-- exactly those JSON bytes. When the recipient is an organisation in Koto
-- it gets a copy of the content sealed for it (ADR 31): recipient_key is
-- a fresh data key wrapped by the master key for the recipient and this
-- disclosure (recipient_key_master_id names the master key), and
-- recipient_content_enc is the content sealed with that data key, so the
-- recipient reads it without the holder's client key.
CREATE TABLE disclosures (
    id                       TEXT PRIMARY KEY,
    org_id                   TEXT NOT NULL REFERENCES organisations(id),
    client_id                TEXT NOT NULL REFERENCES clients(id),
    kind                     TEXT NOT NULL,
    recipient_org_id         TEXT REFERENCES organisations(id),
    recipient_enc            BLOB,
    basis                    TEXT NOT NULL,
    basis_detail             TEXT NOT NULL DEFAULT '',
    items                    TEXT NOT NULL,
    content_enc              BLOB NOT NULL,
    content_hash             TEXT NOT NULL,
    recipient_key_master_id  TEXT,
    recipient_key            BLOB,
    recipient_content_enc    BLOB,
    channel                  TEXT NOT NULL,
    referral_id              TEXT,
    consent_id               TEXT,
    request_id               TEXT,
    disclosed_by             TEXT NOT NULL,
    disclosed_username       TEXT NOT NULL,
    created_at               TIMESTAMP NOT NULL
);
CREATE INDEX disclosures_client ON disclosures (org_id, client_id, created_at);
CREATE INDEX disclosures_recipient ON disclosures (recipient_org_id, created_at);

CREATE TRIGGER disclosures_never_edited BEFORE UPDATE ON disclosures
BEGIN SELECT RAISE(ABORT, 'disclosures are never edited'); END;
CREATE TRIGGER disclosures_never_deleted BEFORE DELETE ON disclosures
BEGIN SELECT RAISE(ABORT, 'disclosures are never deleted'); END;

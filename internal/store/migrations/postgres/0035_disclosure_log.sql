-- The organisation-wide disclosure log (issue 14 item 4, ADR 35). Keep in
-- step with sqlite/0035_disclosure_log.sql.
-- The log is read newest first by period, optionally by kind; these
-- indexes let a page read only its rows, never the whole table. A
-- recipient filter uses disclosures_recipient and a client filter
-- disclosures_client (migration 0031).
CREATE INDEX disclosures_org_time ON disclosures (org_id, created_at, id);
CREATE INDEX disclosures_org_kind ON disclosures (org_id, kind, created_at, id);

-- The client timeline (ADR 25): every source of events is read by an
-- index on (organisation, client, time), newest first with a limit, so a
-- page of a timeline never scans a table. Keep in step with
-- sqlite/0025_timeline.sql.
CREATE INDEX permits_timeline ON permits (org_id, client_id, created_at);
CREATE INDEX assessments_timeline ON assessments (org_id, client_id, created_at);
CREATE INDEX language_tests_timeline ON language_tests (org_id, client_id, created_at);
CREATE INDEX plan_versions_timeline ON plan_versions (org_id, client_id, saved_at);
CREATE INDEX plan_follow_ups_timeline ON plan_follow_ups (org_id, client_id, created_at);
CREATE INDEX referral_events_timeline ON referral_events (org_id, client_id, recorded_at);
CREATE INDEX notes_timeline ON notes (org_id, client_id, created_at);
CREATE INDEX note_amendments_timeline ON note_amendments (org_id, client_id, created_at);
CREATE INDEX household_links_timeline ON household_links (org_id, client_id, created_at);
CREATE INDEX household_links_other_timeline ON household_links (org_id, other_id, created_at);

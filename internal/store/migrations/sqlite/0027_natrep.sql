-- Keep in step with the same file of the other engine.
-- The national repository export (decree 874/2024, ADR 27) selects an
-- organisation's assessments completed, and plan versions saved, in a
-- period: these indexes let it read only the period, never the register.
CREATE INDEX assessments_completed ON assessments (org_id, completed_at, client_id);
CREATE INDEX plan_versions_saved ON plan_versions (org_id, saved_at, client_id);

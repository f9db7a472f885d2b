-- Residence permits as Migri decides them (ADR 16). Keep in step with
-- postgres/0017_permits_as_decided.sql.
-- The old permit type mixed the application with the permit; it becomes the
-- application's kind, the decision's outcome and the granted permit's class,
-- and the old basis becomes the ground. client.LegacyPermit reads old
-- history values the same way (the migration test holds them together).
ALTER TABLE permits ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE permits ADD COLUMN outcome TEXT NOT NULL DEFAULT 'pending';
ALTER TABLE permits ADD COLUMN permit_class TEXT NOT NULL DEFAULT '';
ALTER TABLE permits ADD COLUMN ground TEXT NOT NULL DEFAULT '';
ALTER TABLE permits ADD COLUMN family_tie_before_arrival INTEGER NOT NULL DEFAULT 0;

-- The ground: the old basis, except that individual_humanitarian is
-- humanitarian and family_of_protected is family with the tie before arrival.
-- international_protection stays: it did not say which status.
UPDATE permits SET
    ground = CASE basis
        WHEN 'individual_humanitarian' THEN 'humanitarian'
        WHEN 'family_of_protected' THEN 'family'
        ELSE basis END,
    family_tie_before_arrival = (basis = 'family_of_protected');

-- The kind of application.
UPDATE permits SET kind = CASE
    WHEN permit_type IN ('permanent', 'long_term_eu') THEN 'permanent'
    WHEN permit_type IN ('eu_registration', 'residence_card', 'nordic_registration') THEN 'eu_registration'
    WHEN permit_type = 'first' AND ground = 'family' THEN 'family'
    WHEN permit_type = 'first' AND ground = 'temporary_protection' THEN 'temporary_protection'
    ELSE permit_type END;

-- A decision date or a validity means the permit was granted; a granted
-- permit without a start of validity starts on its decision.
UPDATE permits SET outcome = 'granted', valid_from = COALESCE(valid_from, decision_date)
    WHERE decision_date IS NOT NULL OR valid_from IS NOT NULL OR valid_to IS NOT NULL;

-- The class of a granted permit: from the old type where it said it, else
-- from the ground where the Aliens Act fixes it, else not recorded.
UPDATE permits SET permit_class = CASE
    WHEN permit_type = 'permanent' THEN 'P'
    WHEN permit_type = 'long_term_eu' THEN 'P-EU'
    WHEN permit_type = 'eu_registration' THEN 'eu_registration'
    WHEN permit_type = 'residence_card' THEN 'eu_residence_card'
    WHEN permit_type = 'nordic_registration' THEN 'nordic_registration'
    WHEN permit_type = 'temporary_protection' THEN 'temporary_protection'
    WHEN ground IN ('international_protection', 'quota_refugee', 'humanitarian_admission') THEN 'A'
    WHEN ground IN ('removal_prevented', 'study') THEN 'B'
    WHEN ground = 'temporary_protection' THEN 'temporary_protection'
    ELSE 'not_recorded' END
    WHERE outcome = 'granted';

ALTER TABLE permits DROP COLUMN permit_type;
ALTER TABLE permits DROP COLUMN basis;

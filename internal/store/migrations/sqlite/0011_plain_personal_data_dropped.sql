-- Personal data sealed with the client's key (ADR 13), step 2 of 2. Keep in
-- step with postgres/0011_plain_personal_data_dropped.sql.
-- The plain columns that 0010's Go step sealed go, with the indexes over
-- them; lists by birth date and by update use the new ones.
DROP INDEX clients_org_name;
DROP INDEX clients_org_birth;
DROP INDEX clients_summary;
ALTER TABLE clients DROP COLUMN birth_date;
ALTER TABLE clients DROP COLUMN first_names;
ALTER TABLE clients DROP COLUMN last_name;
ALTER TABLE clients DROP COLUMN previous_names;
ALTER TABLE clients DROP COLUMN birth_place;
ALTER TABLE clients DROP COLUMN street_address;
ALTER TABLE clients DROP COLUMN postal_code;
ALTER TABLE clients DROP COLUMN post_office;
ALTER TABLE clients DROP COLUMN phone;
ALTER TABLE clients DROP COLUMN email;
ALTER TABLE client_changes DROP COLUMN old_value;
ALTER TABLE client_changes DROP COLUMN new_value;

CREATE INDEX clients_org_birth ON clients (org_id, birth_date_bidx);
-- The client list's default order: most recently updated first.
CREATE INDEX clients_org_updated ON clients (org_id, updated_at, id);
-- A search's summaries read by id from the index alone (0008), now with
-- the sealed summary instead of the plain names.
CREATE INDEX clients_summary ON clients (id, org_id, koto_id, summary_enc, home_municipality, updated_at);

package store

import (
	"context"
	"encoding/hex"

	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/disclosure"
	"koto/internal/names"
)

// Exec runs a statement in the transaction; store_test tests use it to
// drive a transaction into states the store's own methods never reach.
func (t *Tx) Exec(query string, args ...any) error {
	_, err := t.exec(query, args...)
	return err
}

// MatchNames returns the ids WithNameMatches matches, in a read
// transaction of their own as on SQLite, so that tests can watch the
// matching alone. keyRows > 0 replaces maxKeyRows, so that a test register
// of a few clients can have broad tokens.
func (db *DB) MatchNames(ctx context.Context, orgID, q string, limit, keyRows int) ([]string, error) {
	plan, err := db.planNames(orgID, q, limit)
	if err != nil {
		return nil, err
	}
	if keyRows > 0 {
		plan.keyRows = keyRows
	}
	return db.matchNames(ctx, plan)
}

// OpenMigratedTo opens the store of cfg with the migrations up to and
// including last only, as a database made before the later ones.
func OpenMigratedTo(ctx context.Context, cfg Config, last string) (*DB, error) {
	cfg.migrateTo = last
	return Open(ctx, cfg)
}

// SetSealBatch makes migration 0010's Go step read n clients at a time,
// so that a small test register spans several batches; the returned
// function restores the batch size.
func SetSealBatch(n int) (restore func()) {
	old := migrationBatch
	migrationBatch = n
	return func() { migrationBatch = old }
}

// InsertLegacyClient writes a client as the store did before migration
// 0010 (a database opened with OpenMigratedTo up to 0009): personal
// details in plain columns, the HETU sealed with the client's key and
// findable through its blind index, the names' plain search keys, and a
// change history whose values are plain except the HETU's, sealed and
// stored as hex. destroyed leaves the client's key destroyed, as
// crypto-shredding does.
func (db *DB) InsertLegacyClient(ctx context.Context, c *client.Client, history []client.Change, destroyed bool) error {
	return db.InOrgTx(ctx, c.OrgID, func(t *Tx) error {
		ok, err := t.orgKey(c.OrgID, "")
		if err != nil {
			return err
		}
		fc, key, err := newClientKey(ok, c.OrgID, c.ID)
		if err != nil {
			return err
		}
		hetuEnc, hetuIdx, err := t.sealHETU(fc, c.OrgID, c.ID, c.HETU)
		if err != nil {
			return err
		}
		c.KotoID = kotoID(c.ID)
		if _, err := t.exec(`INSERT INTO clients (id, org_id, koto_id, hetu_enc, hetu_bidx, birth_date, sex, first_names, last_name,
			previous_names, birth_place, mother_tongue, service_language, interpreter_needed, interpreter_language,
			citizenships, stateless, home_municipality, street_address, postal_code, post_office, phone, email,
			address_protected, arrival_date, municipality_registered_on, created_at, created_by, updated_at, updated_by, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.OrgID, c.KotoID, hetuEnc, hetuIdx, c.BirthDate, string(c.Sex), c.FirstNames, c.LastName,
			encodeList(c.PreviousNames), c.BirthPlace, c.MotherTongue, c.ServiceLanguage, c.InterpreterNeeded, c.InterpreterLanguage,
			encodeList(c.Citizenships), c.Stateless, c.HomeMunicipality, c.Address.Street, c.Address.PostalCode, c.Address.PostOffice,
			c.Phone, c.Email, c.AddressProtected, c.ArrivalDate, c.MunicipalityRegistered,
			c.CreatedAt, c.CreatedBy, c.UpdatedAt, c.UpdatedBy, c.Version); err != nil {
			return err
		}
		if err := t.insertClientKey(key); err != nil {
			return err
		}
		// Permits are left out: their old columns are migration 0017's
		// (TestMigrationPermitsAsDecided, InsertOldPermit).
		c.Permits = nil
		for _, k := range names.IndexKeys(c.FirstNames, c.LastName, c.PreviousNames) {
			if _, err := t.exec(`INSERT INTO client_search_keys (org_id, key, client_id) VALUES (?, ?, ?)`, c.OrgID, k, c.ID); err != nil {
				return err
			}
		}
		for _, ch := range history {
			oldV, newV := ch.OldValue, ch.NewValue
			if ch.Encrypted {
				for _, v := range []*string{&oldV, &newV} {
					if *v != "" {
						b, err := fc.Seal([]byte(*v), legacyChangeAD(c.OrgID, c.ID))
						if err != nil {
							return err
						}
						*v = hex.EncodeToString(b)
					}
				}
			}
			if _, err := t.exec(`INSERT INTO client_changes (id, client_id, org_id, at, user_id, username, field, old_value, new_value, encrypted)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, NewID(), c.ID, c.OrgID, ch.At, ch.UserID, ch.Username, ch.Field, oldV, newV, ch.Encrypted); err != nil {
				return err
			}
		}
		if destroyed {
			_, err = t.exec(`UPDATE client_keys SET wrapped = NULL, destroyed_at = ? WHERE client_id = ?`, t.now, c.ID)
		}
		return err
	})
}

// OldPermit is a permits row as the store wrote it before migration 0017.
type OldPermit struct {
	ID, Type, Basis                      string
	Applied, Decided, ValidFrom, ValidTo civil.Date
}

// InsertOldPermit writes a permit of clientID as the store did before
// migration 0017 (a database opened with OpenMigratedTo up to 0015).
func (db *DB) InsertOldPermit(ctx context.Context, orgID, clientID string, p OldPermit) error {
	return db.InOrgTx(ctx, orgID, func(t *Tx) error {
		_, err := t.exec(`INSERT INTO permits (id, client_id, org_id, application_date, decision_date, permit_type, basis,
			valid_from, valid_to, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, clientID, orgID, p.Applied, p.Decided, p.Type, p.Basis, p.ValidFrom, p.ValidTo, t.now)
		return err
	})
}

// InsertOldPermitChange writes a change-history row of the permits field
// with values in the pre-0017 text, sealed as the store seals them.
func (db *DB) InsertOldPermitChange(ctx context.Context, orgID, clientID string, ch client.Change) error {
	return db.InOrgTx(ctx, orgID, func(t *Tx) error {
		fc, err := t.clientCipher(orgID, clientID)
		if err != nil {
			return err
		}
		id := NewID()
		oldEnc, newEnc, err := sealChange(fc, orgID, id, ch.Field, ch.OldValue, ch.NewValue)
		if err != nil {
			return err
		}
		_, err = t.exec(`INSERT INTO client_changes (id, client_id, org_id, at, user_id, username, field, old_enc, new_enc, encrypted)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, clientID, orgID, ch.At, ch.UserID, ch.Username, ch.Field, oldEnc, newEnc, false)
		return err
	})
}

// DisclosureLogPlan is SQLite's query plan of the disclosure log's
// statement for f.
func (db *DB) DisclosureLogPlan(orgID string, f disclosure.LogFilter) ([]string, error) {
	q, args := disclosureLogQuery(orgID, f)
	rows, err := db.SQL().Query(`EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return nil, err
		}
		plan = append(plan, detail)
	}
	return plan, rows.Err()
}

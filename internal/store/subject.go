package store

import (
	"encoding/json"

	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/crypto"
	"koto/internal/subject"
)

// Subjects returns the store of the data subject's reports.
func (db *DB) Subjects() subject.Store { return gated[subject.Tx]{db} }

// *Tx serves the reports' transactions.
var _ subject.Tx = (*Tx)(nil)

// SensitiveVersions loads every saved version of a client's
// special-category data, oldest first, opened with the client's key; none
// for a client without any.
func (t *Tx) SensitiveVersions(orgID, clientID string) ([]client.Sensitive, error) {
	rows, err := t.query(`SELECT data_enc, saved_at, saved_by, version FROM client_sensitive_versions
		WHERE client_id = ? AND org_id = ? ORDER BY version`, clientID, orgID)
	if err != nil {
		return nil, apperr.Wrap(err, "load sensitive versions")
	}
	type sealed struct {
		enc []byte
		s   client.Sensitive
	}
	var all []sealed
	for rows.Next() {
		var x sealed
		if err := rows.Scan(&x.enc, &x.s.UpdatedAt, &x.s.UpdatedBy, &x.s.Version); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "scan sensitive version")
		}
		all = append(all, x)
	}
	if err := rows.Close(); err != nil {
		return nil, apperr.Wrap(err, "load sensitive versions")
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "load sensitive versions")
	}
	if len(all) == 0 {
		return nil, nil
	}
	fc, err := t.clientCipher(orgID, clientID)
	if err != nil {
		return nil, err
	}
	out := make([]client.Sensitive, len(all))
	for i, x := range all {
		plain, err := fc.Open(x.enc, sensitiveAD(orgID, clientID))
		if err != nil {
			return nil, apperr.Wrap(err, "open sensitive version")
		}
		var doc sensitiveDoc
		err = json.Unmarshal(plain, &doc)
		crypto.Wipe(plain)
		if err != nil {
			return nil, apperr.Wrap(err, "decode sensitive version")
		}
		out[i] = x.s
		out[i].Health, out[i].WorkAbility, out[i].FunctionalAbility = doc.Health, doc.WorkAbility, doc.FunctionalAbility
		out[i].UpdatedAt = out[i].UpdatedAt.UTC()
	}
	return out, nil
}

package store

import (
	"database/sql"

	"koto/internal/apperr"
	"koto/internal/natrep"
)

// Natrep returns the store as the national repository export's store.
func (db *DB) Natrep() natrep.Store { return gated[natrep.Tx]{db} }

// *Tx serves the export's transactions.
var _ natrep.Tx = (*Tx)(nil)

// NatrepClients lists a page of the clients with an assessment completed or
// a plan version saved within w, in id order after after; an erased
// client (key destroyed) is left out. The indexes of migration 0027 keep it
// to the period's rows.
func (t *Tx) NatrepClients(orgID string, w natrep.Window, after string, limit int) ([]string, error) {
	return collect(t, "natrep clients", scanString, `SELECT u.client_id FROM (
			SELECT client_id FROM assessments WHERE org_id = ? AND status = 'completed'
				AND completed_at >= ? AND completed_at < ? AND client_id > ?
			UNION
			SELECT client_id FROM plan_versions WHERE org_id = ? AND saved_at >= ? AND saved_at < ? AND client_id > ?
		) u JOIN client_keys k ON k.client_id = u.client_id AND k.org_id = ?
		WHERE k.wrapped IS NOT NULL
		ORDER BY u.client_id LIMIT ?`,
		orgID, w.From, w.To, after, orgID, w.From, w.To, after, orgID, limit)
}

// NatrepSource reads what one client's record is made of: the Koto id and
// the HETU, the assessments completed within w, and for each plan with a
// version saved within w its latest version saved before w.To (so a
// re-run of the same period gives the same plan versions).
func (t *Tx) NatrepSource(orgID, clientID string, w natrep.Window) (natrep.Source, error) {
	var src natrep.Source
	var hetuEnc []byte
	err := t.queryRow(`SELECT koto_id, hetu_enc FROM clients WHERE id = ? AND org_id = ?`, clientID, orgID).Scan(&src.KotoID, &hetuEnc)
	if err == sql.ErrNoRows {
		return src, apperr.ErrNotFound()
	}
	if err != nil {
		return src, apperr.Wrap(err, "natrep client")
	}
	fc, err := t.clientCipher(orgID, clientID)
	if err != nil {
		return src, err
	}
	if hetuEnc != nil {
		plain, err := fc.Open(hetuEnc, hetuAD(orgID, clientID))
		if err != nil {
			return src, apperr.Wrap(err, "open hetu")
		}
		src.HETU = string(plain)
	}
	rows, err := collect(t, "natrep assessments", scanAssessment, `SELECT `+assessmentColumns+` FROM assessments
		WHERE org_id = ? AND client_id = ? AND status = 'completed' AND completed_at >= ? AND completed_at < ?
		ORDER BY assessed_on, id`, orgID, clientID, w.From, w.To)
	if err != nil {
		return src, err
	}
	for _, r := range rows {
		a, err := t.openAssessment(orgID, r)
		if err != nil {
			return src, err
		}
		src.Assessments = append(src.Assessments, a)
	}
	versions, err := collect(t, "natrep plans", scanSealedVersion, `SELECT `+planVersionCols+` FROM plan_versions v
		WHERE v.org_id = ? AND v.client_id = ?
		AND v.version = (SELECT MAX(l.version) FROM plan_versions l WHERE l.org_id = v.org_id AND l.plan_id = v.plan_id AND l.saved_at < ?)
		AND EXISTS (SELECT 1 FROM plan_versions x WHERE x.org_id = v.org_id AND x.plan_id = v.plan_id AND x.saved_at >= ? AND x.saved_at < ?)
		ORDER BY v.plan_id`, orgID, clientID, w.To, w.From, w.To)
	if err != nil {
		return src, err
	}
	for _, r := range versions {
		v, err := t.openVersion(orgID, fc, r)
		if err != nil {
			return src, err
		}
		src.Plans = append(src.Plans, v)
	}
	return src, nil
}

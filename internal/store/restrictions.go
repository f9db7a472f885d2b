package store

import (
	"database/sql"
	"time"

	"koto/internal/apperr"
	"koto/internal/restriction"
)

// Restrictions of processing (migration 0039, ADR 40): placed once,
// lifted once, kept as the history; the reasons are sealed with the
// client's key. The gate asks Restricted before every action that
// changes, processes or discloses a client's record.

// Restrictions returns the store as the restrictions' store.
func (db *DB) Restrictions() restriction.Store { return gated[restriction.Tx]{db} }

// *Tx serves the restrictions' transactions.
var _ restriction.Tx = (*Tx)(nil)

// Restricted reports whether the client of orgID has an active
// restriction of processing and since when, for the gate.
func (t *Tx) Restricted(orgID, clientID string) (time.Time, bool, error) {
	var since time.Time
	err := t.queryRow(`SELECT placed_at FROM client_restrictions WHERE org_id = ? AND client_id = ? AND lifted_at IS NULL`,
		orgID, clientID).Scan(&since)
	if err == sql.ErrNoRows {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, apperr.Wrap(err, "client restricted")
	}
	return since.UTC(), true, nil
}

type sealedRestriction struct {
	restriction.Restriction
	reasonEnc, liftEnc []byte
}

// Restrictions lists a client's restrictions, newest first, with the
// reasons opened.
func (t *Tx) Restrictions(orgID, clientID string) ([]restriction.Restriction, error) {
	sealed, err := collect(t, "restrictions", scanRestriction, `SELECT id, client_id, ground, reason_enc, request_ref,
		placed_by, placed_username, placed_at, lifted_by, lifted_username, lifted_at, lift_reason_enc
		FROM client_restrictions WHERE org_id = ? AND client_id = ? ORDER BY placed_at DESC, id`, orgID, clientID)
	if err != nil || len(sealed) == 0 {
		return nil, err
	}
	fc, err := t.clientCipher(orgID, clientID)
	if err != nil {
		return nil, err
	}
	out := make([]restriction.Restriction, len(sealed))
	for i, s := range sealed {
		r := s.Restriction
		plain, err := fc.Open(s.reasonEnc, requestAD(orgID, "client_restrictions", "reason_enc", r.ID))
		if err != nil {
			return nil, apperr.Wrap(err, "open restriction reason")
		}
		r.Reason = string(plain)
		if s.liftEnc != nil {
			plain, err := fc.Open(s.liftEnc, requestAD(orgID, "client_restrictions", "lift_reason_enc", r.ID))
			if err != nil {
				return nil, apperr.Wrap(err, "open restriction lift reason")
			}
			r.LiftReason = string(plain)
		}
		out[i] = r
	}
	return out, nil
}

func scanRestriction(sc scanner) (sealedRestriction, error) {
	var r sealedRestriction
	var by, user sql.NullString
	var at sql.NullTime
	err := sc.Scan(&r.ID, &r.ClientID, &r.Ground, &r.reasonEnc, &r.RequestRef, &r.PlacedBy, &r.Placer, &r.PlacedAt,
		&by, &user, &at, &r.liftEnc)
	if err != nil {
		return r, err
	}
	r.PlacedAt = r.PlacedAt.UTC()
	if at.Valid {
		r.LiftedBy, r.Lifter, r.LiftedAt = by.String, user.String, at.Time.UTC()
	}
	return r, nil
}

// InsertRestriction seals r's reason with the client's key and stores
// it; Conflict when the client has an active restriction (the unique
// index on active rows decides a race).
func (t *Tx) InsertRestriction(orgID string, r *restriction.Restriction) error {
	_, restricted, err := t.Restricted(orgID, r.ClientID)
	if err != nil {
		return err
	}
	if restricted {
		return apperr.New(apperr.Conflict, "restriction.already_active")
	}
	fc, err := t.clientCipher(orgID, r.ClientID)
	if err != nil {
		return err
	}
	enc, err := fc.Seal([]byte(r.Reason), requestAD(orgID, "client_restrictions", "reason_enc", r.ID))
	if err != nil {
		return apperr.Wrap(err, "seal restriction reason")
	}
	_, err = t.exec(`INSERT INTO client_restrictions (id, org_id, client_id, ground, reason_enc, request_ref,
		placed_by, placed_username, placed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, orgID, r.ClientID, r.Ground, enc, r.RequestRef, r.PlacedBy, r.Placer, r.PlacedAt)
	if isUniqueViolation(err) {
		return apperr.New(apperr.Conflict, "restriction.already_active")
	}
	return apperr.Wrap(err, "insert restriction")
}

// LiftRestriction records the lifting of the active restriction r;
// Conflict when it is no longer active.
func (t *Tx) LiftRestriction(orgID string, r *restriction.Restriction) error {
	fc, err := t.clientCipher(orgID, r.ClientID)
	if err != nil {
		return err
	}
	enc, err := fc.Seal([]byte(r.LiftReason), requestAD(orgID, "client_restrictions", "lift_reason_enc", r.ID))
	if err != nil {
		return apperr.Wrap(err, "seal restriction lift reason")
	}
	res, err := t.exec(`UPDATE client_restrictions SET lifted_by = ?, lifted_username = ?, lifted_at = ?, lift_reason_enc = ?
		WHERE id = ? AND org_id = ? AND client_id = ? AND lifted_at IS NULL`,
		r.LiftedBy, r.Lifter, r.LiftedAt, enc, r.ID, orgID, r.ClientID)
	if err != nil {
		return apperr.Wrap(err, "lift restriction")
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return apperr.New(apperr.Conflict, "restriction.not_active")
	}
	return nil
}

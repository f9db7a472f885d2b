package store

import (
	"context"
	"fmt"
	"slices"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/due"
)

// Due returns the store as the due list's store.
func (db *DB) Due() due.Store { return gated[due.Tx]{db} }

// *Tx serves the due list's transactions.
var _ due.Tx = (*Tx)(nil)

// markDue marks a client's due rows stale in the writer's transaction; the
// job due.recompute (RecomputeDue) brings them current. Every casework
// write that can change what is due calls it (ADR 26).
func (t *Tx) markDue(orgID, clientID string) error {
	if t.db.noDue {
		return nil
	}
	_, err := t.exec(`INSERT INTO client_due_dirty (org_id, client_id, seq, marked_at) VALUES (?, ?, 1, ?)
		ON CONFLICT (org_id, client_id) DO UPDATE SET seq = client_due_dirty.seq + 1, marked_at = excluded.marked_at`,
		orgID, clientID, t.Now())
	return apperr.Wrap(err, "mark due stale")
}

// DueStatement reads a caseworker's due list: one join from the
// assignments index (org_id, user_id) to client_due's key. Arguments: the
// organisation, the user, shown by, due by. Exported for kotobaseline.
const DueStatement = `SELECT d.client_id, d.kind, d.ref_id, d.due_on FROM client_assignments a
	JOIN client_due d ON d.org_id = a.org_id AND d.client_id = a.client_id
	WHERE a.org_id = ? AND a.user_id = ? AND d.shown_from <= ? AND d.due_on <= ?
	ORDER BY d.due_on, d.client_id, d.kind, d.ref_id`

// DueOfAssigned lists the due rows of the clients assigned to userID (see
// due.Tx).
func (t *Tx) DueOfAssigned(orgID, userID string, shownBy, dueBy civil.Date) ([]due.Row, error) {
	if dueBy.IsZero() {
		dueBy = civil.Date{Year: 9999, Month: 12, Day: 31}
	}
	return collect(t, "due of assigned", func(sc scanner) (due.Row, error) {
		var r due.Row
		return r, sc.Scan(&r.ClientID, &r.Kind, &r.RefID, &r.Due)
	}, DueStatement, orgID, userID, shownBy, dueBy)
}

// AssignedClients lists the clients assigned to userID by name.
func (t *Tx) AssignedClients(orgID, userID string) ([]due.MyClient, error) {
	ss, err := t.summaries(orgID, `SELECT `+summaryColumns+` FROM `+summaryFrom+`
		JOIN client_assignments a ON a.client_id = c.id AND a.org_id = c.org_id
		WHERE c.org_id = ? AND a.user_id = ? AND c.merged_into IS NULL`, orgID, userID)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(ss, byName)
	out := make([]due.MyClient, len(ss))
	for i, s := range ss {
		out[i] = due.MyClient{ID: s.ID, KotoID: s.KotoID, Name: s.FullName(), BirthDate: s.BirthDate}
	}
	return out, nil
}

// dueFacts gathers what the rules read of one client.
func (t *Tx) dueFacts(orgID, clientID string) (due.Facts, error) {
	var f due.Facts
	var ended bool
	err := t.queryRow(`SELECT service_end IS NOT NULL OR date_of_death IS NOT NULL OR merged_into IS NOT NULL
		OR NOT EXISTS (SELECT 1 FROM client_keys k WHERE k.client_id = c.id AND k.wrapped IS NOT NULL)
		FROM clients c WHERE c.id = ? AND c.org_id = ?`, clientID, orgID).Scan(&ended)
	if err != nil {
		return f, notFound(err, "due client")
	}
	if f.Ended = ended; ended {
		return f, nil
	}
	if f.Window, err = t.AssessmentWindowBasis(orgID, clientID); err != nil {
		return f, err
	}
	var n int
	if err := t.queryRow(`SELECT COUNT(*) FROM assessments WHERE org_id = ? AND client_id = ?`, orgID, clientID).Scan(&n); err != nil {
		return f, apperr.Wrap(err, "due assessments")
	}
	f.HasAssessment = n > 0
	plans, err := t.Plans(orgID, clientID)
	if err != nil {
		return f, err
	}
	for _, p := range plans {
		dp := due.Plan{ID: p.PlanID, Start: p.StartDate, End: p.EndDate, Closed: !p.ClosedOn.IsZero(), ReviewDates: p.ReviewDates}
		if !dp.Closed {
			fus, err := t.PlanFollowUps(orgID, clientID, p.PlanID)
			if err != nil {
				return f, err
			}
			for _, fu := range fus {
				if fu.Date.After(dp.LastReview) {
					dp.LastReview = fu.Date
				}
			}
		}
		f.Plans = append(f.Plans, dp)
	}
	if f.Referrals, err = collect(t, "due referrals", func(sc scanner) (due.Referral, error) {
		var r due.Referral
		return r, sc.Scan(&r.ID, &r.Status, &r.Date)
	}, `SELECT id, status, status_date FROM referrals WHERE org_id = ? AND client_id = ? AND status IN ('proposed', 'sent')`, orgID, clientID); err != nil {
		return f, err
	}
	f.Permits, err = collect(t, "due permits", func(sc scanner) (due.Permit, error) {
		var p due.Permit
		return p, sc.Scan(&p.ID, &p.ValidTo)
	}, `SELECT id, valid_to FROM permits WHERE org_id = ? AND client_id = ? AND outcome = ?`, orgID, clientID, string(client.Granted))
	return f, err
}

// recomputeDue replaces a client's due rows with what the rules give now.
func (t *Tx) recomputeDue(orgID, clientID string) error {
	f, err := t.dueFacts(orgID, clientID)
	if err != nil {
		return err
	}
	if _, err := t.exec(`DELETE FROM client_due WHERE org_id = ? AND client_id = ?`, orgID, clientID); err != nil {
		return apperr.Wrap(err, "clear due")
	}
	for _, it := range due.Compute(due.Rules, f) {
		if _, err := t.exec(`INSERT INTO client_due (org_id, client_id, kind, ref_id, due_on, shown_from, law) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			orgID, clientID, string(it.Kind), it.RefID, it.Due, it.From, it.Law); err != nil {
			return apperr.Wrap(err, "insert due")
		}
	}
	return nil
}

// dirtyClient is a marked client as the job saw it.
type dirtyClient struct {
	orgID, clientID string
	seq             int
}

// DueBatch is how many marked clients RecomputeDue reads at a time.
const DueBatch = 200

// RecomputeDue recomputes the due rows of every marked client, oldest mark
// first, in batches of DueBatch, each client in a transaction of its own
// organisation; a mark set again meanwhile stays for the next run. It is
// the job due.recompute and is idempotent: the rows depend only on the
// record. A client that fails keeps its mark and is counted.
func (db *DB) RecomputeDue(ctx context.Context) (string, error) {
	done, failed := 0, 0
	var firstErr error
	for ctx.Err() == nil {
		var batch []dirtyClient
		err := db.InTx(ctx, func(t *Tx) error {
			var err error
			batch, err = collect(t, "due marks", func(sc scanner) (dirtyClient, error) {
				var d dirtyClient
				return d, sc.Scan(&d.orgID, &d.clientID, &d.seq)
			}, fmt.Sprintf(`SELECT org_id, client_id, seq FROM client_due_dirty ORDER BY marked_at, client_id LIMIT %d`, DueBatch+failed))
			return err
		})
		if err != nil {
			return "", err
		}
		batch = batch[min(failed, len(batch)):] // the failed ones lead the order again
		if len(batch) == 0 {
			break
		}
		for _, d := range batch {
			err := db.InOrgTx(ctx, d.orgID, func(t *Tx) error {
				if err := t.recomputeDue(d.orgID, d.clientID); err != nil {
					return err
				}
				_, err := t.exec(`DELETE FROM client_due_dirty WHERE org_id = ? AND client_id = ? AND seq = ?`, d.orgID, d.clientID, d.seq)
				return apperr.Wrap(err, "clear due mark")
			})
			if err != nil {
				failed++
				firstErr = cmpErr(firstErr, err)
				continue
			}
			done++
		}
	}
	result := fmt.Sprintf("recomputed %d clients", done)
	if failed > 0 {
		return result + fmt.Sprintf(", %d failed", failed), firstErr
	}
	return result, nil
}

func cmpErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

// MarkAllDue marks every client of every organisation for recomputation
// (after a bulk load such as the demo data, or a change of the rules).
func (db *DB) MarkAllDue(ctx context.Context) error {
	return db.InTx(ctx, func(t *Tx) error {
		_, err := t.exec(`INSERT INTO client_due_dirty (org_id, client_id, seq, marked_at)
			SELECT org_id, id, 1, ? FROM clients WHERE true
			ON CONFLICT (org_id, client_id) DO UPDATE SET seq = client_due_dirty.seq + 1`, t.Now())
		return apperr.Wrap(err, "mark all due")
	})
}

package store

import (
	"database/sql"
	"slices"
	"strings"
	"time"

	"koto/internal/apperr"
	"koto/internal/retention"
)

// RetentionPages returns the store of the legal-hold and retention pages
// (retention.Service), whose transactions go through the gate.
func (db *DB) RetentionPages() retention.PageStore { return gated[retention.Tx]{db} }

// *Tx serves the retention pages' transactions.
var _ retention.Tx = (*Tx)(nil)

// ClientRetentionHold returns the client's legal hold; ok false when none.
func (t *Tx) ClientRetentionHold(orgID, clientID string) (retention.Hold, bool, error) {
	var h retention.Hold
	err := t.queryRow(`SELECT client_id, org_id, reason, set_by, set_at FROM retention_holds WHERE org_id = ? AND client_id = ?`,
		orgID, clientID).Scan(&h.ClientID, &h.OrgID, &h.Reason, &h.SetBy, &h.SetAt)
	if err == sql.ErrNoRows {
		return retention.Hold{}, false, nil
	}
	h.SetAt = h.SetAt.UTC()
	return h, err == nil, apperr.Wrap(err, "retention hold")
}

// PutRetentionHold sets or replaces the client's legal hold.
func (t *Tx) PutRetentionHold(orgID string, h retention.Hold) error {
	if err := t.DeleteRetentionHold(orgID, h.ClientID); err != nil {
		return err
	}
	_, err := t.exec(`INSERT INTO retention_holds (client_id, org_id, reason, set_by, set_at) VALUES (?, ?, ?, ?, ?)`,
		h.ClientID, orgID, h.Reason, h.SetBy, h.SetAt)
	return apperr.Wrap(err, "set retention hold")
}

// DeleteRetentionHold removes the client's legal hold, if any.
func (t *Tx) DeleteRetentionHold(orgID, clientID string) error {
	_, err := t.exec(`DELETE FROM retention_holds WHERE org_id = ? AND client_id = ?`, orgID, clientID)
	return apperr.Wrap(err, "clear retention hold")
}

// HeldClients lists the organisation's clients on legal hold with their
// names opened, by name.
func (t *Tx) HeldClients(orgID string) ([]retention.HeldClient, error) {
	holds, err := collect(t, "retention holds", func(sc scanner) (retention.Hold, error) {
		var h retention.Hold
		err := sc.Scan(&h.ClientID, &h.OrgID, &h.Reason, &h.SetBy, &h.SetAt)
		h.SetAt = h.SetAt.UTC()
		return h, err
	}, `SELECT client_id, org_id, reason, set_by, set_at FROM retention_holds WHERE org_id = ? ORDER BY set_at, client_id`, orgID)
	if err != nil {
		return nil, err
	}
	out := make([]retention.HeldClient, 0, len(holds))
	for _, h := range holds {
		c, err := t.Client(orgID, h.ClientID)
		if err != nil {
			return nil, err
		}
		out = append(out, retention.HeldClient{Hold: h, Name: c.LastName + ", " + c.FirstNames})
	}
	slices.SortFunc(out, func(a, b retention.HeldClient) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// DeletionCertificates lists the deletion certificates, newest first.
func (t *Tx) DeletionCertificates() ([]retention.Certificate, error) {
	return collect(t, "retention certificates", func(sc scanner) (retention.Certificate, error) {
		var c retention.Certificate
		var class string
		err := sc.Scan(&c.ID, &class, &c.Rule, &c.AsOf, &c.Count, &c.Held, &c.Archived, &c.RunBy, &c.At, &c.Subjects, &c.Hash)
		c.Class, c.At = retention.Class(class), c.At.UTC()
		return c, err
	}, `SELECT id, class, rule, as_of, count, held, archived, run_by, at, subjects, hash FROM retention_certificates ORDER BY at DESC, id LIMIT 200`)
}

// JobResult returns a job's last run time and result.
func (t *Tx) JobResult(name string) (time.Time, string, error) {
	var at sql.NullTime
	var result string
	err := t.queryRow(`SELECT last_run_at, last_result FROM jobs WHERE name = ?`, name).Scan(&at, &result)
	if err == sql.ErrNoRows {
		return time.Time{}, "", nil
	}
	if err != nil {
		return time.Time{}, "", apperr.Wrap(err, "job result")
	}
	return at.Time.UTC(), result, nil
}

package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/blob"
	"koto/internal/gate"
	"koto/internal/retention"
)

// Retention returns the store as the retention engine's store.
func (db *DB) Retention() RetentionStore { return RetentionStore{db: db} }

// RetentionStore implements retention.Store: erasure of a client, expired
// rows, legal holds and deletion certificates (ADR 36).
type RetentionStore struct {
	db    *DB
	blobs blob.Store // the attachments' blobs; nil: no attachment content to delete
}

// WithBlobs returns the store that also deletes an erased client's blobs
// (the attachments' content) from blobs after the erasure commits.
func (s RetentionStore) WithBlobs(blobs blob.Store) RetentionStore {
	s.blobs = blobs
	return s
}

var _ retention.Store = RetentionStore{}

// erasureStep deletes the rows of Table whose Column refers to an erased
// client; Via, when set, is a table with a client_id whose ids Column
// holds (rows that refer to a client only through another client row).
type erasureStep struct {
	Table, Column, Via string
}

// ErasureSteps are every table that refers to a client, in the order the
// erasure deletes them (rows that point at others before those). The
// schema-walk test (TestErasureCoversSchema) fails when a table or column
// that refers to a client — directly, or through another client table —
// is missing here or in ErasureKept: a new table must be added on
// purpose. clients itself goes last; client_keys just before it is the
// crypto-shredding.
var ErasureSteps = []erasureStep{
	{"client_due", "client_id", ""},
	{"client_due_dirty", "client_id", ""},
	{"plan_warning_acks", "plan_id", "plans"},
	{"plan_follow_ups", "client_id", ""},
	{"plan_versions", "client_id", ""},
	{"plans", "client_id", ""},
	{"referral_events", "client_id", ""},
	{"referrals", "client_id", ""},
	{"note_amendments", "client_id", ""},
	{"notes", "client_id", ""},
	{"attachments", "client_id", ""}, // refers to consents; the blobs go after commit (deleteBlobs)
	{"consent_withdrawals", "client_id", ""},
	{"consents", "client_id", ""},
	// A decision refers to its request and to the disclosure it recorded.
	{"disclosure_request_decisions", "client_id", ""},
	{"disclosure_requests", "client_id", ""},
	{"disclosures", "client_id", ""},
	// The client's own hand-over receipts (as receiver); then the transfer
	// requests of the client (as sender) — a receiver's receipt that
	// refers to one loses only that reference (detachReceipts), the
	// receiver's client and its copy stay.
	{"handover_receipts", "client_id", ""},
	{"client_transfers", "client_id", ""},
	{"assessments", "client_id", ""},
	{"language_tests", "client_id", ""},
	{"client_backgrounds", "client_id", ""},
	{"client_placements", "client_id", ""},
	{"household_links", "client_id", ""},
	{"household_links", "other_id", ""},
	{"client_sensitive_versions", "client_id", ""},
	{"access_reasons", "client_id", ""},
	{"client_assignments", "client_id", ""},
	{"permits", "client_id", ""},
	{"client_changes", "client_id", ""},
	{"client_search_keys", "client_id", ""},
	{"client_merges", "survivor_id", ""},
	{"client_merges", "merged_id", ""},
	{"retention_holds", "client_id", ""},
	{"client_restrictions", "client_id", ""},
	{"subject_requests", "client_id", ""}, // its non-personal record is kept first (keepSubjectRequests)
	{"client_keys", "client_id", ""},
	{"clients", "merged_into", ""},
	{"clients", "id", ""},
}

// erasureHooks clear what refers to an erased client without a client
// column: run for each erased id inside the erasure's transaction, after
// the rows of ErasureSteps are gone. The attachments' blobs are deleted
// after commit (RetentionStore.deleteBlobs).
var erasureHooks = []func(t *Tx, orgID, clientID string) error{
	// Forms kept across an expired session on one of the client's pages
	// hold typed client data (sealed with the organisation key).
	func(t *Tx, orgID, clientID string) error {
		_, err := t.exec(`DELETE FROM saved_forms WHERE org_id = ? AND path LIKE ?`, orgID, "%/clients/"+clientID+"%")
		return apperr.Wrap(err, "erase saved forms")
	},
}

// ErasureKept are the columns that refer to a client and that an erasure
// leaves on purpose, with the reason.
var ErasureKept = map[string]string{
	"audit_entries.client_id": "the access log holds ids, never content; its chain must still verify, and a tombstone entry records the erasure",
}

// clientTables are the tables erased by the client's id (for the SQLite
// guard triggers).
func erasureTables() []string {
	seen := map[string]bool{}
	var ts []string
	for _, s := range ErasureSteps {
		if !seen[s.Table] {
			seen[s.Table] = true
			ts = append(ts, s.Table)
		}
	}
	return ts
}

// inMaintenanceTx runs fn in a transaction that may delete from the
// tables the application role may only insert into (notes, consents,
// disclosures, …). On PostgreSQL it stays in the connecting (owner) role
// instead of switching to koto_app, in system scope for row-level
// security; on SQLite fn lifts the tables' guard triggers itself
// (liftDeleteGuards). Only erasure uses it: every request path runs as
// koto_app, which the database refuses such deletes.
func (db *DB) inMaintenanceTx(ctx context.Context, fn func(tx *Tx) error) error {
	return db.inTx(ctx, scopeMaintenance, fn)
}

// liftDeleteGuards drops the BEFORE DELETE triggers of tables and returns
// a function that creates them again from their saved definitions — both
// inside the caller's transaction, so no other transaction ever sees the
// tables unguarded (SQLite has one writer, and a rollback restores them).
func (t *Tx) liftDeleteGuards(tables []string) (func() error, error) {
	if t.db.dialect != sqlite {
		return func() error { return nil }, nil
	}
	rows, err := t.query(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%BEFORE DELETE%' AND tbl_name IN (`+
		placeholders(len(tables))+`)`, anys(tables)...)
	if err != nil {
		return nil, apperr.Wrap(err, "read delete guards")
	}
	type trigger struct{ name, sql string }
	var ts []trigger
	for rows.Next() {
		var tr trigger
		if err := rows.Scan(&tr.name, &tr.sql); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "read delete guards")
		}
		ts = append(ts, tr)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "read delete guards")
	}
	for _, tr := range ts {
		if _, err := t.tx.ExecContext(t.ctx, `DROP TRIGGER `+quoteIdent(tr.name)); err != nil {
			return nil, apperr.Wrap(err, "lift delete guard")
		}
	}
	return func() error {
		for _, tr := range ts {
			if _, err := t.tx.ExecContext(t.ctx, tr.sql); err != nil {
				return apperr.Wrap(err, "restore delete guard")
			}
		}
		return nil
	}, nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func anys(ss []string) []any {
	a := make([]any, len(ss))
	for i, s := range ss {
		a[i] = s
	}
	return a
}

// EraseClient erases clientID and the records merged into it, in one
// transaction: every row of ErasureSteps that refers to them, saved forms
// whose page is theirs, and their data keys (crypto-shredding: the
// ciphertexts left anywhere — backups included — need that key). The
// access log keeps its entries (ids only) and gains a tombstone entry
// (access.RetentionErase, touched "erased,"+reason) in the holder's chain
// for each erased id. NotFound when the client does not exist; Conflict
// when it is on legal hold. Only an actor allowed access.RetentionErase
// (the system: CLI or job) may call it.
func (s RetentionStore) EraseClient(ctx context.Context, actor access.Actor, clientID, reason string) error {
	if !actor.Can(access.RetentionErase) {
		return apperr.ErrNotFound()
	}
	return s.erase(ctx, actor, clientID, reason, nil)
}

// erase is EraseClient for an authorized actor; check, when set, runs
// first in the erasure's transaction with the client's organisation and
// may refuse (EraseForSubjectRequest). The non-personal record of the
// client's data subject's requests is kept (keepSubjectRequests).
func (s RetentionStore) erase(ctx context.Context, actor access.Actor, clientID, reason string, check func(t *Tx, orgID string) error) error {
	var orgID string
	var ids []string
	err := s.db.inMaintenanceTx(ctx, func(t *Tx) error {
		err := t.queryRow(`SELECT org_id FROM clients WHERE id = ?`, clientID).Scan(&orgID)
		if err != nil {
			return notFound(err, "erase client")
		}
		var held int
		if err := t.queryRow(`SELECT COUNT(*) FROM retention_holds WHERE client_id = ?`, clientID).Scan(&held); err != nil {
			return apperr.Wrap(err, "erase client: hold")
		}
		if held > 0 {
			return apperr.New(apperr.Conflict, "retention.erase.on_hold")
		}
		if check != nil {
			if err := check(t, orgID); err != nil {
				return err
			}
		}
		ids, err = t.mergedClosure(clientID)
		if err != nil {
			return err
		}
		if err := t.keepSubjectRequests(ids); err != nil {
			return err
		}
		restore, err := t.liftDeleteGuards(erasureTables())
		if err != nil {
			return err
		}
		in := placeholders(len(ids))
		for _, st := range ErasureSteps {
			q := `DELETE FROM ` + st.Table + ` WHERE ` + st.Column + ` IN (` + in + `)`
			if st.Via != "" {
				q = `DELETE FROM ` + st.Table + ` WHERE ` + st.Column + ` IN (SELECT id FROM ` + st.Via + ` WHERE client_id IN (` + in + `))`
			}
			if st.Table == "client_transfers" {
				if err := t.detachReceipts(ids); err != nil {
					return err
				}
			}
			if st.Table == "clients" && st.Column == "id" {
				// Merged records first: they point at the survivor.
				for i := len(ids) - 1; i >= 0; i-- {
					if _, err := t.exec(`DELETE FROM clients WHERE id = ?`, ids[i]); err != nil {
						return apperr.Wrap(err, "erase client")
					}
				}
				continue
			}
			if _, err := t.exec(q, anys(ids)...); err != nil {
				return apperr.Wrap(err, "erase %s.%s", st.Table, st.Column)
			}
		}
		for _, id := range ids {
			for _, hook := range erasureHooks {
				if err := hook(t, orgID, id); err != nil {
					return err
				}
			}
		}
		if err := restore(); err != nil {
			return err
		}
		for _, id := range ids {
			e := gate.Entry(actor, access.RetentionErase, id, gate.Touched("erased", reason), audit.Allowed, t.Now())
			e.Chain = orgID
			if err := t.AppendAudit(e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.deleteBlobs(ctx, orgID, ids)
}

// deleteBlobs deletes the blobs (attachments' content) of the erased
// clients ids of orgID, listed from the blob store itself so that a blob
// whose row is already gone goes too. It runs after the erasure commits:
// a blob store is not transactional, and the blobs are unreadable already
// (sealed with the destroyed client key). An error leaves the rest for
// the next erasure of the same ids to miss — it is returned, so the run
// fails loudly and the operator deletes the directory org/client by hand
// (docs/operations.md).
func (s RetentionStore) deleteBlobs(ctx context.Context, orgID string, ids []string) error {
	if s.blobs == nil {
		return nil
	}
	for _, id := range ids {
		names, err := s.blobs.List(ctx, orgID, id)
		if err != nil {
			return apperr.Wrap(err, "erase client %s: list blobs", id)
		}
		for _, name := range names {
			err := s.blobs.Delete(ctx, blob.Key{OrgID: orgID, ClientID: id, ID: name})
			if err != nil && !errors.Is(err, blob.ErrNotFound) {
				return apperr.Wrap(err, "erase client %s: delete blob", id)
			}
		}
	}
	return nil
}

// detachReceipts clears the transfer reference of the hand-over receipts
// (another organisation's, the receiver's) that refer to a transfer
// request of the erased clients ids, so the requests can go. The receipt
// keeps the document id, the sender organisation and the hash: the
// receiver's copy stays whole. Receipts are immutable to the application;
// on SQLite the update guard is lifted and restored inside the
// transaction (as the delete guards), on PostgreSQL the maintenance
// transaction runs as the owner.
func (t *Tx) detachReceipts(ids []string) error {
	in := placeholders(len(ids))
	var guards []struct{ name, sql string }
	if t.db.dialect == sqlite {
		rows, err := t.query(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'handover_receipts' AND sql LIKE '%BEFORE UPDATE%'`)
		if err != nil {
			return apperr.Wrap(err, "read receipt guards")
		}
		for rows.Next() {
			var g struct{ name, sql string }
			if err := rows.Scan(&g.name, &g.sql); err != nil {
				rows.Close()
				return apperr.Wrap(err, "read receipt guards")
			}
			guards = append(guards, g)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return apperr.Wrap(err, "read receipt guards")
		}
		for _, g := range guards {
			if _, err := t.tx.ExecContext(t.ctx, `DROP TRIGGER `+quoteIdent(g.name)); err != nil {
				return apperr.Wrap(err, "lift receipt guard")
			}
		}
	}
	_, err := t.exec(`UPDATE handover_receipts SET transfer_id = NULL WHERE transfer_id IN (SELECT id FROM client_transfers WHERE client_id IN (`+in+`))`, anys(ids)...)
	if err != nil {
		return apperr.Wrap(err, "detach hand-over receipts")
	}
	for _, g := range guards {
		if _, err := t.tx.ExecContext(t.ctx, g.sql); err != nil {
			return apperr.Wrap(err, "restore receipt guard")
		}
	}
	return nil
}

// mergedClosure returns clientID and every client merged into it,
// directly or through another merged record, survivor first.
func (t *Tx) mergedClosure(clientID string) ([]string, error) {
	ids := []string{clientID}
	for i := 0; i < len(ids); i++ {
		rows, err := t.query(`SELECT id FROM clients WHERE merged_into = ? ORDER BY id`, ids[i])
		if err != nil {
			return nil, apperr.Wrap(err, "merged records")
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, apperr.Wrap(err, "merged records")
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, apperr.Wrap(err, "merged records")
		}
	}
	return ids, nil
}

// RetentionCandidates lists the clients (not merged into another) with a
// service end or a date of death, with their legal hold.
func (s RetentionStore) RetentionCandidates(ctx context.Context) ([]retention.Candidate, error) {
	var out []retention.Candidate
	err := s.db.InTx(ctx, func(t *Tx) error {
		rows, err := t.query(`SELECT c.id, c.org_id, c.service_end, c.date_of_death, h.client_id IS NOT NULL
			FROM clients c LEFT JOIN retention_holds h ON h.client_id = c.id
			WHERE c.merged_into IS NULL AND (c.service_end IS NOT NULL OR c.date_of_death IS NOT NULL)
			ORDER BY c.org_id, c.id`)
		if err != nil {
			return apperr.Wrap(err, "retention candidates")
		}
		defer rows.Close()
		for rows.Next() {
			var c retention.Candidate
			if err := rows.Scan(&c.ClientID, &c.OrgID, &c.Dates.ServiceEnd, &c.Dates.Death, &c.OnHold); err != nil {
				return apperr.Wrap(err, "retention candidates")
			}
			out = append(out, c)
		}
		return apperr.Wrap(rows.Err(), "retention candidates")
	})
	return out, err
}

// expiryQueries are the expiry classes' tables and conditions (one
// placeholder: the cutoff; ExpiredRows adds the organisation).
var expiryQueries = map[retention.Class]string{
	retention.ClassSession:   `sessions WHERE expires_at < ?`,
	retention.ClassSavedForm: `saved_forms WHERE expires_at < ?`,
	retention.ClassAPIToken:  `api_tokens WHERE (expires_at < ? OR revoked_at < ?)`,
}

// ExpiredRows counts (dryRun) or deletes the rows of an expiry class that
// expired before cutoff, of organisation orgID ("" = every one).
func (s RetentionStore) ExpiredRows(ctx context.Context, class retention.Class, orgID string, cutoff time.Time, dryRun bool) (int, error) {
	from, ok := expiryQueries[class]
	if !ok {
		return 0, fmt.Errorf("retention: no expiry rule for class %q", class)
	}
	args := []any{cutoff}
	if strings.Count(from, "?") == 2 {
		args = append(args, cutoff)
	}
	if orgID != "" {
		from += ` AND org_id = ?`
		args = append(args, orgID)
	}
	var n int
	err := s.db.InTx(ctx, func(t *Tx) error {
		if dryRun {
			return apperr.Wrap(t.queryRow(`SELECT COUNT(*) FROM `+from, args...).Scan(&n), "count expired %s", class)
		}
		res, err := t.exec(`DELETE FROM `+from, args...)
		if err != nil {
			return apperr.Wrap(err, "delete expired %s", class)
		}
		m, err := res.RowsAffected()
		n = int(m)
		return apperr.Wrap(err, "delete expired %s", class)
	})
	return n, err
}

// InsertRetentionCertificate sets c.ID and c.At, seals it and stores it.
func (s RetentionStore) InsertRetentionCertificate(ctx context.Context, c *retention.Certificate) error {
	return s.db.InTx(ctx, func(t *Tx) error {
		c.ID, c.At = NewID(), t.Now()
		if err := c.Seal(); err != nil {
			return apperr.Wrap(err, "seal certificate")
		}
		_, err := t.exec(`INSERT INTO retention_certificates (id, class, rule, as_of, count, held, archived, run_by, at, subjects, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, string(c.Class), c.Rule, c.AsOf, c.Count, c.Held, c.Archived, c.RunBy, c.At, c.Subjects, c.Hash)
		return apperr.Wrap(err, "insert retention certificate")
	})
}

// RetentionCertificates lists the certificates, oldest first.
func (s RetentionStore) RetentionCertificates(ctx context.Context) ([]retention.Certificate, error) {
	var out []retention.Certificate
	err := s.db.InTx(ctx, func(t *Tx) error {
		rows, err := t.query(`SELECT id, class, rule, as_of, count, held, archived, run_by, at, subjects, hash
			FROM retention_certificates ORDER BY at, id`)
		if err != nil {
			return apperr.Wrap(err, "retention certificates")
		}
		defer rows.Close()
		for rows.Next() {
			var c retention.Certificate
			var class string
			if err := rows.Scan(&c.ID, &class, &c.Rule, &c.AsOf, &c.Count, &c.Held, &c.Archived, &c.RunBy, &c.At, &c.Subjects, &c.Hash); err != nil {
				return apperr.Wrap(err, "retention certificates")
			}
			c.Class, c.At = retention.Class(class), c.At.UTC()
			out = append(out, c)
		}
		return apperr.Wrap(rows.Err(), "retention certificates")
	})
	return out, err
}

// SetRetentionHold puts a legal hold on a client (replacing an earlier
// one's reason) and logs it (access.RetentionHold, "hold:set") in the
// holder's chain. A system actor (the CLI) may set it on any client; a
// user needs the action in the client's own organisation. NotFound for a
// client the actor may not act on.
func (s RetentionStore) SetRetentionHold(ctx context.Context, actor access.Actor, h retention.Hold) error {
	if err := h.Validate(); err != nil {
		return err
	}
	return s.hold(ctx, actor, h.ClientID, func(t *Tx, orgID string) error {
		if _, err := t.exec(`DELETE FROM retention_holds WHERE client_id = ?`, h.ClientID); err != nil {
			return apperr.Wrap(err, "set hold")
		}
		_, err := t.exec(`INSERT INTO retention_holds (client_id, org_id, reason, set_by, set_at) VALUES (?, ?, ?, ?, ?)`,
			h.ClientID, orgID, strings.TrimSpace(h.Reason), actor.Username, t.Now())
		return apperr.Wrap(err, "set hold")
	}, "hold:set")
}

// ClearRetentionHold removes a client's legal hold (if any) and logs it.
func (s RetentionStore) ClearRetentionHold(ctx context.Context, actor access.Actor, clientID string) error {
	return s.hold(ctx, actor, clientID, func(t *Tx, _ string) error {
		_, err := t.exec(`DELETE FROM retention_holds WHERE client_id = ?`, clientID)
		return apperr.Wrap(err, "clear hold")
	}, "hold:clear")
}

func (s RetentionStore) hold(ctx context.Context, actor access.Actor, clientID string, fn func(*Tx, string) error, touched string) error {
	if !actor.Can(access.RetentionHold) {
		return apperr.ErrNotFound()
	}
	return s.db.InOrgTx(ctx, actor.OrgID, func(t *Tx) error {
		var orgID string
		err := t.queryRow(`SELECT org_id FROM clients WHERE id = ? AND merged_into IS NULL`, clientID).Scan(&orgID)
		if err != nil {
			return notFound(err, "hold")
		}
		if !actor.System && orgID != actor.OrgID {
			return apperr.ErrNotFound()
		}
		if err := fn(t, orgID); err != nil {
			return err
		}
		e := gate.Entry(actor, access.RetentionHold, clientID, touched, audit.Allowed, t.Now())
		e.Chain = orgID
		return t.AppendAudit(e)
	})
}

// RetentionHold returns a client's legal hold; NotFound when there is none.
func (s RetentionStore) RetentionHold(ctx context.Context, clientID string) (retention.Hold, error) {
	var h retention.Hold
	err := s.db.InTx(ctx, func(t *Tx) error {
		err := t.queryRow(`SELECT client_id, org_id, reason, set_by, set_at FROM retention_holds WHERE client_id = ?`, clientID).
			Scan(&h.ClientID, &h.OrgID, &h.Reason, &h.SetBy, &h.SetAt)
		return notFound(err, "hold")
	})
	return h, err
}

// ArchiveContent reads everything the archive package of a client holds,
// personal data opened, in one system transaction that logs the reading
// (access.RetentionErase, "archived") in the holder's chain. Only a
// system actor may call it; NotFound for a missing client.
func (s RetentionStore) ArchiveContent(ctx context.Context, actor access.Actor, clientID string) (retention.Archived, error) {
	var a retention.Archived
	if !actor.System {
		return a, apperr.ErrNotFound()
	}
	err := s.db.InTx(ctx, func(t *Tx) error {
		var orgID string
		if err := t.queryRow(`SELECT org_id FROM clients WHERE id = ?`, clientID).Scan(&orgID); err != nil {
			return notFound(err, "archive client")
		}
		c, err := t.Client(orgID, clientID)
		if err != nil {
			return err
		}
		a = retention.Archived{OrgID: orgID, ClientID: clientID, KotoID: c.KotoID, Records: map[string]any{"client": c}}
		a.Dates.ServiceEnd, a.Dates.Death = c.ServiceEnd, c.DateOfDeath
		reads := []struct {
			kind string
			read func() (any, error)
		}{
			{"notes", func() (any, error) { return t.Notes(orgID, clientID, true) }},
			{"plans", func() (any, error) { return t.Plans(orgID, clientID) }},
			{"assessments", func() (any, error) { return t.Assessments(orgID, clientID) }},
			{"referrals", func() (any, error) { return t.Referrals(orgID, clientID) }},
			{"consents", func() (any, error) { return t.Consents(orgID, clientID) }},
			{"disclosures", func() (any, error) { return t.Disclosures(orgID, clientID) }},
		}
		for _, r := range reads {
			v, err := r.read()
			if err != nil {
				return apperr.Wrap(err, "archive %s", r.kind)
			}
			a.Records[r.kind] = v
		}
		e := gate.Entry(actor, access.RetentionErase, clientID, "archived", audit.Allowed, t.Now())
		e.Chain = orgID
		return t.AppendAudit(e)
	})
	return a, err
}

package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/blob"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/disclosure"
	"koto/internal/retention"
	"koto/internal/store"
	"koto/internal/store/storetest"
)

// The schema walk: every column of the live schema that refers to a
// client (directly, or through another client table) is erased or kept
// on purpose. A table added by another branch fails here until erasure
// covers it.
func TestErasureCoversSchema(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			db := storetest.Open(t, engine)
			refs, err := db.ClientReferences(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(refs) < 25 {
				t.Fatalf("schema walk found only %d references: %v", len(refs), refs)
			}
			for _, r := range refs {
				if _, kept := store.ErasureKept[r.Table+"."+r.Column]; kept {
					continue
				}
				if !erased(r) {
					t.Errorf("%s.%s refers to a client (via %q) but erasure does not cover it: add it to store.ErasureSteps", r.Table, r.Column, r.Via)
				}
			}
		})
	}
}

func erased(r store.ClientReference) bool {
	for _, s := range store.ErasureSteps {
		if s.Table == r.Table && s.Column == r.Column && s.Via == r.Via {
			return true
		}
	}
	return false
}

// systemCount runs a COUNT query as the owner, in system scope on
// PostgreSQL.
func systemCount(t *testing.T, db *store.DB, q string) int {
	t.Helper()
	tx, err := db.SQL().Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if db.Engine() == "postgres" {
		if _, err := tx.Exec(`SELECT set_config('koto.scope', 'system', true)`); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := tx.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// systemExec runs statements as the owner, in system scope on PostgreSQL.
func systemExec(t *testing.T, db *store.DB, stmts ...string) {
	t.Helper()
	tx, err := db.SQL().Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if db.Engine() == "postgres" {
		stmts = append([]string{`SELECT set_config('koto.scope', 'system', true)`}, stmts...)
	}
	for _, q := range stmts {
		if _, err := tx.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// countRefs counts the rows of every client-referring column (except the
// access log) that name id.
func countRefs(t *testing.T, db *store.DB, id string) map[string]int {
	t.Helper()
	refs, err := db.ClientReferences(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// Raw SQL as the owner: on PostgreSQL row-level security shows rows
	// only in system scope (the test role may not be a superuser).
	tx, err := db.SQL().Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if db.Engine() == "postgres" {
		if _, err := tx.Exec(`SELECT set_config('koto.scope', 'system', true)`); err != nil {
			t.Fatal(err)
		}
	}
	out := map[string]int{}
	for _, r := range refs {
		if r.Table == "audit_entries" {
			continue
		}
		q := fmt.Sprintf(`SELECT COUNT(*) FROM %s WHERE %s = '%s'`, r.Table, r.Column, id)
		if r.Via != "" {
			q = fmt.Sprintf(`SELECT COUNT(*) FROM %s WHERE %s IN (SELECT id FROM %s WHERE client_id = '%s')`, r.Table, r.Column, r.Via, id)
		}
		var n int
		if err := tx.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if n > 0 {
			out[r.Table+"."+r.Column] = n
		}
	}
	var n int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM clients WHERE id = '` + id + `'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n > 0 {
		out["clients.id"] = n
	}
	return out
}

// Erasure of one client: every row that refers to it goes, immutable
// tables included, and its key; the other client stays whole; a tombstone
// stays in the access log, which still verifies; a second erasure is
// NotFound; a client on legal hold is refused until the hold is cleared;
// and only the system may erase or set holds for another organisation.
func TestEraseClient(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			f := newDisclosureFixture(t, engine)
			env := f.env
			f.record(t, disclosure.Disclosure{Kind: disclosure.KindAuthority, Recipient: "Poliisi", Basis: disclosure.BasisLaw,
				BasisDetail: "PoliisiL 4:3", Items: []string{"name"}, Channel: disclosure.ChannelPost}, map[string]any{"name": "Luovutus Testi"})
			other, _, err := env.Clients.Create(ctx, f.cw, client.Details{FirstNames: "Jää", LastName: "Testi", BirthDate: civil.Date{Year: 1990, Month: 1, Day: 2}}, client.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			g := f
			g.clientID = other.ID
			g.record(t, disclosure.Disclosure{Kind: disclosure.KindAuthority, Recipient: "Poliisi", Basis: disclosure.BasisLaw,
				BasisDetail: "PoliisiL 4:3", Items: []string{"name"}, Channel: disclosure.ChannelPost}, map[string]any{"name": "Jää Testi"})
			systemExec(t, env.DB, `INSERT INTO saved_forms (id, org_id, user_id, path, key_id, payload_enc, created_at, expires_at)
				VALUES ('sf1', '`+f.cw.OrgID+`', '`+f.cw.UserID+`', '/clients/`+f.clientID+`/notes/new', 'k', 'x', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
				`INSERT INTO saved_forms (id, org_id, user_id, path, key_id, payload_enc, created_at, expires_at)
				VALUES ('sf2', '`+f.cw.OrgID+`', '`+f.cw.UserID+`', '/clients/`+other.ID+`/notes/new', 'k', 'x', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`)
			// The issue-14 tables: an attachment with its blob, an
			// authority's request with its decision, and a transfer of
			// the client to municipality 251, whose receipt (of its own
			// client) refers to the transfer and must survive.
			cw251 := env.AddUser(t, "251", "cw251", access.Caseworker)
			moved, _, err := env.Clients.Create(ctx, cw251, client.Details{FirstNames: "Muutti", LastName: "Testi", BirthDate: civil.Date{Year: 1990, Month: 1, Day: 3}}, client.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			org, org251 := f.cw.OrgID, cw251.OrgID
			systemExec(t, env.DB,
				`INSERT INTO attachments (id, org_id, client_id, category, content_type, size_bytes, recorded_by, recorded_username, created_at)
				VALUES ('att1', '`+org+`', '`+f.clientID+`', 'other', 'application/pdf', 3, 'u', 'u', CURRENT_TIMESTAMP)`,
				`INSERT INTO disclosure_requests (id, org_id, client_id, requester_enc, provision, received_date, channel, items, registered_by, registered_username, created_at)
				VALUES ('dr1', '`+org+`', '`+f.clientID+`', 'x', 'UlkL 130 §', '2026-01-02', 'post', '["name"]', 'u', 'u', CURRENT_TIMESTAMP)`,
				`INSERT INTO disclosure_request_decisions (id, org_id, request_id, client_id, outcome, disclosure_id, decided_by, decided_username, created_at)
				VALUES ('dd1', '`+org+`', 'dr1', '`+f.clientID+`', 'approve', (SELECT MIN(id) FROM disclosures WHERE client_id = '`+f.clientID+`'), 'u2', 'u2', CURRENT_TIMESTAMP)`,
				`INSERT INTO client_transfers (id, org_id, to_org_id, client_id, status, requested_by, requested_username, requested_at, new_client_id)
				VALUES ('tr1', '`+org+`', '`+org251+`', '`+f.clientID+`', 'accepted', 'u', 'u', CURRENT_TIMESTAMP, '`+moved.ID+`')`,
				`INSERT INTO handover_receipts (id, org_id, client_id, document_id, hetu_bidx, source_org_id, transfer_id, content_hash, received_by, received_username, created_at)
				VALUES ('hr1', '`+org251+`', '`+moved.ID+`', 'doc1', '', '`+org+`', 'tr1', 'h', 'u', 'u', CURRENT_TIMESTAMP)`)
			blobs, err := blob.NewFS(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range []blob.Key{{OrgID: org, ClientID: f.clientID, ID: "att1"}, {OrgID: org, ClientID: other.ID, ID: "att2"}} {
				if err := blobs.Put(ctx, k, []byte("sealed")); err != nil {
					t.Fatal(err)
				}
			}
			before := countRefs(t, env.DB, f.clientID)
			for _, want := range []string{"clients.id", "client_keys.client_id", "disclosures.client_id", "client_search_keys.client_id", "client_assignments.client_id",
				"attachments.client_id", "disclosure_requests.client_id", "disclosure_request_decisions.client_id", "client_transfers.client_id"} {
				if before[want] == 0 {
					t.Fatalf("fixture has no %s: %v", want, before)
				}
			}
			otherBefore := countRefs(t, env.DB, other.ID)

			rs := env.DB.Retention().WithBlobs(blobs)
			sys := access.SystemActor(access.ChannelCLI)
			if err := rs.EraseClient(ctx, f.cw, f.clientID, "test"); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("a caseworker erased a client: %v", err)
			}
			dpo := env.AddUser(t, "251", "dpo251", access.DPO)
			if err := rs.SetRetentionHold(ctx, dpo, retention.Hold{ClientID: f.clientID, Reason: "x"}); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("another organisation's DPO set a hold: %v", err)
			}
			if err := rs.SetRetentionHold(ctx, sys, retention.Hold{ClientID: f.clientID, Reason: "KHO 123/2026"}); err != nil {
				t.Fatal(err)
			}
			if err := rs.EraseClient(ctx, sys, f.clientID, "test"); !apperr.Is(err, apperr.Conflict) {
				t.Fatalf("a client on hold was erased: %v", err)
			}
			if err := rs.ClearRetentionHold(ctx, sys, f.clientID); err != nil {
				t.Fatal(err)
			}
			if err := rs.EraseClient(ctx, sys, f.clientID, "request"); err != nil {
				t.Fatalf("erase: %v", err)
			}
			if left := countRefs(t, env.DB, f.clientID); len(left) != 0 {
				t.Errorf("rows left after erasure: %v", left)
			}
			if after := countRefs(t, env.DB, other.ID); fmt.Sprint(after) != fmt.Sprint(otherBefore) {
				t.Errorf("the other client changed: %v, was %v", after, otherBefore)
			}
			if _, err := env.Clients.Get(ctx, f.cw, other.ID); err != nil {
				t.Errorf("the other client: %v", err)
			}
			if err := rs.EraseClient(ctx, sys, f.clientID, "again"); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("second erasure: %v", err)
			}
			if ids, err := blobs.List(ctx, org, f.clientID); err != nil || len(ids) != 0 {
				t.Errorf("the erased client's blobs are left: %v %v", ids, err)
			}
			if ids, err := blobs.List(ctx, org, other.ID); err != nil || len(ids) != 1 {
				t.Errorf("another client's blob went: %v %v", ids, err)
			}
			// The receiver's copy stays: its client and its receipt, which
			// only lost the reference to the erased sender's transfer.
			if n := systemCount(t, env.DB, `SELECT COUNT(*) FROM handover_receipts WHERE id = 'hr1' AND client_id = '`+moved.ID+`' AND transfer_id IS NULL AND document_id = 'doc1'`); n != 1 {
				t.Error("the receiver's hand-over receipt did not survive the sender's erasure")
			}
			if _, err := env.Clients.Get(ctx, cw251, moved.ID); err != nil {
				t.Errorf("the receiver's client: %v", err)
			}
			if n := systemCount(t, env.DB, `SELECT COUNT(*) FROM saved_forms WHERE id = 'sf1'`); n != 0 {
				t.Error("the erased client's saved form is left")
			}
			if n := systemCount(t, env.DB, `SELECT COUNT(*) FROM saved_forms WHERE id = 'sf2'`); n != 1 {
				t.Error("another client's saved form went")
			}
			if tomb := systemCount(t, env.DB, `SELECT COUNT(*) FROM audit_entries WHERE client_id = '`+f.clientID+`' AND action = 'retention.erase'`); tomb != 1 {
				t.Errorf("tombstones %d", tomb)
			}
			if _, err := env.DB.SealAudit(ctx); err != nil {
				t.Fatal(err)
			}
			res, err := env.DB.VerifyAudit(ctx, store.VerifyOptions{})
			if err != nil || len(res.Breaks) != 0 {
				t.Errorf("audit verify after erasure: %v %v", res.Breaks, err)
			}
			// The guards are back: the application still cannot delete.
			err = env.DB.InOrgTx(ctx, f.cw.OrgID, func(tx *store.Tx) error { return tx.DeleteForTest(`DELETE FROM disclosures`) })
			if err == nil {
				t.Error("an application transaction deleted disclosures after an erasure")
			}
		})
	}
}

// Expiry classes: dry run counts, the real run deletes, as of a date.
func TestExpiredRows(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			f := newDisclosureFixture(t, engine)
			rs := f.env.DB.Retention()
			far := time.Now().AddDate(5, 0, 0)
			for _, class := range []retention.Class{retention.ClassSession, retention.ClassSavedForm, retention.ClassAPIToken} {
				if _, err := rs.ExpiredRows(ctx, class, "", far, true); err != nil {
					t.Errorf("%s: %v", class, err)
				}
				if _, err := rs.ExpiredRows(ctx, class, "", far, false); err != nil {
					t.Errorf("%s: %v", class, err)
				}
				if n, err := rs.ExpiredRows(ctx, class, "", far, true); err != nil || n != 0 {
					t.Errorf("%s after delete: %d %v", class, n, err)
				}
			}
		})
	}
}

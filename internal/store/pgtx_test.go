package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"koto/internal/audit"
	"koto/internal/store"
	"koto/internal/store/storetest"
)

// openOneConn opens a PostgreSQL store whose pool has one connection, so
// every transaction reuses the connection of the one before.
func openOneConn(t *testing.T) *store.DB {
	t.Helper()
	return storetest.Open(t, "postgres", storetest.Options{MaxConns: 1})
}

// scopeOutside reads the role and organisation scope of the pool's
// connection outside any transaction: both must be the connection's own.
func scopeOutside(t *testing.T, db *store.DB) (role, org string) {
	t.Helper()
	if err := db.SQL().QueryRow(`SELECT current_user, COALESCE(current_setting('koto.org_id', true), '')`).Scan(&role, &org); err != nil {
		t.Fatal(err)
	}
	return role, org
}

// A transaction's role and organisation scope never outlive it, however it
// ends, and a connection is reused only outside a transaction.
func TestPostgresTransactionScopeEnds(t *testing.T) {
	db := openOneConn(t)
	const org = "orgaaaaaaaaaaaaaaaaaaaaaaa"
	ends := map[string]func(tx *store.Tx) error{
		"commit":   func(tx *store.Tx) error { return nil },
		"rollback": func(tx *store.Tx) error { return errors.New("refused") },
		"panic":    func(tx *store.Tx) error { panic("boom") },
		"failed statement ignored": func(tx *store.Tx) error {
			_ = tx.Exec(`SELECT 1/0`)
			return nil
		},
	}
	for name, end := range ends {
		t.Run(name, func(t *testing.T) {
			err := func() (err error) {
				defer func() {
					if r := recover(); r != nil {
						err = errors.New("panicked")
					}
				}()
				return db.InOrgTx(ctx, org, func(tx *store.Tx) error {
					short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
					defer cancel()
					if err := db.SQL().QueryRowContext(short, `SELECT 1`).Err(); err == nil {
						t.Error("a second connection was available: the pool is not limited to one")
					}
					return end(tx)
				})
			}()
			if (name == "commit") != (err == nil) {
				t.Errorf("InOrgTx = %v", err)
			}
			if role, got := scopeOutside(t, db); role == "koto_app" || got == org {
				t.Errorf("after %s the connection still runs as %s for organisation %q", name, role, got)
			}
		})
	}
}

// Organisation ids are written into the BEGIN message as literals; only
// Koto ids are accepted.
func TestPostgresScopeRefusesForeignIDs(t *testing.T) {
	db := openOneConn(t)
	err := db.InOrgTx(ctx, "x', true); DROP TABLE clients; --", func(tx *store.Tx) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "not a Koto id") {
		t.Errorf("InOrgTx with a quote in the id: %v", err)
	}
}

// An access-log entry is held back and sent with the transaction's next
// statement or its COMMIT; either way it is committed with the operation,
// and an entry that fails fails the whole transaction.
func TestPostgresHeldAccessLogEntry(t *testing.T) {
	db := openOneConn(t)
	const orgA, orgB = "orgaaaaaaaaaaaaaaaaaaaaaaa", "orgbbbbbbbbbbbbbbbbbbbbbbb"
	entry := func(org, action string) *audit.Entry {
		return &audit.Entry{Chain: org, OrgID: org, At: time.Now(), UserID: "u", Username: "u", Roles: "caseworker",
			Action: action, Touched: "card", Result: audit.Allowed, Channel: "api", RequestID: "r"}
	}
	count := func(action string) (n int) {
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM audit_entries WHERE action = $1`, action).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Held until COMMIT.
	if err := db.InOrgTx(ctx, orgA, func(tx *store.Tx) error { return tx.AppendAudit(entry(orgA, "at.commit")) }); err != nil {
		t.Fatal(err)
	}
	// Sent before a later statement, which sees it.
	err := db.InOrgTx(ctx, orgA, func(tx *store.Tx) error {
		if err := tx.AppendAudit(entry(orgA, "before.next")); err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO audit_heads (chain, seq, hash) SELECT 'probe', COUNT(*), '' FROM audit_entries WHERE action = 'before.next'`)
	})
	if err != nil {
		t.Fatal(err)
	}
	var seen int
	if err := db.SQL().QueryRow(`SELECT seq FROM audit_heads WHERE chain = 'probe'`).Scan(&seen); err != nil || seen != 1 {
		t.Errorf("a statement after the held entry saw %d entries (%v), want 1", seen, err)
	}
	// Row-level security refuses an entry of another organisation: the
	// transaction fails, whether the entry goes with the COMMIT or before
	// the next statement, and nothing of it is committed.
	for _, next := range []bool{false, true} {
		err := db.InOrgTx(ctx, orgA, func(tx *store.Tx) error {
			if err := tx.AppendAudit(entry(orgA, "refused")); err != nil {
				return err
			}
			if err := tx.AppendAudit(entry(orgB, "refused")); err != nil {
				return err
			}
			if next {
				_ = tx.Exec(`SELECT 1`)
			}
			return nil
		})
		if err == nil {
			t.Errorf("next statement %v: an entry of another organisation was accepted", next)
		}
		if n := count("refused"); n != 0 {
			t.Errorf("next statement %v: %d entries of the failed transaction committed", next, n)
		}
		if role, org := scopeOutside(t, db); role == "koto_app" || org == orgA {
			t.Errorf("after the failed transaction the connection runs as %s for %q", role, org)
		}
	}
	if n := count("at.commit"); n != 1 {
		t.Errorf("%d entries held until COMMIT, want 1", n)
	}
}

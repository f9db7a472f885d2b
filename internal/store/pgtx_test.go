package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"koto/internal/store"
	"koto/internal/store/storetest"
)

// openOneConn opens a PostgreSQL store whose pool has one connection, so
// every transaction reuses the connection of the one before.
func openOneConn(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(ctx, store.Config{URL: storetest.Schema(t), DataDir: t.TempDir(), Ring: storetest.Ring(t), MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
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

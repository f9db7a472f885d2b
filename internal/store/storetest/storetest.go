// Package storetest opens real databases for tests: a fresh SQLite file
// always, and a fresh PostgreSQL schema when KOTO_TEST_POSTGRES names a
// server (CI sets it and fails when it is unreachable; locally the
// PostgreSQL half is skipped with a visible message).
package storetest

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"koto/internal/crypto"
	"koto/internal/store"
)

// EnvPostgres names the environment variable with a PostgreSQL URL.
const EnvPostgres = "KOTO_TEST_POSTGRES"

// Engines returns the engines to run a suite on.
func Engines() []string {
	return []string{"sqlite", "postgres"}
}

// Ring returns a fresh key ring for a test.
func Ring(tb testing.TB) *crypto.MasterRing {
	tb.Helper()
	r, err := crypto.NewRingFile()
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// Options tune Open.
type Options struct {
	Clock    func() time.Time
	Ring     *crypto.MasterRing
	MaxConns int // connection pool size; 0 = the store's default
}

// Open returns a migrated, empty store on engine, closed when the test ends.
func Open(tb testing.TB, engine string, opts ...Options) *store.DB {
	tb.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.Ring == nil {
		o.Ring = Ring(tb)
	}
	cfg := store.Config{DataDir: tb.TempDir(), Ring: o.Ring, Clock: o.Clock, MaxConns: o.MaxConns}
	if engine == "postgres" {
		cfg.URL = Schema(tb)
	}
	db, err := store.Open(context.Background(), cfg)
	if err != nil {
		tb.Fatalf("open %s store: %v", engine, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// Schema creates a fresh PostgreSQL schema, dropped when the test ends, and
// returns a URL whose search_path points at it. It skips the test when
// KOTO_TEST_POSTGRES is unset and fails it when the server is unreachable.
func Schema(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		tb.Skipf("PostgreSQL suite skipped: set %s=postgres://… to run it (CI does)", EnvPostgres)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("%s: %v", EnvPostgres, err)
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		tb.Fatalf("%s is set but PostgreSQL is unreachable: %v", EnvPostgres, err)
	}
	schema := "koto_test_" + strings.ToLower(store.NewID()[:12])
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		_, _ = a.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Each runs fn as a subtest on every engine.
func Each(t *testing.T, fn func(t *testing.T, engine string)) {
	for _, e := range Engines() {
		t.Run(e, func(t *testing.T) { fn(t, e) })
	}
}

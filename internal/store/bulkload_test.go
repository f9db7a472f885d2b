package store_test

import (
	"testing"

	"koto/internal/store/storetest"
)

// After a bulk load the planner has statistics for the loaded tables and,
// on PostgreSQL, the tables are vacuumed (index-only scans of name keys).
func TestAfterBulkLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env, _ := seed(t, engine)
		if engine == "sqlite" {
			// Opening the store analysed the empty tables; start without
			// statistics so that only AfterBulkLoad can bring them back.
			if _, err := env.DB.SQL().Exec(`DELETE FROM sqlite_stat1`); err != nil {
				t.Fatal(err)
			}
		}
		if err := env.DB.AfterBulkLoad(ctx); err != nil {
			t.Fatal(err)
		}
		q := `SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'client_search_keys'`
		if engine == "postgres" {
			q = `SELECT COUNT(*) FROM pg_stat_user_tables WHERE relname = 'client_search_keys'
				AND schemaname = current_schema() AND last_vacuum IS NOT NULL AND last_analyze IS NOT NULL`
		}
		var n int
		if err := env.DB.SQL().QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Error("client_search_keys was not analysed (and vacuumed) after the bulk load")
		}
	})
}

// The server warns when PostgreSQL runs without autovacuum.
func TestConfigWarnings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := storetest.Open(t, engine)
		warnings, err := db.ConfigWarnings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		if engine == "postgres" {
			var autovacuum string
			if err := db.SQL().QueryRow(`SHOW autovacuum`).Scan(&autovacuum); err != nil {
				t.Fatal(err)
			}
			if autovacuum == "off" {
				want = 1
			}
		}
		if len(warnings) != want {
			t.Errorf("warnings %q, want %d", warnings, want)
		}
	})
}

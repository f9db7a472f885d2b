package store

import (
	"context"
	"fmt"
	"testing"
)

// Optimize leaves the planner row estimates and no STAT4 samples, which
// would make SQLite parse a prepared statement again for each new value.
func TestOptimizeKeepsNoSamples(t *testing.T) {
	db := openSQLite(t)
	ctx := context.Background()
	for i := range 300 {
		if _, err := db.write.Exec(`INSERT INTO t (v) VALUES (?)`, fmt.Sprint(i)); err != nil {
			t.Fatal(err)
		}
	}
	for round := range 2 { // the first analyses, the second refreshes
		if err := db.Optimize(ctx); err != nil {
			t.Fatal(err)
		}
		var stat1, stat4 int
		if err := db.write.QueryRow(`SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 't'`).Scan(&stat1); err != nil {
			t.Fatal(err)
		}
		if err := db.write.QueryRow(`SELECT COUNT(*) FROM sqlite_stat4`).Scan(&stat4); err != nil {
			t.Fatal(err)
		}
		if stat1 == 0 || stat4 != 0 {
			t.Errorf("round %d: %d stat1 rows for t, %d stat4 rows", round, stat1, stat4)
		}
	}
}

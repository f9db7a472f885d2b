package store

import (
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// Both engines have the same migration files with the same tables and
// columns, so the one store works on either.
func TestMigrationsMatch(t *testing.T) {
	lite, _ := migrations("sqlite")
	pg, _ := migrations("postgres")
	if len(lite) == 0 || len(lite) != len(pg) {
		t.Fatalf("migration files differ: %v vs %v", lite, pg)
	}
	for i := range lite {
		a, b := strings.TrimPrefix(lite[i], "migrations/sqlite/"), strings.TrimPrefix(pg[i], "migrations/postgres/")
		if a != b {
			t.Fatalf("migration %d: %s vs %s", i, a, b)
		}
		la, lb := columns(t, lite[i]), columns(t, pg[i])
		if strings.Join(la, "\n") != strings.Join(lb, "\n") {
			t.Errorf("%s: tables/columns differ:\nsqlite:   %v\npostgres: %v", a, la, lb)
		}
	}
}

var (
	createTable = regexp.MustCompile(`(?s)CREATE TABLE (\w+) \((.*?)\n\);`)
	columnLine  = regexp.MustCompile(`(?m)^\s+(\w+)\s+[A-Z]`)
	addColumn   = regexp.MustCompile(`ALTER TABLE (\w+) ADD COLUMN (\w+)`)
)

func columns(t *testing.T, path string) []string {
	b, err := fs.ReadFile(migrationFiles, path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range createTable.FindAllStringSubmatch(string(b), -1) {
		for _, c := range columnLine.FindAllStringSubmatch(m[2], -1) {
			if c[1] != "PRIMARY" {
				out = append(out, m[1]+"."+c[1])
			}
		}
	}
	for _, m := range addColumn.FindAllStringSubmatch(string(b), -1) {
		out = append(out, m[1]+"."+m[2])
	}
	sort.Strings(out)
	return out
}

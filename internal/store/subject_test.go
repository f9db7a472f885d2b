package store_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"koto/internal/store"
	"koto/internal/store/storetest"
	"koto/internal/subject"
)

// clientTables walks the live schema of db: every table with a column that
// refers to a client (client_id, other_id, survivor_id, merged_id,
// merged_into) or a foreign key to clients, and clients itself.
func clientTables(t *testing.T, db *store.DB) []string {
	t.Helper()
	var q string
	switch db.Engine() {
	case "sqlite":
		q = `SELECT DISTINCT m.name FROM sqlite_master m
			WHERE m.type = 'table' AND (m.name = 'clients'
			OR EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name IN ('client_id', 'other_id', 'survivor_id', 'merged_id', 'merged_into'))
			OR EXISTS (SELECT 1 FROM pragma_foreign_key_list(m.name) f WHERE f."table" = 'clients'))`
	default:
		q = `SELECT DISTINCT c.table_name FROM information_schema.columns c
			JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
			WHERE c.table_schema = current_schema() AND (c.table_name = 'clients'
			OR c.column_name IN ('client_id', 'other_id', 'survivor_id', 'merged_id', 'merged_into'))
			UNION
			SELECT DISTINCT cl.relname FROM pg_constraint k JOIN pg_class cl ON cl.oid = k.conrelid
			WHERE k.contype = 'f' AND k.confrelid = 'clients'::regclass`
	}
	rows, err := db.SQL().QueryContext(context.Background(), q)
	if err != nil {
		t.Fatalf("walk schema: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		out = append(out, name)
	}
	if err := rows.Err(); err != nil && err != sql.ErrNoRows {
		t.Fatal(err)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// The access report accounts for every table of the live schema that
// refers to a client: each is mapped to a report key (subject.Tables) or
// excluded with a reason (subject.Excluded). A table added by a later
// migration fails here until it is.
func TestSubjectReportCoversSchema(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := storetest.Open(t, engine)
		tables := clientTables(t, db)
		for _, must := range []string{"clients", "permits", "notes", "disclosures", "audit_entries", "household_links"} {
			if !slices.Contains(tables, must) {
				t.Errorf("the schema walk misses %s: the walk is broken", must)
			}
		}
		for _, table := range tables {
			_, mapped := subject.Tables[table]
			reason, excluded := subject.Excluded[table]
			switch {
			case mapped && excluded:
				t.Errorf("table %s is both in the report and excluded", table)
			case excluded && reason == "":
				t.Errorf("table %s is excluded without a reason", table)
			case !mapped && !excluded:
				t.Errorf("table %s refers to a client but is not in the access report: add it to subject.Tables (and the report) or to subject.Excluded with a reason", table)
			}
		}
		for table := range subject.Tables {
			if !slices.Contains(tables, table) {
				t.Errorf("subject.Tables names %s, which is not a table referring to a client", table)
			}
		}
		for table := range subject.Excluded {
			if !slices.Contains(tables, table) {
				t.Errorf("subject.Excluded names %s, which is not a table referring to a client", table)
			}
		}
	})
}

package store_test

import (
	"testing"
)

// Every PostgreSQL table with an organisation column has a row-level
// security policy that is forced even on the table owner.
func TestEveryOrgTableHasPolicy(t *testing.T) {
	env, _ := seed(t, "postgres")
	rows, err := env.DB.SQL().Query(`SELECT c.table_name,
			COALESCE(cl.relrowsecurity AND cl.relforcerowsecurity, false),
			(SELECT COUNT(*) FROM pg_policies p WHERE p.schemaname = c.table_schema AND p.tablename = c.table_name)
		FROM information_schema.columns c
		JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
		JOIN pg_class cl ON cl.relname = c.table_name AND cl.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = c.table_schema)
		WHERE c.table_schema = current_schema() AND c.column_name = 'org_id'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var table string
		var forced bool
		var policies int
		if err := rows.Scan(&table, &forced, &policies); err != nil {
			t.Fatal(err)
		}
		n++
		if !forced || policies == 0 {
			t.Errorf("table %s has an org_id column but no forced row-level security policy", table)
		}
	}
	if n < 10 {
		t.Fatalf("found only %d tables with org_id; is the query right?", n)
	}
}

// The application role sees no client rows unless an organisation is set,
// and then only that organisation's.
func TestApplicationRoleReadsNothingWithoutOrganisation(t *testing.T) {
	env, actors := seed(t, "postgres")
	count := func(setup ...string) int {
		tx, err := env.DB.SQL().Begin()
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		for _, s := range append([]string{`SET LOCAL ROLE koto_app`}, setup...) {
			if _, err := tx.Exec(s); err != nil {
				t.Fatal(err)
			}
		}
		var n int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM clients`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 0 {
		t.Errorf("application role without organisation read %d clients", n)
	}
	if n := count(`SELECT set_config('koto.org_id', '` + actors[0].OrgID + `', true)`); n != 3 {
		t.Errorf("application role in organisation A read %d clients, want its 3", n)
	}
	// The owner sees all six; the application role cannot touch the log.
	var all int
	if err := env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM clients`).Scan(&all); err != nil || all != 6 {
		t.Fatalf("owner count %d %v", all, err)
	}
	tx, _ := env.DB.SQL().Begin()
	defer tx.Rollback()
	_, _ = tx.Exec(`SET LOCAL ROLE koto_app`)
	_, _ = tx.Exec(`SELECT set_config('koto.scope', 'system', true)`)
	if _, err := tx.Exec(`DELETE FROM audit_entries`); err == nil {
		t.Error("application role deleted access-log entries")
	}
}

package store

import (
	"context"
	"slices"

	"koto/internal/apperr"
)

// ClientReference is a column of the live schema that refers to a client:
// a foreign key to clients, a column named client_id, or (Via set) a
// foreign key to another table that refers to a client.
type ClientReference struct {
	Table, Column string
	Via           string // the referenced client table, for an indirect reference
}

// ClientReferences walks the live schema (either engine) and returns
// every column that refers to a client, directly or through another
// table, sorted. Erasure (ErasureSteps) and the data subject's access
// report are tested against it, so a new table cannot be forgotten.
func (db *DB) ClientReferences(ctx context.Context) ([]ClientReference, error) {
	fkQuery := `SELECT m.name, f."from", f."table" FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'`
	colQuery := `SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'client_id'`
	if db.dialect == postgres {
		fkQuery = `SELECT kcu.table_name, kcu.column_name, ccu.table_name
			FROM information_schema.table_constraints tc
			JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
			JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
			WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()`
		colQuery = `SELECT c.table_name FROM information_schema.columns c
			JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
			WHERE c.table_schema = current_schema() AND c.column_name = 'client_id' AND t.table_type = 'BASE TABLE'`
	}
	type fk struct{ table, column, target string }
	var fks []fk
	refs := map[ClientReference]bool{}
	err := db.inTx(ctx, scopeMaintenance, func(t *Tx) error {
		rows, err := t.tx.QueryContext(ctx, fkQuery)
		if err != nil {
			return apperr.Wrap(err, "schema foreign keys")
		}
		for rows.Next() {
			var f fk
			if err := rows.Scan(&f.table, &f.column, &f.target); err != nil {
				rows.Close()
				return apperr.Wrap(err, "schema foreign keys")
			}
			fks = append(fks, f)
		}
		rows.Close()
		rows, err = t.tx.QueryContext(ctx, colQuery)
		if err != nil {
			return apperr.Wrap(err, "schema columns")
		}
		defer rows.Close()
		for rows.Next() {
			var table string
			if err := rows.Scan(&table); err != nil {
				return apperr.Wrap(err, "schema columns")
			}
			refs[ClientReference{Table: table, Column: "client_id"}] = true
		}
		return apperr.Wrap(rows.Err(), "schema columns")
	})
	if err != nil {
		return nil, err
	}
	clientTables := map[string]bool{"clients": true}
	for _, f := range fks {
		if f.target == "clients" {
			refs[ClientReference{Table: f.table, Column: f.column}] = true
		}
	}
	for r := range refs {
		clientTables[r.Table] = true
	}
	// Tables that refer to a client table without a client column of
	// their own, to any depth.
	for changed := true; changed; {
		changed = false
		for _, f := range fks {
			if !clientTables[f.target] || f.target == "clients" || clientTables[f.table] {
				continue
			}
			refs[ClientReference{Table: f.table, Column: f.column, Via: f.target}] = true
			clientTables[f.table] = true
			changed = true
		}
	}
	out := make([]ClientReference, 0, len(refs))
	for r := range refs {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b ClientReference) int {
		if a.Table != b.Table {
			return cmpStr(a.Table, b.Table)
		}
		return cmpStr(a.Column, b.Column)
	})
	return out, nil
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

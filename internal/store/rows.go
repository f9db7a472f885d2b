package store

import "koto/internal/apperr"

// scanner is a row to scan: *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// collect runs query in t and returns every row scanned by scan. what
// names the query in errors.
func collect[T any](t *Tx, what string, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := t.query(query, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "%s", what)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan %s", what)
		}
		out = append(out, v)
	}
	return out, apperr.Wrap(rows.Err(), "%s", what)
}

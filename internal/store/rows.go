package store

import "koto/internal/apperr"

// scanner is a row to scan: *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// each runs query in t and calls fn for every row as it is read, so
// memory stays flat however many rows there are (the access-log
// verifier). The rows are closed before it returns: a connection runs one
// query at a time, so fn must not query t. An error of the query or of
// reading the rows is wrapped with what; fn's errors are returned as they
// are, and end the loop.
func each(t *Tx, what string, fn func(scanner) error, query string, args ...any) error {
	rows, err := t.query(query, args...)
	if err != nil {
		return apperr.Wrap(err, "%s", what)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return apperr.Wrap(rows.Err(), "%s", what)
}

// collect runs query in t and returns every row scanned by scan, or nil
// and the error. what names the query in errors.
func collect[T any](t *Tx, what string, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	var out []T
	err := each(t, what, func(sc scanner) error {
		v, err := scan(sc)
		if err != nil {
			return apperr.Wrap(err, "scan %s", what)
		}
		out = append(out, v)
		return nil
	}, query, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// scanString scans a row of one text column.
func scanString(sc scanner) (string, error) {
	var s string
	return s, sc.Scan(&s)
}

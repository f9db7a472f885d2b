package store

import "context"

// Exec runs a statement in the transaction; store_test tests use it to
// drive a transaction into states the store's own methods never reach.
func (t *Tx) Exec(query string, args ...any) error {
	_, err := t.exec(query, args...)
	return err
}

// MatchNames returns the ids WithNameMatches matches, in a read
// transaction of their own as on SQLite, so that tests can watch the
// matching alone. keyRows > 0 replaces maxKeyRows, so that a test register
// of a few clients can have broad tokens.
func (db *DB) MatchNames(ctx context.Context, orgID, q string, limit, keyRows int) ([]string, error) {
	plan, err := planNames(db.dialect, orgID, q, limit)
	if err != nil {
		return nil, err
	}
	if keyRows > 0 {
		plan.keyRows = keyRows
	}
	return db.matchNames(ctx, plan)
}

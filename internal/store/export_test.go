package store

// Exec runs a statement in the transaction; store_test tests use it to
// drive a transaction into states the store's own methods never reach.
func (t *Tx) Exec(query string, args ...any) error {
	_, err := t.exec(query, args...)
	return err
}

package store

// DeleteForTest runs a DELETE in t as the application would: attack tests
// prove that the database refuses it.
func (t *Tx) DeleteForTest(query string) error {
	_, err := t.exec(query)
	return err
}

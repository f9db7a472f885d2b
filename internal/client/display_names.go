package client

// displayNames maps the users that items name (by userID) to their
// display names, for showing colleagues by name rather than by username.
// Users without a display name are not in the map.
func displayNames[T any](tx Tx, items []T, userID func(T) string) (map[string]string, error) {
	seen := map[string]bool{}
	var ids []string
	for _, it := range items {
		if id := userID(it); id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return tx.UserDisplayNames(ids)
}

// nameAssignments fills the display names of assignments.
func nameAssignments(tx Tx, as []Assignment) error {
	names, err := displayNames(tx, as, func(a Assignment) string { return a.UserID })
	for i := range as {
		as[i].DisplayName = names[as[i].UserID]
	}
	return err
}

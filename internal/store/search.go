package store

import (
	"strings"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/names"
)

const summaryColumns = `c.id, c.koto_id, c.first_names, c.last_name, c.birth_date, c.home_municipality, c.updated_at`

func (t *Tx) summaries(query string, args ...any) ([]client.Summary, error) {
	rows, err := t.query(query, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "query clients")
	}
	defer rows.Close()
	var out []client.Summary
	for rows.Next() {
		var s client.Summary
		if err := rows.Scan(&s.ID, &s.KotoID, &s.FirstNames, &s.LastName, &s.BirthDate, &s.HomeMunicipality, &s.UpdatedAt); err != nil {
			return nil, apperr.Wrap(err, "scan client summary")
		}
		s.UpdatedAt = s.UpdatedAt.UTC()
		out = append(out, s)
	}
	return out, rows.Err()
}

// ListClients returns one page of the organisation's clients.
func (t *Tx) ListClients(orgID string, f client.ListFilter) (client.Page, error) {
	p := client.Page{Page: f.Page, PageSize: f.PageSize}
	if err := t.queryRow(`SELECT COUNT(*) FROM clients WHERE org_id = ?`, orgID).Scan(&p.Total); err != nil {
		return p, apperr.Wrap(err, "count clients")
	}
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	var order string
	switch f.Sort {
	case client.SortCreated:
		order = "c.created_at" + dir + ", c.id" + dir
	case client.SortUpdated:
		order = "c.updated_at" + dir + ", c.id" + dir
	default:
		order = "c.last_name" + dir + ", c.first_names" + dir + ", c.id" + dir
	}
	var err error
	p.Items, err = t.summaries(`SELECT `+summaryColumns+` FROM clients c WHERE c.org_id = ? ORDER BY `+order+` LIMIT ? OFFSET ?`,
		orgID, f.PageSize, (f.Page-1)*f.PageSize)
	return p, err
}

// FindByHETU finds the client with exactly this HETU through the blind index.
func (t *Tx) FindByHETU(orgID, hetu string) ([]client.Summary, error) {
	return t.summaries(`SELECT `+summaryColumns+` FROM clients c WHERE c.org_id = ? AND c.hetu_bidx = ?`, orgID, t.hetuIndex(orgID, hetu))
}

// FindByBirthDate finds clients born on d.
func (t *Tx) FindByBirthDate(orgID string, d civil.Date, limit int) ([]client.Summary, error) {
	return t.summaries(`SELECT `+summaryColumns+` FROM clients c WHERE c.org_id = ? AND c.birth_date = ?
		ORDER BY c.last_name, c.first_names, c.id LIMIT ?`, orgID, d, limit)
}

// FindDuplicates finds clients with the same birth date and the same folded
// first and last names as d: the "same person?" warning at registration.
func (t *Tx) FindDuplicates(orgID string, d client.Details, exceptID string) ([]client.Summary, error) {
	if d.BirthDate.IsZero() {
		return nil, nil
	}
	same, err := t.summaries(`SELECT `+summaryColumns+` FROM clients c WHERE c.org_id = ? AND c.birth_date = ? AND c.id <> ?
		ORDER BY c.last_name, c.first_names, c.id LIMIT 200`, orgID, d.BirthDate, exceptID)
	if err != nil {
		return nil, err
	}
	var out []client.Summary
	want := names.Fold(d.FirstNames + " " + d.LastName)
	for _, s := range same {
		if names.Fold(s.FirstNames+" "+s.LastName) == want {
			out = append(out, s)
		}
	}
	return out, nil
}

// indexClientName replaces the client's name search keys.
func (t *Tx) indexClientName(c *client.Client) error {
	if _, err := t.exec(`DELETE FROM client_search_keys WHERE client_id = ?`, c.ID); err != nil {
		return apperr.Wrap(err, "clear name index")
	}
	keys := names.IndexKeys(c.FirstNames, c.LastName, c.PreviousNames)
	if len(keys) == 0 {
		return nil
	}
	// One multi-row INSERT: a client has about twenty keys.
	args := make([]any, 0, 3*len(keys))
	for _, k := range keys {
		args = append(args, c.OrgID, k, c.ID)
	}
	q := `INSERT INTO client_search_keys (org_id, key, client_id) VALUES ` +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(keys)), ", ")
	_, err := t.exec(q, args...)
	return apperr.Wrap(err, "index name")
}

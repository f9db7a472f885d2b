package store

import (
	"sort"
	"strconv"
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

// FindByName finds clients whose every query token matches one of their
// name keys, for the service to rank by names.Score (client.rankByName). Cheap, precise passes come first
// and the broader ones run only while fewer than limit clients are found:
// whole tokens; then token prefixes and other spellings of the same name
// (same skeleton); then typos within one edit. Every lookup is an index
// range or equality on (org_id, key).
func (t *Tx) FindByName(orgID, q string, limit int) ([]client.Summary, error) {
	query, err := names.ParseQuery(q)
	if err != nil {
		return nil, &apperr.Error{Kind: apperr.Invalid, Key: "search.name_invalid", Fields: []apperr.FieldError{{Field: "q", Key: "search.name_invalid"}}}
	}
	var found []client.Summary
	seen := map[string]bool{}
	for _, pass := range []matchPass{passWhole, passClose, passTypos} {
		more, err := t.matchNames(orgID, query, pass, limit)
		if err != nil {
			return nil, err
		}
		for _, s := range more {
			if !seen[s.ID] {
				seen[s.ID] = true
				found = append(found, s)
			}
		}
		if len(found) >= limit {
			break
		}
	}
	return found, nil
}

type matchPass int

const (
	passWhole matchPass = iota // "t:" key equal to the query token
	passClose                  // token prefix, same skeleton
	passTypos                  // all of the above and one-edit keys
)

// maxKeyRows bounds the key rows one query token contributes, so a very
// common name cannot make one search read a large part of the register.
const maxKeyRows = 5000

// matchNames returns up to limit clients (in name order) matching every
// token of query in the given pass. Each token's lookups are separate
// SELECTs, so both engines use the (org_id, key) primary key instead of
// scanning on an OR.
func (t *Tx) matchNames(orgID string, query names.Query, pass matchPass, limit int) ([]client.Summary, error) {
	var sb strings.Builder
	var args []any
	branches := 0
	branch := func(tokNo int, cond string, condArgs ...any) {
		if branches > 0 {
			sb.WriteString(" UNION ALL ")
		}
		branches++
		sb.WriteString(`SELECT client_id, ` + strconv.Itoa(tokNo) + ` AS tok FROM (SELECT client_id FROM client_search_keys WHERE org_id = ? AND ` +
			cond + ` LIMIT ` + strconv.Itoa(maxKeyRows) + `) b` + strconv.Itoa(branches))
		args = append(append(args, orgID), condArgs...)
	}
	in := func(tokNo int, keys []string) {
		if len(keys) > 0 {
			branch(tokNo, t.db.dialect.inList("key"), t.db.dialect.listArg(keys))
		}
	}
	for i, tok := range query.Tokens {
		switch pass {
		case passWhole:
			branch(i, `key = ?`, tok.Prefix)
		case passClose:
			branch(i, `key >= ? AND key < ?`, tok.Prefix, names.PrefixEnd(tok.Prefix))
			in(i, tok.Close())
		case passTypos:
			branch(i, `key >= ? AND key < ?`, tok.Prefix, names.PrefixEnd(tok.Prefix))
			in(i, tok.Exact)
		}
	}
	// Two plain queries instead of one join: with a join the planners walk
	// the whole organisation in name order and probe the key set per row.
	// One token needs no intersection: DISTINCT stops at the limit, where
	// GROUP BY would first collect every key row of a common name.
	match := `SELECT DISTINCT client_id FROM (` + sb.String() + `) m LIMIT ?`
	if len(query.Tokens) > 1 {
		match = `SELECT client_id FROM (` + sb.String() + `) m GROUP BY client_id HAVING COUNT(DISTINCT tok) = ? LIMIT ?`
		args = append(args, len(query.Tokens))
	}
	args = append(args, limit)
	rows, err := t.query(match, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "match names")
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "scan match")
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return nil, apperr.Wrap(err, "match names")
	}
	found, err := t.summaries(`SELECT `+summaryColumns+` FROM clients c WHERE c.org_id = ? AND `+t.db.dialect.inList("c.id"), orgID, t.db.dialect.listArg(ids))
	sort.Slice(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if a.LastName != b.LastName {
			return a.LastName < b.LastName
		}
		if a.FirstNames != b.FirstNames {
			return a.FirstNames < b.FirstNames
		}
		return a.ID < b.ID
	})
	return found, err
}

package store

import (
	"context"
	"slices"
	"strings"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/names"
)

// summaries runs a query of summaryColumns FROM summaryFrom over clients
// of orgID and opens their names, in the query's order.
func (t *Tx) summaries(orgID, query string, args ...any) ([]client.Summary, error) {
	sealed, err := collect(t, "query clients", scanSummary, query, args...)
	if err != nil {
		return nil, err
	}
	return t.openSummaries(orgID, sealed)
}

// WithNameOrder runs fn in a transaction confined to orgID with the ids
// of every client of the organisation in name order. Names are sealed, so
// the order is made by opening them all (ADR 13 has the cost), beside
// SQLite's writer like a name search's match (withIDs).
func (s clientStore) WithNameOrder(ctx context.Context, orgID string, fn func(client.Tx, []string) error) error {
	return s.db.withIDs(ctx, orgID, func(t *Tx) ([]string, error) { return t.nameOrder(orgID) }, fn)
}

// ListClients returns one page of the organisation's clients ordered by
// creation or update (f.Sort), paged through an index. The name order is
// WithNameOrder's.
func (t *Tx) ListClients(orgID string, f client.ListFilter) (client.Page, error) {
	p := client.Page{Page: f.Page, PageSize: f.PageSize}
	offset := (f.Page - 1) * f.PageSize
	if err := t.queryRow(`SELECT COUNT(*) FROM clients WHERE org_id = ? AND merged_into IS NULL`, orgID).Scan(&p.Total); err != nil {
		return p, apperr.Wrap(err, "count clients")
	}
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	col := "c.updated_at"
	if f.Sort == client.SortCreated {
		col = "c.created_at"
	}
	var err error
	p.Items, err = t.summaries(orgID, `SELECT `+summaryColumns+` FROM `+summaryFrom+` WHERE c.org_id = ? AND c.merged_into IS NULL
		ORDER BY `+col+dir+`, c.id`+dir+` LIMIT ? OFFSET ?`, orgID, f.PageSize, offset)
	return p, err
}

// nameOrder returns the ids of every client of the organisation in name
// order (byName). It reads only the sealed names and the keys that open
// them.
func (t *Tx) nameOrder(orgID string) ([]string, error) {
	sealed, err := collect(t, "list clients", scanSealedName,
		`SELECT c.id, c.summary_enc, k.key_id, k.org_key_id, k.wrapped FROM `+summaryFrom+` WHERE c.org_id = ? AND c.merged_into IS NULL`, orgID)
	if err != nil {
		return nil, err
	}
	all, err := t.openSummaries(orgID, sealed)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(all, byName)
	ids := make([]string, len(all))
	for i, s := range all {
		ids[i] = s.ID
	}
	return ids, nil
}

// FindByHETU finds the client with exactly this HETU through the blind index.
func (t *Tx) FindByHETU(orgID, hetu string) ([]client.Summary, error) {
	return t.summaries(orgID, `SELECT `+summaryColumns+` FROM `+summaryFrom+` WHERE c.org_id = ? AND c.hetu_bidx = ?`,
		orgID, t.hetuIndex(orgID, hetu))
}

// FindByBirthDate finds clients born on d, the first limit in name order,
// through the birth date's blind index.
func (t *Tx) FindByBirthDate(orgID string, d civil.Date, limit int) ([]client.Summary, error) {
	found, err := t.bornOn(orgID, d, "")
	if len(found) > limit {
		found = found[:limit]
	}
	return found, err
}

// bornOn returns the clients of the organisation born on d, other than
// exceptID, in name order.
func (t *Tx) bornOn(orgID string, d civil.Date, exceptID string) ([]client.Summary, error) {
	if d.IsZero() {
		return nil, nil
	}
	found, err := t.summaries(orgID, `SELECT `+summaryColumns+` FROM `+summaryFrom+` WHERE c.org_id = ? AND c.birth_date_bidx = ? AND c.id <> ?
		AND c.merged_into IS NULL`,
		orgID, t.birthDateIndex(orgID, d), exceptID)
	slices.SortFunc(found, byName)
	return found, err
}

// FindDuplicates finds the clients that look like the same person as d:
// the "same person?" warning at registration and on an edit. Candidates
// are the clients born on the same day (the birth date's blind index), not
// merged away; of those, the ones whose name keys — the name search's
// keyed index, transliteration- and typo-tolerant (ADR 5, 13) — match
// every token of d's name as a name search would (a token matches a whole
// name, a prefix of one, the same skeleton or one edit away), or all but
// one when the name has three or more tokens. Only the matches are opened.
func (t *Tx) FindDuplicates(orgID string, d client.Details, exceptID string) ([]client.Summary, error) {
	if d.BirthDate.IsZero() {
		return nil, nil
	}
	born, err := collect(t, "same birth date", scanString, `SELECT id FROM clients
		WHERE org_id = ? AND birth_date_bidx = ? AND id <> ? AND merged_into IS NULL`,
		orgID, t.birthDateIndex(orgID, d.BirthDate), exceptID)
	if err != nil || len(born) == 0 {
		return nil, err
	}
	query, err := names.ParseQuery(d.FirstNames + " " + d.LastName)
	if err != nil {
		return nil, nil // no name to compare
	}
	tokens := make([]map[string]bool, len(query.Tokens))
	for i, tok := range query.Tokens {
		tokens[i] = map[string]bool{}
		for _, k := range nameDigests(t.db.ring, orgID, slices.Concat(tok.PrefixKeys(), tok.Exact)) {
			tokens[i][string(k)] = true
		}
	}
	keys := map[string][]string{}
	err = each(t, "candidate name keys", func(sc scanner) error {
		var id string
		var key []byte
		if err := sc.Scan(&id, &key); err != nil {
			return err
		}
		keys[id] = append(keys[id], string(key))
		return nil
	}, `SELECT client_id, key FROM client_search_keys WHERE `+t.db.dialect.filterOnly("org_id")+` = ? AND `+t.db.dialect.inList("client_id"), orgID, t.db.dialect.listArg(born))
	if err != nil {
		return nil, err
	}
	need := len(tokens)
	if need >= 3 {
		need--
	}
	var match []string
	for _, id := range born {
		n := 0
		for _, tok := range tokens {
			if slices.ContainsFunc(keys[id], func(k string) bool { return tok[k] }) {
				n++
			}
		}
		if n >= need {
			match = append(match, id)
		}
	}
	return t.ClientSummaries(orgID, match)
}

// indexClientName replaces the client's name search keys: the keyed
// digests of its names' keys (NameIndexKeys), so that the index spells no
// name.
func (t *Tx) indexClientName(c *client.Client) error {
	if _, err := t.exec(`DELETE FROM client_search_keys WHERE client_id = ?`, c.ID); err != nil {
		return apperr.Wrap(err, "clear name index")
	}
	return t.insertNameKeys(c.OrgID, c.ID, NameIndexKeys(t.db.ring, c.OrgID, c.FirstNames, c.LastName, c.PreviousNames))
}

// insertNameKeys writes a client's name-index rows.
func (t *Tx) insertNameKeys(orgID, clientID string, keys [][]byte) error {
	if len(keys) == 0 {
		return nil
	}
	// One multi-row INSERT: a client has about thirty keys.
	args := make([]any, 0, 3*len(keys))
	for _, k := range keys {
		args = append(args, orgID, k, clientID)
	}
	q := `INSERT INTO client_search_keys (org_id, key, client_id) VALUES ` +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(keys)), ", ")
	_, err := t.exec(q, args...)
	return apperr.Wrap(err, "index name")
}

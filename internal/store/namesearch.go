package store

import (
	"context"
	"strconv"
	"strings"

	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/names"
)

// MatchNames returns the ids of clients of orgID whose every query token
// matches one of their name keys, at least limit of them when there are
// that many, in the order found: cheap, precise passes come first and the
// broader ones run only while fewer than limit clients are found (whole
// tokens; then token prefixes and other spellings of the same name, same
// skeleton; then typos within one edit). Every lookup is an index range or
// equality on (org_id, key).
//
// It reads only the search keys, in a read transaction of its own, so on
// SQLite the key lookups — most of a search's work — run beside the one
// writer instead of in its queue. The ids disclose nothing by themselves:
// the service reads the clients' summaries (ClientSummaries) in the
// transaction that writes the search's access-log entry (ADR 11).
func (s clientStore) MatchNames(ctx context.Context, orgID, q string, limit int) ([]string, error) {
	query, err := names.ParseQuery(q)
	if err != nil {
		return nil, &apperr.Error{Kind: apperr.Invalid, Key: "search.name_invalid", Fields: []apperr.FieldError{{Field: "q", Key: "search.name_invalid"}}}
	}
	plan := NameSearchPlan{d: s.db.dialect, orgID: orgID, query: query, limit: limit}
	var found []string
	err = s.db.inReadTx(ctx, orgID, func(t *Tx) error {
		seen := map[string]bool{}
		for pass := 0; pass < NamePasses && len(found) < limit; pass++ {
			q, args := plan.Match(pass)
			ids, err := t.ids(q, args...)
			if err != nil {
				return err
			}
			for _, id := range ids {
				if !seen[id] {
					seen[id] = true
					found = append(found, id)
				}
			}
		}
		return nil
	})
	return found, err
}

// ids runs a query whose one column is client ids.
func (t *Tx) ids(query string, args ...any) ([]string, error) {
	rows, err := t.query(query, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "match names")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, apperr.Wrap(err, "scan client id")
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ClientSummaries reads the summaries of the clients of orgID among ids,
// in name order; ids of other organisations or of deleted clients are
// left out.
func (t *Tx) ClientSummaries(orgID string, ids []string) ([]client.Summary, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	q, args := SummariesOf(t.db.dialect.name, orgID, ids)
	return t.summaries(q, args...)
}

// SummariesOf is the statement of ClientSummaries on engine ("sqlite" or
// "postgres"), with ? placeholders; the baseline tool runs it too.
func SummariesOf(engine, orgID string, ids []string) (string, []any) {
	d := dialectOf(engine)
	return `SELECT ` + summaryColumns + ` FROM clients c WHERE c.org_id = ? AND ` + d.inList("c.id") +
		` ORDER BY c.last_name, c.first_names, c.id`, []any{orgID, d.listArg(ids)}
}

// NamePasses is the number of passes of a name search.
const NamePasses = 3

const (
	passWhole = iota // "t:" key equal to the query token
	passClose        // token prefix, same skeleton
	passTypos        // all of the above and one-edit keys
)

// maxKeyRows bounds the key rows one query token contributes, so a very
// common name cannot make one search read a large part of the register.
const maxKeyRows = 5000

// NameSearchPlan is the SQL of one name search: per pass, one statement
// reading the ids of the clients whose keys match. MatchNames runs it; the
// baseline tool (cmd/kotobaseline) runs the very same statements as plain
// SQL, so that the two measure the same work.
type NameSearchPlan struct {
	d     dialect
	orgID string
	query names.Query
	limit int
}

// PlanNameSearch is MatchNames's plan on engine ("sqlite" or "postgres").
func PlanNameSearch(engine, orgID string, query names.Query, limit int) NameSearchPlan {
	return NameSearchPlan{d: dialectOf(engine), orgID: orgID, query: query, limit: limit}
}

// dialectOf is the dialect of engine ("sqlite" or "postgres").
func dialectOf(engine string) dialect {
	if engine == postgres.name {
		return postgres
	}
	return sqlite
}

// Match is the statement of pass (0 to NamePasses-1), with ? placeholders:
// the ids of up to limit clients matching every token. Each token's
// key lookups are separate SELECTs, so both engines use the (org_id, key)
// primary key instead of scanning on an OR.
func (p NameSearchPlan) Match(pass int) (string, []any) {
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
		args = append(append(args, p.orgID), condArgs...)
	}
	in := func(tokNo int, keys []string) {
		if len(keys) > 0 {
			branch(tokNo, p.d.inList("key"), p.d.listArg(keys))
		}
	}
	for i, tok := range p.query.Tokens {
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
	// One token needs no intersection: DISTINCT stops at the limit, where
	// GROUP BY would first collect every key row of a common name.
	if len(p.query.Tokens) == 1 {
		return `SELECT DISTINCT client_id FROM (` + sb.String() + `) m LIMIT ?`, append(args, p.limit)
	}
	return `SELECT client_id FROM (` + sb.String() + `) m GROUP BY client_id HAVING COUNT(DISTINCT tok) = ? LIMIT ?`,
		append(args, len(p.query.Tokens), p.limit)
}

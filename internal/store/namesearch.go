package store

import (
	"sort"
	"strconv"
	"strings"

	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/names"
)

// FindByName finds clients whose every query token matches one of their
// name keys, for the service to rank by names.Score (client.rankByName).
// Cheap, precise passes come first and the broader ones run only while
// fewer than limit clients are found: whole tokens; then token prefixes and
// other spellings of the same name (same skeleton); then typos within one
// edit. Every lookup is an index range or equality on (org_id, key).
func (t *Tx) FindByName(orgID, q string, limit int) ([]client.Summary, error) {
	query, err := names.ParseQuery(q)
	if err != nil {
		return nil, &apperr.Error{Kind: apperr.Invalid, Key: "search.name_invalid", Fields: []apperr.FieldError{{Field: "q", Key: "search.name_invalid"}}}
	}
	plan := NameSearchPlan{d: t.db.dialect, orgID: orgID, query: query, limit: limit}
	var found []client.Summary
	seen := map[string]bool{}
	for pass := range NamePasses {
		more, err := t.matchNames(plan, pass)
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

// matchNames returns up to the plan's limit clients (in name order)
// matching every query token in one pass.
func (t *Tx) matchNames(plan NameSearchPlan, pass int) ([]client.Summary, error) {
	q, args := plan.Match(pass)
	found, err := t.summaries(q, args...)
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
// reading the summaries of the clients whose keys match. FindByName runs it; the
// baseline tool (cmd/kotobaseline) runs the very same statements as plain
// SQL, so that the two measure the same work.
type NameSearchPlan struct {
	d     dialect
	orgID string
	query names.Query
	limit int
}

// PlanNameSearch is FindByName's plan on engine ("sqlite" or "postgres").
func PlanNameSearch(engine, orgID string, query names.Query, limit int) NameSearchPlan {
	d := sqlite
	if engine == postgres.name {
		d = postgres
	}
	return NameSearchPlan{d: d, orgID: orgID, query: query, limit: limit}
}

// Match is the statement of pass (0 to NamePasses-1), with ? placeholders:
// the summaries of up to limit clients matching every token. Each token's
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
	// The matching ids are a LIMITed subquery, which both planners run
	// first and then look the clients up by primary key; the results are
	// put in name order in Go. (Ordered by name in SQL, the planners walk
	// the whole organisation in name order and probe the key set per row.)
	// One token needs no intersection: DISTINCT stops at the limit, where
	// GROUP BY would first collect every key row of a common name.
	match := `SELECT DISTINCT client_id FROM (` + sb.String() + `) m LIMIT ?`
	if len(p.query.Tokens) > 1 {
		match = `SELECT client_id FROM (` + sb.String() + `) m GROUP BY client_id HAVING COUNT(DISTINCT tok) = ? LIMIT ?`
		args = append(args, len(p.query.Tokens))
	}
	args = append(args, p.limit)
	return `SELECT ` + summaryColumns + ` FROM clients c WHERE c.org_id = ? AND c.id IN (` + match + `)`, append([]any{p.orgID}, args...)
}

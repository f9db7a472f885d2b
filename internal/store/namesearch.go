package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/crypto"
	"koto/internal/names"
)

// WithNameMatches runs fn in a transaction confined to orgID, with the
// ids of the clients whose every query token matches one of their name
// keys — at least limit of them when there are that many, in the order
// found. Cheap, precise passes come first and the broader ones run only
// while fewer than limit clients are found (whole tokens; then token
// prefixes and other spellings of the same name, same skeleton; then typos
// within one edit); every lookup is an equality on (org_id, key), the
// keys being keyed digests (NameSearchPlan).
//
// On SQLite the passes — most of a search's work — run before, in a read
// transaction beside the one writer (DB.matchNames), so that searches do not
// queue for it; on PostgreSQL, which has no single writer, in fn's own
// transaction. The ids disclose nothing by themselves: fn reads what the
// user sees (ClientSummaries) in the transaction that logs it (ADR 11).
func (s clientStore) WithNameMatches(ctx context.Context, orgID, q string, limit int, fn func(client.Tx, []string) error) error {
	plan, err := s.db.planNames(orgID, q, limit)
	if err != nil {
		return err
	}
	return s.db.withIDs(ctx, orgID, func(t *Tx) ([]string, error) { return t.matchNames(plan) }, fn)
}

// withIDs runs fn in a transaction confined to orgID with the client ids
// find yields: on SQLite find runs before, in a read transaction of its
// own beside the one writer, so that the writer does not wait for it; on
// PostgreSQL, which has no single writer, in fn's own transaction. The ids
// disclose nothing by themselves: fn reads what the user sees in the
// transaction that logs it (ADR 11).
func (db *DB) withIDs(ctx context.Context, orgID string, find func(*Tx) ([]string, error), fn func(client.Tx, []string) error) error {
	if db.dialect == postgres {
		return db.InOrgTx(ctx, orgID, func(t *Tx) error {
			ids, err := find(t)
			if err != nil {
				return err
			}
			return fn(t, ids)
		})
	}
	var ids []string
	err := db.inReadTx(ctx, orgID, func(t *Tx) error {
		var err error
		ids, err = find(t)
		return err
	})
	if err != nil {
		return err
	}
	return db.InOrgTx(ctx, orgID, func(t *Tx) error { return fn(t, ids) })
}

// matchNames runs the passes of plan in a read transaction of their own
// (on SQLite on the read pool).
func (db *DB) matchNames(ctx context.Context, plan NameSearchPlan) ([]string, error) {
	var ids []string
	err := db.inReadTx(ctx, plan.orgID, func(t *Tx) error {
		var err error
		ids, err = t.matchNames(plan)
		return err
	})
	return ids, err
}

func (db *DB) planNames(orgID, q string, limit int) (NameSearchPlan, error) {
	query, err := names.ParseQuery(q)
	if err != nil {
		return NameSearchPlan{}, apperr.OnField(apperr.Invalid, "search.name_invalid", "q")
	}
	return PlanNameSearch(db.dialect.name, db.ring, orgID, query, limit), nil
}

// matchNames runs the passes of plan.
func (t *Tx) matchNames(plan NameSearchPlan) ([]string, error) {
	return plan.Run(t.ids)
}

// ids runs a query whose one column is client ids.
func (t *Tx) ids(query string, args ...any) ([]string, error) {
	return collect(t, "match names", scanString, query, args...)
}

// ClientSummaries reads the summaries of the clients of orgID among ids,
// in name order; ids of other organisations or of deleted clients are
// left out.
func (t *Tx) ClientSummaries(orgID string, ids []string) ([]client.Summary, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	q, args := SummariesOf(t.db.dialect.name, orgID, ids)
	found, err := t.summaries(orgID, q, args...)
	slices.SortFunc(found, byName)
	return found, err
}

// SummariesOf is the statement of ClientSummaries on engine ("sqlite" or
// "postgres"), with ? placeholders; the baseline tool runs it too. The id
// list must drive the read, one primary-key look-up per id. So there is no
// ORDER BY (ordered by name, a planner may walk the whole organisation in
// name order; names are sealed anyway), and on PostgreSQL the ids are
// looked up behind an OFFSET 0 fence: on a table without statistics yet (a
// new organisation, or before autovacuum's first ANALYZE) PostgreSQL
// expects a handful of clients per organisation and would otherwise read
// every client of it through an org_id index and test each against the
// list. SQLite plans the look-up by id as it is.
func SummariesOf(engine, orgID string, ids []string) (string, []any) {
	d := dialectOf(engine)
	if d == postgres {
		return `SELECT ` + summaryColumns + ` FROM (SELECT id, org_id, koto_id, summary_enc, home_municipality, updated_at
			FROM clients WHERE ` + d.inList("id") + ` OFFSET 0) c JOIN client_keys k ON k.client_id = c.id WHERE c.org_id = ?`,
			[]any{d.listArg(ids), orgID}
	}
	return `SELECT ` + summaryColumns + ` FROM ` + summaryFrom + ` WHERE c.org_id = ? AND ` + d.inList("c.id"), []any{orgID, d.listArg(ids)}
}

// Run runs the passes of the plan through query, which returns the
// first column of what a statement selects as strings: the next pass only
// while fewer than the limit are found. It returns the ids without
// repeats, in the order found. The store and the baseline tool both run a
// search this way.
//
// A pass intersects the key rows of the tokens within the bound of key
// rows per lookup. When that finds fewer than the limit and a token of
// the query is broad (a lookup of it reaches the bound), its first key
// rows need not include the clients the other tokens narrow down to
// ("Ahmed H" would miss the Ahmed Husseins beyond the first key rows of
// "h"), so the pass is run again with the broad tokens checked per
// candidate. A pass that already found enough clients needs neither, and
// the typo pass stays within the bound (ADR 5).
func (p NameSearchPlan) Run(query func(q string, args ...any) ([]string, error)) ([]string, error) {
	var found []string
	seen := map[string]bool{}
	run := func(q string, args []any) error {
		ids, err := query(q, args...)
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				found = append(found, id)
			}
		}
		return err
	}
	for pass := 0; pass < NamePasses && len(found) < p.limit; pass++ {
		if err := run(p.match(pass, nil)); err != nil {
			return nil, err
		}
		if len(found) >= p.limit || len(p.query.Tokens) == 1 || pass == passTypos {
			continue
		}
		broad, err := p.broad(pass, query)
		if err != nil {
			return nil, err
		}
		// Not when every token is broad: such a query is too unspecific
		// to be worth reading the register for; the user narrows it down.
		if len(broad) > 0 && len(broad) < len(p.query.Tokens) {
			if err := run(p.match(pass, broad)); err != nil {
				return nil, err
			}
		}
	}
	return found, nil
}

// NamePasses is the number of passes of a name search.
const NamePasses = 3

const (
	passWhole = iota // "t:" key equal to the query token
	passClose        // token prefix, same skeleton
	passTypos        // all of the above and one-edit keys
)

// maxKeyRows bounds the key rows one lookup of a query token reads, so a
// very common name or a one-letter prefix cannot make one search read a
// large part of the register.
const maxKeyRows = 5000

// NameSearchPlan is the SQL of one name search (Run). WithNameMatches
// runs it; the baseline tool (cmd/kotobaseline) runs the very same
// statements as plain SQL, so that the two measure the same work.
//
// The index holds keyed digests of the name keys (NameIndexKeys), which
// can only be compared for equality: where the keys were searched by a
// prefix range ("t:" keys from "t:muh"), the plan looks up the digests of
// the query token's names.QueryToken.PrefixKeys, which stand for the same
// rows (ADR 13).
type NameSearchPlan struct {
	d       dialect
	orgID   string
	query   names.Query
	tokens  []tokenDigests
	limit   int
	keyRows int // maxKeyRows; smaller in tests
}

// tokenDigests are the digests of one query token's keys.
type tokenDigests struct {
	whole  []byte   // "t:" + token
	prefix [][]byte // PrefixKeys
	close  [][]byte // Close
	exact  [][]byte // Exact
}

// PlanNameSearch is WithNameMatches's plan on engine ("sqlite" or
// "postgres") for the name index that ring keys for orgID.
func PlanNameSearch(engine string, ring *crypto.MasterRing, orgID string, query names.Query, limit int) NameSearchPlan {
	p := NameSearchPlan{d: dialectOf(engine), orgID: orgID, query: query, limit: limit, keyRows: maxKeyRows}
	for _, tok := range query.Tokens {
		prefix, closeKeys := tok.PrefixKeys(), tok.Close()
		all := nameDigests(ring, orgID, slices.Concat(prefix, closeKeys, tok.Exact))
		p.tokens = append(p.tokens, tokenDigests{
			whole:  all[1], // PrefixKeys()[1] is Prefix
			prefix: all[:len(prefix)],
			close:  all[len(prefix) : len(prefix)+len(closeKeys)],
			exact:  all[len(prefix)+len(closeKeys):],
		})
	}
	return p
}

// dialectOf is the dialect of engine ("sqlite" or "postgres").
func dialectOf(engine string) dialect {
	if engine == postgres.name {
		return postgres
	}
	return sqlite
}

// keyLookup is one index lookup of a query token: a condition on a key
// column (with ? placeholders) and its arguments.
type keyLookup struct {
	cond func(col string) string
	args []any
}

// lookups are the key lookups of token tokNo in pass: separate lookups
// rather than one list, so that a bound on the key rows of one (the
// prefix, a common name) does not crowd out the other.
func (p NameSearchPlan) lookups(pass, tokNo int) []keyLookup {
	tok := p.tokens[tokNo]
	if pass == passWhole {
		return []keyLookup{{func(col string) string { return col + ` = ?` }, []any{tok.whole}}}
	}
	out := []keyLookup{{p.d.inBytesList, []any{p.d.bytesListArg(tok.prefix)}}}
	exact := tok.exact
	if pass == passClose {
		exact = tok.close
	}
	if len(exact) > 0 {
		out = append(out, keyLookup{p.d.inBytesList, []any{p.d.bytesListArg(exact)}})
	}
	return out
}

// broad returns the numbers of the query's broad tokens in pass.
func (p NameSearchPlan) broad(pass int, query func(q string, args ...any) ([]string, error)) (map[int]bool, error) {
	q, args := p.broadTokens(pass)
	numbers, err := query(q, args...)
	if err != nil {
		return nil, err
	}
	broad := map[int]bool{}
	for _, n := range numbers {
		i, err := strconv.Atoi(n)
		if err != nil {
			return nil, fmt.Errorf("broad token number %q: %w", n, err)
		}
		broad[i] = true
	}
	return broad, nil
}

// broadTokens is the statement selecting the numbers of the tokens that
// have a lookup in pass matching more than keyRows key rows. Each count
// stops at keyRows+1.
func (p NameSearchPlan) broadTokens(pass int) (string, []any) {
	var parts []string
	var args []any
	for i := range p.query.Tokens {
		var over []string
		for _, l := range p.lookups(pass, i) {
			over = append(over, `(SELECT COUNT(*) FROM (SELECT 1 FROM client_search_keys WHERE org_id = ? AND `+
				l.cond("key")+` LIMIT `+strconv.Itoa(p.keyRows+1)+`) x) > `+strconv.Itoa(p.keyRows))
			args = append(append(args, p.orgID), l.args...)
		}
		parts = append(parts, `SELECT '`+strconv.Itoa(i)+`' AS tok WHERE `+strings.Join(over, ` OR `))
	}
	return strings.Join(parts, ` UNION ALL `), args
}

// match is the statement of pass (0 to NamePasses-1), with ? placeholders:
// the ids of up to limit clients matching every token. The key rows of the
// tokens not in broad (at least one) are intersected, each within the
// bound, and each token in broad is checked per candidate through the
// (client_id, key) index.
func (p NameSearchPlan) match(pass int, broad map[int]bool) (string, []any) {
	var sets, checks []string
	var keyArgs, checkArgs []any
	for i := range p.query.Tokens {
		if broad[i] {
			var either []string
			for _, l := range p.lookups(pass, i) {
				either = append(either, `(`+l.cond("k.key")+`)`)
				checkArgs = append(checkArgs, l.args...)
			}
			// One search of the client's few keys, each tested against
			// the lookups: cheaper than an index search per lookup key.
			checks = append(checks, `EXISTS (SELECT 1 FROM client_search_keys k WHERE k.client_id = m.client_id AND (`+strings.Join(either, ` OR `)+`))`)
			continue
		}
		var rows []string
		for _, l := range p.lookups(pass, i) {
			rows = append(rows, `SELECT client_id FROM (SELECT client_id FROM client_search_keys WHERE org_id = ? AND `+
				l.cond("key")+` LIMIT `+strconv.Itoa(p.keyRows)+`) b`+strconv.Itoa(i)+`_`+strconv.Itoa(len(rows)))
			keyArgs = append(append(keyArgs, p.orgID), l.args...)
		}
		sets = append(sets, `SELECT client_id FROM (`+strings.Join(rows, ` UNION ALL `)+`) t`+strconv.Itoa(i))
	}
	// One token needs no intersection: DISTINCT stops at the limit. Several
	// are intersected with INTERSECT, which on SQLite measured about a third
	// cheaper than grouping the key rows by client (GROUP BY … HAVING
	// COUNT(DISTINCT token) = n).
	candidates := `SELECT DISTINCT client_id FROM (` + sets[0] + `) m`
	if len(sets) > 1 {
		candidates = `SELECT client_id FROM (` + strings.Join(sets, ` INTERSECT `) + `) m`
	}
	if len(checks) == 0 {
		return candidates + ` LIMIT ?`, append(keyArgs, p.limit)
	}
	return `SELECT client_id FROM (` + candidates + `) m WHERE ` + strings.Join(checks, ` AND `) + ` LIMIT ?`,
		append(append(keyArgs, checkArgs...), p.limit)
}

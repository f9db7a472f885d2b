package names

import "strings"

// Points of Score for one query token, by the best way it matches a name
// token. The points of the query tokens add up, so a candidate matching
// more tokens, or matching them more closely, ranks higher.
const (
	scoreExact    = 100 // the folded tokens are equal
	scorePrefix   = 70  // the query token is a prefix of a name token
	scoreSkeleton = 50  // same Skeleton (a romanisation variant)
	scoreEdit1    = 30  // tokens or skeletons one edit apart (a typo)
	scoreEdit2    = 10  // skeletons two edits apart (deletion-key near miss)
)

// Score ranks a candidate returned by the store for query: higher is
// better, 0 means no token of the query resembles the name. For each query
// token (as ParseQuery splits it) it takes the best of exact token
// equality > prefix > same skeleton > one edit (tokens or skeletons) > two
// skeleton edits over the candidate's tokens, and sums them. A query that
// ParseQuery rejects scores 0. Only the current names are scored; a
// candidate found through a previous name gets 0 for that part and so
// ranks after current-name matches.
func Score(query string, firstNames, lastName string) int {
	return NewScorer(query).Score(firstNames, lastName)
}

// Scorer scores many candidates against one query (a search ranks up to
// a few hundred): the query is split and its skeletons made once.
type Scorer struct {
	terms []scoredTerm
}

type scoredTerm struct {
	token, skel, alt, altSkel string
}

// NewScorer prepares query for Score.
func NewScorer(query string) Scorer {
	if len(query) > MaxQueryBytes {
		return Scorer{}
	}
	var s Scorer
	for _, t := range queryTerms(query) {
		st := scoredTerm{token: t.token, skel: Skeleton(t.token), alt: t.alt}
		if t.alt != "" {
			st.altSkel = Skeleton(t.alt)
		}
		s.terms = append(s.terms, st)
	}
	return s
}

// Score is Score(query, firstNames, lastName) for the scorer's query.
func (s Scorer) Score(firstNames, lastName string) int {
	if len(s.terms) == 0 {
		return 0
	}
	name := nameTokens{tokens: Tokens(firstNames + " " + lastName)}
	total := 0
	for _, t := range s.terms {
		best := name.score(t.token, t.skel)
		if t.alt != "" && best < scoreExact {
			best = max(best, name.score(t.alt, t.altSkel))
		}
		total += best
	}
	return total
}

// nameTokens are a candidate's tokens and, made only when a comparison
// needs them, their skeletons: most candidates of a search match a query
// token exactly or by prefix, and Skeleton is the costly part of scoring.
type nameTokens struct {
	tokens, skels []string
}

func (n *nameTokens) skel(i int) string {
	if n.skels == nil {
		n.skels = make([]string, len(n.tokens))
		for j, t := range n.tokens {
			n.skels[j] = Skeleton(t)
		}
	}
	return n.skels[i]
}

// score returns the best points of query token q (skeleton qs) against the
// name's tokens.
func (n *nameTokens) score(q, qs string) int {
	best := 0
	for i, t := range n.tokens {
		p := 0
		switch {
		case t == q:
			return scoreExact
		case strings.HasPrefix(t, q):
			p = scorePrefix
		case best >= scoreSkeleton:
			continue // nothing below prefix can beat it
		case n.skel(i) == qs:
			p = scoreSkeleton
		case best >= scoreEdit1:
			continue
		case levenshtein(t, q) <= 1 || levenshtein(n.skel(i), qs) <= 1:
			p = scoreEdit1
		case best < scoreEdit2 && levenshtein(n.skel(i), qs) <= 2:
			p = scoreEdit2
		}
		best = max(best, p)
	}
	return best
}

// levenshtein returns the edit distance (insertions, deletions and
// substitutions of one rune each) between a and b.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	// One row of the classic table, over the shorter string.
	row := make([]int, len(rb)+1)
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		diag := row[0] // the value of row[j-1] before this round
		row[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			next := min(row[j]+1, row[j-1]+1, diag+cost)
			diag = row[j]
			row[j] = next
		}
	}
	return row[len(rb)]
}

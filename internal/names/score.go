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
	if len(query) > MaxQueryBytes {
		return 0
	}
	nameTokens := Tokens(firstNames + " " + lastName)
	nameSkels := make([]string, len(nameTokens))
	for i, t := range nameTokens {
		nameSkels[i] = Skeleton(t)
	}
	total := 0
	for _, t := range queryTerms(query) {
		best := scoreToken(t.token, nameTokens, nameSkels)
		if t.alt != "" {
			best = max(best, scoreToken(t.alt, nameTokens, nameSkels))
		}
		total += best
	}
	return total
}

// scoreToken returns the best points of one query token against the
// name tokens and their skeletons.
func scoreToken(q string, tokens, skels []string) int {
	qs := Skeleton(q)
	best := 0
	for i, t := range tokens {
		p := 0
		switch {
		case t == q:
			p = scoreExact
		case strings.HasPrefix(t, q):
			p = scorePrefix
		case skels[i] == qs:
			p = scoreSkeleton
		case levenshtein(t, q) <= 1 || levenshtein(skels[i], qs) <= 1:
			p = scoreEdit1
		case levenshtein(skels[i], qs) <= 2:
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

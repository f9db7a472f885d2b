package names

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// Query limits.
const (
	// MaxQueryBytes is the longest query ParseQuery accepts.
	MaxQueryBytes = 200
	// MaxQueryTokens is how many query tokens are used; further tokens are
	// ignored rather than rejected, because Somali and Arabic full names
	// (own, father's and grandfather's name, tribe) often have more parts
	// and the first five already narrow the search well.
	MaxQueryTokens = 5
)

// Errors of ParseQuery.
var (
	ErrEmptyQuery   = errors.New("names: query has no letters or digits")
	ErrQueryTooLong = errors.New("names: query is too long")
)

// Query is a parsed name query: a client matches when it matches every
// token (AND).
type Query struct {
	Tokens []QueryToken
}

// QueryToken is one query word. A client matches it when at least one of
// the client's keys k satisfies
//
//	(k >= Prefix && k < PrefixEnd(Prefix)) || k in Exact
//
// comparing strings byte-wise.
type QueryToken struct {
	// Prefix is "t:"+token; every stored token starting with the query
	// token matches ("muh" finds Muhammad).
	Prefix string
	// Exact are "s:", "d:" and "t:" keys matched by equality; at most
	// 64 of them.
	Exact []string
}

// PrefixEnd returns the exclusive upper bound of the keys that start with
// p: every valid UTF-8 string s with prefix p, other than p+"\U0010FFFF…",
// satisfies p <= s < PrefixEnd(p) byte-wise. Keys never contain
// U+10FFFF (Fold keeps only letters and digits), so the bound is exact.
// U+FFFF would not be: letters beyond the Basic Multilingual Plane (for
// example the Adlam script used for Fula) encode above it.
func PrefixEnd(p string) string {
	return p + string(utf8.MaxRune)
}

// term is one query word: the folded token and, for the Arabic article, a
// variant without it that is matched exactly.
type term struct {
	token string
	alt   string
}

// queryTerms splits a query into terms. The Arabic article is merged with
// the next word ("al hassan" -> token "alhassan", alt "hassan") and a
// joined article is stripped into alt ("alhassan" -> alt "hassan"), so
// that "Al-Hassan", "Al Hassan", "Alhassan" and "Hassan" find each other:
// as a separate AND term "al" would exclude every plain "Hassan".
// Duplicate tokens are dropped; at most MaxQueryTokens terms are returned.
func queryTerms(q string) []term {
	surface := splitFolded(q)
	var out []term
	seen := make(map[string]bool)
	for i := 0; i < len(surface) && len(out) < MaxQueryTokens; i++ {
		t := term{token: surface[i]}
		if isArticle(t.token) && i+1 < len(surface) {
			t.alt = surface[i+1]
			t.token = truncate(t.token+t.alt, MaxTokenBytes)
			i++
		} else if rest, ok := stripArticle(t.token); ok {
			t.alt = rest
		}
		if !seen[t.token] {
			seen[t.token] = true
			out = append(out, t)
		}
	}
	return out
}

// ParseQuery parses a free-text name query into keys for the store (see
// the package documentation for the matching contract). It returns
// ErrQueryTooLong for a query over MaxQueryBytes bytes and ErrEmptyQuery
// when the query has no letters or digits. For each token with skeleton s
// (n runes) the Exact keys are:
//
//	"s:"+s                        same skeleton
//	"d:"+s            if fuzzy(n+1)  s is a stored skeleton minus one rune
//	                                 (the query left a letter out)
//	"s:"+x, "d:"+x    if fuzzy(n)    for each deletion x of s: a stored
//	                                 skeleton equals x (the query has an
//	                                 extra letter) or shares the deletion x
//	                                 (a substituted or swapped letter)
//	"t:"+alt, "s:"+Skeleton(alt)     for the article-less variant, if any
//
// Together with Prefix that is at most 2+2*MaxFuzzyLen+3 keys per token.
func ParseQuery(q string) (Query, error) {
	if len(q) > MaxQueryBytes {
		return Query{}, ErrQueryTooLong
	}
	terms := queryTerms(q)
	if len(terms) == 0 {
		return Query{}, ErrEmptyQuery
	}
	query := Query{Tokens: make([]QueryToken, 0, len(terms))}
	for _, t := range terms {
		query.Tokens = append(query.Tokens, queryToken(t))
	}
	return query, nil
}

// queryToken builds the keys of one term.
func queryToken(t term) QueryToken {
	qt := QueryToken{Prefix: KindToken + t.token}
	seen := make(map[string]bool)
	add := func(key string) {
		if !seen[key] {
			seen[key] = true
			qt.Exact = append(qt.Exact, key)
		}
	}
	sk := Skeleton(t.token)
	n := utf8.RuneCountInString(sk)
	add(KindSkeleton + sk)
	if fuzzy(n + 1) {
		add(KindDeletion + sk)
	}
	if fuzzy(n) {
		for _, d := range deletions(sk) {
			add(KindDeletion + d)
			add(KindSkeleton + d)
		}
	}
	if t.alt != "" {
		add(KindToken + t.alt)
		add(KindSkeleton + Skeleton(t.alt))
	}
	return qt
}

// PrefixKeys returns the keys that stand for the prefix range of Prefix in
// a store matching by equality only (Keys.EqualityKeys): "p:"+token, the
// token as a proper prefix of a longer one, and Prefix itself, the whole
// token. A client matches the query token there when one of its keys
// equals one of these or of Exact.
func (qt QueryToken) PrefixKeys() []string {
	return []string{KindPrefix + qt.Prefix[len(KindToken):], qt.Prefix}
}

// Close returns the Exact keys that match other spellings of the same name
// (same skeleton, or the form without an al-/el- particle); Typos returns
// the rest, which match within one edit. A search tries Close keys before
// Typos keys, because the first are cheaper and better matches.
func (qt QueryToken) Close() []string {
	var out []string
	for i, k := range qt.Exact {
		if i == 0 || strings.HasPrefix(k, KindToken) || (strings.HasPrefix(k, KindSkeleton) && qt.isAltSkeleton(i)) {
			out = append(out, k)
		}
	}
	return out
}

// Typos returns the Exact keys not in Close.
func (qt QueryToken) Typos() []string {
	close := map[string]bool{}
	for _, k := range qt.Close() {
		close[k] = true
	}
	var out []string
	for _, k := range qt.Exact {
		if !close[k] {
			out = append(out, k)
		}
	}
	return out
}

// isAltSkeleton reports whether Exact[i] is the skeleton of the particle-free
// alternative, which queryToken adds right after its "t:" key.
func (qt QueryToken) isAltSkeleton(i int) bool {
	return i > 0 && strings.HasPrefix(qt.Exact[i-1], KindToken)
}

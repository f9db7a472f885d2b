package names

import "unicode/utf8"

// Key kinds. Every key starts with one of these so that the kinds share one
// column without colliding.
const (
	KindToken    = "t:" // folded token, matched by prefix range
	KindSkeleton = "s:" // Skeleton of a token, matched by equality
	KindDeletion = "d:" // a skeleton with one rune deleted, by equality
	// KindPrefix marks a proper prefix of a folded token. A store that can
	// match keys by equality only — one that keeps keyed digests of them,
	// which have no order — saves these instead of searching a range of
	// "t:" keys (EqualityKeys, QueryToken.PrefixKeys).
	KindPrefix = "p:"
)

// Fuzzy (deletion) keys are made only for skeletons whose length in runes
// is within [MinFuzzyLen, MaxFuzzyLen].
//
// The lower bound keeps short names exact: skeletons keep a vowel marker
// per syllable, so a 4-rune skeleton is a short name ("alha" for Olga) and
// one edit on it would reach unrelated names ("ala": Ali, Olli, Ella). The
// upper bound keeps a query token under 64 keys and a client's keys
// bounded; real name skeletons are far shorter.
const (
	MinFuzzyLen = 5
	MaxFuzzyLen = 24
)

// MaxIndexTokens bounds how many distinct tokens of one client are indexed;
// further tokens (only in implausibly long names) are ignored.
const MaxIndexTokens = 32

// fuzzy reports whether a skeleton of n runes gets deletion keys.
func fuzzy(n int) bool {
	return n >= MinFuzzyLen && n <= MaxFuzzyLen
}

// deletions returns the distinct strings made by deleting one rune of s, in
// order of the deleted position.
func deletions(s string) []string {
	out := make([]string, 0, utf8.RuneCountInString(s))
	seen := make(map[string]bool, cap(out))
	for i, r := range s {
		d := s[:i] + s[i+utf8.RuneLen(r):]
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}

// Keys are the search keys of one client, split by how the store matches
// them.
type Keys struct {
	// Prefix holds the "t:" keys, one per token; a query token matches
	// them by prefix range (and, for derived query variants, equality).
	Prefix []string
	// Fuzzy holds the "s:" and "d:" keys, matched by equality only.
	Fuzzy []string
}

// All returns Prefix followed by Fuzzy.
func (k Keys) All() []string {
	out := make([]string, 0, len(k.Prefix)+len(k.Fuzzy))
	out = append(out, k.Prefix...)
	return append(out, k.Fuzzy...)
}

// NewKeys returns the search keys of a client with the given first names,
// last name and previous names (earlier surnames, other spellings on older
// documents). Each field is tokenised on its own with Tokens. For every
// distinct token t with skeleton s it yields "t:"+t and "s:"+s, and, when
// fuzzy(len(s)), "d:"+x for every one-rune deletion x of s. Keys are
// distinct and in a deterministic order.
//
// A typical client (three tokens, skeletons of 3–10 runes) has about 20
// keys, 15–35 depending on name length; the hard upper bound is
// MaxIndexTokens*(2+MaxFuzzyLen).
func NewKeys(firstNames, lastName string, previousNames []string) Keys {
	fields := append([]string{firstNames, lastName}, previousNames...)
	var k Keys
	seen := make(map[string]bool)
	add := func(list *[]string, key string) {
		if !seen[key] {
			seen[key] = true
			*list = append(*list, key)
		}
	}
	tokens := 0
	for _, f := range fields {
		for _, t := range Tokens(f) {
			if seen[KindToken+t] {
				continue
			}
			if tokens == MaxIndexTokens {
				return k
			}
			tokens++
			add(&k.Prefix, KindToken+t)
			sk := Skeleton(t)
			add(&k.Fuzzy, KindSkeleton+sk)
			if fuzzy(utf8.RuneCountInString(sk)) {
				for _, d := range deletions(sk) {
					add(&k.Fuzzy, KindDeletion+d)
				}
			}
		}
	}
	return k
}

// PrefixKeys returns a "p:" key for every proper prefix of every token of
// k.Prefix (one rune shorter than the token down to its first rune),
// distinct, in order: "t:olga" gives "p:o", "p:ol", "p:olg". A query token
// q matches a token t by prefix ("t:"+t is in the range of "t:"+q) exactly
// when "p:"+q or "t:"+q is among a client's PrefixKeys and k.Prefix, for
// a proper prefix and for the whole token alike.
//
// A token of n runes gives n-1 keys, so a typical client (three tokens of
// 4–8 runes) gets about 15 of them besides its All() keys.
func (k Keys) PrefixKeys() []string {
	var out []string
	seen := make(map[string]bool)
	for _, key := range k.Prefix {
		tok := key[len(KindToken):]
		for i := range tok {
			if i == 0 {
				continue
			}
			p := KindPrefix + tok[:i]
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// EqualityKeys returns the keys a store matching by equality only saves
// for a client: All() followed by PrefixKeys(). See QueryToken.PrefixKeys
// for the query side.
func (k Keys) EqualityKeys() []string {
	return append(k.All(), k.PrefixKeys()...)
}

// IndexKeys returns all keys to store for a client: NewKeys(...).All().
// The store replaces a client's keys whenever any of the names changes.
func IndexKeys(firstNames, lastName string, previousNames []string) []string {
	return NewKeys(firstNames, lastName, previousNames).All()
}

package names

import (
	"strings"
	"unicode/utf8"
)

// MaxTokenBytes bounds the length of one token (and so of every key). Longer
// tokens are cut at a rune boundary, the same way for stored names and
// queries, so they still match each other.
const MaxTokenBytes = 64

// splitFolded returns the tokens of Fold(s) in order, each cut to
// MaxTokenBytes. Fold has already turned spaces, hyphens, dots, commas and
// every other separator into single spaces, and removed apostrophes.
func splitFolded(s string) []string {
	fields := strings.Fields(Fold(s))
	for i, f := range fields {
		fields[i] = truncate(f, MaxTokenBytes)
	}
	return fields
}

// truncate cuts s to at most n bytes without splitting a rune.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// isArticle reports whether t is the Arabic definite article as it appears
// in romanised surnames (al-, el-). Other particles (bin, ibn, abu, ul) are
// ordinary tokens.
func isArticle(t string) bool {
	return t == "al" || t == "el"
}

// stripArticle returns t without a leading "al"/"el" when what follows looks
// like the rest of a joined surname ("alhassan" -> "hassan"). The remainder
// must have at least three letters and start with a consonant: Arabic names
// joined to the article nearly always do (the article assimilates before
// vowels only in writing like "Al-Amin", which is usually hyphenated), while
// ordinary names starting with al/el are mostly followed by a vowel
// (Alexander, Alina, Elena, Elias). Some false splits remain (Albert ->
// "bert"); they only add a token, they never hide one.
func stripArticle(t string) (string, bool) {
	if len(t) < 2 || (t[:2] != "al" && t[:2] != "el") {
		return "", false
	}
	rest := t[2:]
	if utf8.RuneCountInString(rest) < 3 {
		return "", false
	}
	c := rest[0]
	if c < 'a' || c > 'z' || strings.IndexByte("aeiou", c) >= 0 {
		return "", false
	}
	return rest, true
}

// Tokens returns the folded tokens of a full name, deduplicated, in order
// of first appearance, without empty tokens. Tokens are split on every
// separator Fold recognises (space, hyphen, dot, comma, ...); apostrophes
// join instead (see Fold). Particles (al, el, bin, ibn, abu, ul) are kept as
// tokens. For the Arabic article two more tokens are added so that
// "Al-Hassan", "Alhassan" and "Hassan" all share a token:
//
//	"Al-Hassan" -> al, hassan, alhassan   (joined form)
//	"Alhassan"  -> alhassan, hassan       (stripped form, see stripArticle)
func Tokens(fullName string) []string {
	surface := splitFolded(fullName)
	out := make([]string, 0, len(surface)+2)
	seen := make(map[string]bool, len(surface)+2)
	add := func(t string) {
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for i, t := range surface {
		add(t)
		if isArticle(t) && i+1 < len(surface) {
			add(truncate(t+surface[i+1], MaxTokenBytes))
		}
		if rest, ok := stripArticle(t); ok {
			add(rest)
		}
	}
	return out
}

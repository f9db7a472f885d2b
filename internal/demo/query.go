package demo

import "math/rand/v2"

// NameQuery draws a name search as a caseworker might type it: a given
// name, a surname, the first letters of a surname or a full name, from a
// background chosen by weight. The name lists hold several romanisations
// of the same names, so the queries exercise the tolerant search. Load
// tools use it; the result is synthetic, never a real person's name.
func NameQuery(r *rand.Rand) string {
	b := pickWeighted(r, Backgrounds, func(b Background) int { return b.Weight })
	first := pick(r, b.MaleFirst)
	if r.IntN(2) == 0 {
		first = pick(r, b.FemaleFirst)
	}
	last := pick(r, b.Last)
	switch r.IntN(4) {
	case 0:
		return first
	case 1:
		return last
	case 2:
		runes := []rune(last)
		return string(runes[:min(len(runes), 3+r.IntN(3))])
	default:
		return first + " " + last
	}
}

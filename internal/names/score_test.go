package names

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// referenceScore is Score written plainly, every skeleton made and every
// comparison done: Scorer must rank exactly as it does.
func referenceScore(query, firstNames, lastName string) int {
	if len(query) > MaxQueryBytes {
		return 0
	}
	tokens := Tokens(firstNames + " " + lastName)
	skels := make([]string, len(tokens))
	for i, t := range tokens {
		skels[i] = Skeleton(t)
	}
	one := func(q string) int {
		qs, best := Skeleton(q), 0
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
	total := 0
	for _, t := range queryTerms(query) {
		best := one(t.token)
		if t.alt != "" {
			best = max(best, one(t.alt))
		}
		total += best
	}
	return total
}

func TestScorerAgreesWithReference(t *testing.T) {
	pool := []string{"Mohammed", "Muhammad", "Mohamed", "Ali", "Al-Hassan", "Hassan", "Hasan", "Ahmad",
		"Ahmed", "Fatima", "Fatma", "Olena", "Olga", "Oleksandr", "Aleksandr", "Nguyen", "Thi", "Van",
		"Abdi", "Abdullahi", "Jama", "Yusuf", "Jusuf", "Korhonen", "Virtanen", "Šarapova", "Zhang",
		"Мария", "Ivanova", "Ivanov", "Tran", "Kovalenko", "Kowalenko", "Somchai", "Ayaan", "Aisha"}
	r := rand.New(rand.NewPCG(1, 2))
	typo := func(s string) string {
		rs := []rune(s)
		if len(rs) < 3 {
			return s
		}
		i := r.IntN(len(rs))
		switch r.IntN(3) {
		case 0:
			return string(rs[:i]) + string(rs[i+1:])
		case 1:
			return string(rs[:i]) + "e" + string(rs[i:])
		default:
			return string(rs[:i]) + "a" + string(rs[i+1:])
		}
	}
	word := func() string {
		w := pool[r.IntN(len(pool))]
		switch r.IntN(4) {
		case 0:
			return typo(w)
		case 1:
			rs := []rune(w)
			return string(rs[:min(len(rs), 2+r.IntN(4))])
		}
		return w
	}
	for range 20000 {
		query := word()
		for range r.IntN(3) {
			query += " " + word()
		}
		first, last := pool[r.IntN(len(pool))], pool[r.IntN(len(pool))]
		if r.IntN(2) == 0 {
			first += " " + pool[r.IntN(len(pool))]
		}
		if got, want := NewScorer(query).Score(first, last), referenceScore(query, first, last); got != want {
			t.Fatalf("Score(%q, %q %q) = %d, reference %d", query, first, last, got, want)
		}
	}
}

func BenchmarkScorer(b *testing.B) {
	s := NewScorer("Mohammed Ali")
	for b.Loop() {
		s.Score("Muhammad Abdi", "Ali")
		s.Score("Fatima", "Hassan")
	}
}

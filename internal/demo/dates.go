package demo

import (
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"koto/internal/civil"
)

// Birth dates span 1950-01-01..2023-12-31. Every generated client owns a
// HETU slot — a birth date and one of 50 individual-number pairs — derived
// from its index alone, so that HETUs never collide whatever the order of
// creation and however many workers create them.
var (
	firstBirth = civil.Date{Year: 1950, Month: time.January, Day: 1}
	lastBirth  = civil.Date{Year: 2023, Month: time.December, Day: 31}
)

const (
	// pairs is how many individual numbers of each parity 900–999 holds.
	pairs = 50
	// columnStride spreads the 50 columns over the start of the date
	// permutation, so consecutive clients get different birth dates that
	// still follow the age weighting.
	columnStride = 20
)

// asOf is the "today" of generated histories: fixed so a seed always gives
// the same data, and in the past so every date passes validation.
var asOf = civil.Date{Year: 2026, Month: time.January, Day: 1}

// epochDay and dateOf convert between dates and day numbers.
func epochDay(d civil.Date) int { return int(d.Time().Unix() / 86400) }
func dateOf(n int) civil.Date   { return civil.DateOf(time.Unix(int64(n)*86400, 0).UTC()) }

// ageWeight favours people of working age (20–45 in 2026), who are most of
// the integration clientele, then children, then older adults.
func ageWeight(year int) float64 {
	switch age := 2026 - year; {
	case age >= 20 && age <= 45:
		return 6
	case age < 20:
		return 2.5
	case age <= 55:
		return 2
	default:
		return 0.6
	}
}

// birthDatePermutation orders every birth date of the range by a weighted
// random key (Efraimidis–Spirakis: u^(1/w), largest first), so that any
// prefix of the order is a weighted sample without replacement.
func birthDatePermutation(seed int64) []int32 {
	first, last := epochDay(firstBirth), epochDay(lastBirth)
	r := rand.New(rand.NewPCG(uint64(seed), math.MaxUint64))
	type keyed struct {
		day int32
		key float64
	}
	all := make([]keyed, 0, last-first+1)
	for d := first; d <= last; d++ {
		w := ageWeight(dateOf(d).Year)
		all = append(all, keyed{int32(d), math.Pow(r.Float64(), 1/w)})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].key > all[j].key })
	out := make([]int32, len(all))
	for i, k := range all {
		out[i] = k.day
	}
	return out
}

// slot returns client i's birth date and individual number of the given
// sex: column k = i mod 50 picks the pair (900+2k, 901+2k), row q = i / 50
// walks the permutation. Within a column every row has its own date, so
// (date, individual) is unique for i < Capacity.
func (g *Generator) slot(i int, male bool) (civil.Date, int) {
	k, q := i%pairs, i/pairs
	d := g.births[(q+k*columnStride)%len(g.births)]
	n := 900 + 2*k
	if male {
		n++
	}
	return dateOf(int(d)), n
}

// addDays returns d moved by n days.
func addDays(d civil.Date, n int) civil.Date { return dateOf(epochDay(d) + n) }

// minDate returns the earlier date.
func minDate(a, b civil.Date) civil.Date {
	if a.After(b) {
		return b
	}
	return a
}

// maxDate returns the later date.
func maxDate(a, b civil.Date) civil.Date {
	if a.Before(b) {
		return b
	}
	return a
}

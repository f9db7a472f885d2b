package demo

import (
	"reflect"
	"testing"

	"koto/internal/civil"
)

func TestGeneratorDeterministic(t *testing.T) {
	a, b := NewGenerator(42), NewGenerator(42)
	for _, i := range []int{0, 1, 999, 123456} {
		ma, da := a.Client(i)
		mb, db := b.Client(i)
		if ma.Code != mb.Code || !reflect.DeepEqual(da, db) {
			t.Errorf("client %d differs between generators of one seed", i)
		}
	}
	_, first := a.Client(0)
	_, other := NewGenerator(43).Client(0)
	if first.FirstNames+first.LastName == other.FirstNames+other.LastName && first.BirthDate == other.BirthDate {
		t.Errorf("seeds 42 and 43 give the same first client")
	}
}

// TestGeneratedClientsValid runs the client validation over many generated
// clients and checks the HETU rules: 900–999, parity matching the sex, no
// duplicates, about 8% without.
func TestGeneratedClientsValid(t *testing.T) {
	g := NewGenerator(1)
	today := civil.Date{Year: 2026, Month: 1, Day: 1}
	seen := map[string]bool{}
	without, stateless, interpreter := 0, 0, 0
	const n = 20000
	for i := range n {
		_, d := g.Client(i)
		if err := d.Validate(today); err != nil {
			t.Fatalf("client %d invalid: %v", i, describe(err))
		}
		if d.HETU == "" {
			without++
		} else if seen[d.HETU] {
			t.Fatalf("client %d repeats a HETU", i)
		} else {
			seen[d.HETU] = true
		}
		if d.Stateless {
			stateless++
		}
		if d.InterpreterNeeded {
			interpreter++
		}
		for _, p := range d.Permits {
			if !p.DecisionDate.IsZero() && p.DecisionDate.Before(p.ApplicationDate) || p.ApplicationDate.Before(d.BirthDate) {
				t.Fatalf("client %d: permit dates out of order", i)
			}
		}
		if !d.MunicipalityRegistered.IsZero() && d.MunicipalityRegistered.Before(d.ArrivalDate) {
			t.Fatalf("client %d registered before arrival", i)
		}
	}
	share := func(k int) float64 { return float64(k) / n * 100 }
	if s := share(without); s < 6 || s > 10 {
		t.Errorf("%.1f%% without HETU, want about 8%%", s)
	}
	if s := share(stateless); s < 0.5 || s > 4 {
		t.Errorf("%.1f%% stateless, want about 2%%", s)
	}
	if s := share(interpreter); s < 30 || s > 45 {
		t.Errorf("%.1f%% need an interpreter, want about 40%%", s)
	}
}

func TestSlotsDistinctAcrossCapacity(t *testing.T) {
	g := NewGenerator(3)
	seen := make(map[[2]int]bool, g.Capacity())
	for i := range g.Capacity() {
		d, n := g.slot(i, i%3 == 0)
		key := [2]int{epochDay(d), n &^ 1}
		if seen[key] || n < 900 || n > 999 {
			t.Fatalf("slot %d: %v/%d repeats or is out of range", i, d, n)
		}
		seen[key] = true
	}
}

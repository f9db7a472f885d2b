package demo

import (
	"testing"
	"unicode"

	"koto/internal/names"
)

func TestBackgrounds(t *testing.T) {
	if len(Backgrounds) < 9 {
		t.Fatalf("%d backgrounds, want at least 9", len(Backgrounds))
	}
	codes := make(map[string]bool)
	for _, b := range Backgrounds {
		if b.Code == "" || codes[b.Code] {
			t.Errorf("empty or duplicate code %q", b.Code)
		}
		codes[b.Code] = true
		if b.Weight <= 0 {
			t.Errorf("%s: weight %d", b.Code, b.Weight)
		}
		if n := len(b.MotherTongue); n != 2 && b.MotherTongue != "ckb" {
			t.Errorf("%s: mother tongue %q is not ISO 639-1 (or ckb)", b.Code, b.MotherTongue)
		}
		for _, c := range b.Citizenships {
			if len(c) != 2 || !unicode.IsUpper(rune(c[0])) || !unicode.IsUpper(rune(c[1])) {
				t.Errorf("%s: citizenship %q is not ISO 3166-1 alpha-2", b.Code, c)
			}
		}
		lists := []struct {
			name     string
			list     []string
			min, max int
		}{
			{"Citizenships", b.Citizenships, 1, 10},
			{"BirthPlaces", b.BirthPlaces, 1, 40},
			{"MaleFirst", b.MaleFirst, 20, 40},
			{"FemaleFirst", b.FemaleFirst, 20, 40},
			{"Last", b.Last, 20, 40},
			{"FemaleLast", b.FemaleLast, 0, 40},
		}
		for _, l := range lists {
			if n := len(l.list); n < l.min || n > l.max {
				t.Errorf("%s.%s has %d entries, want %d-%d", b.Code, l.name, n, l.min, l.max)
			}
			seen := make(map[string]bool)
			for _, s := range l.list {
				if s == "" || seen[s] {
					t.Errorf("%s.%s: empty or duplicate %q", b.Code, l.name, s)
				}
				seen[s] = true
			}
		}
		for _, l := range [][]string{b.MaleFirst, b.FemaleFirst, b.Last, b.FemaleLast} {
			for _, n := range l {
				if len(names.Tokens(n)) == 0 {
					t.Errorf("%s: name %q has no search tokens", b.Code, n)
				}
			}
		}
	}
}

package codes

import (
	"regexp"
	"strings"
	"testing"
)

func TestCanonicalAndStatus(t *testing.T) {
	tests := []struct {
		list      *List
		in, canon string
		status    Status
	}{
		{Languages, "fi", "fi", Valid},
		{Languages, " FIN ", "fi", Valid}, // 639-2/T: the same language, one stored form
		{Languages, "ger", "de", Valid},   // 639-2/B
		{Languages, "iw", "he", Valid},    // withdrawn 639-1 code
		{Languages, "prs", "prs", Valid},  // Dari: 639-3 only
		{Languages, "ckb", "ckb", Valid},
		{Languages, "kmr", "kmr", Valid},
		{Languages, "ti", "ti", Valid},
		{Languages, "tir", "ti", Valid},
		{Languages, "xx", "xx", Unknown},
		{Languages, "", "", Unknown},
		{Countries, "sy", "SY", Valid},
		{Countries, "XX", "XX", Valid}, // unknown citizenship
		{Countries, "XK", "XK", Valid},
		{Countries, "SU", "SU", Withdrawn},
		{Countries, "YU", "YU", Withdrawn},
		{Countries, "ZR", "ZR", Withdrawn},
		{Countries, "ZZ", "ZZ", Unknown},
		{Countries, "EU", "EU", Unknown},
		{Countries, "AC", "AC", Unknown},
		{Municipalities, "091", "091", Valid},
		{Municipalities, "91", "091", Valid},
		{Municipalities, "000", "000", Unknown},
		{Municipalities, "999", "999", Unknown},
		{Municipalities, "099", "099", Withdrawn}, // Honkajoki, merged into Kankaanpää 2021
	}
	for _, tt := range tests {
		got := tt.list.Canonical(tt.in)
		if got != tt.canon {
			t.Errorf("%s.Canonical(%q) = %q, want %q", tt.list.Name(), tt.in, got, tt.canon)
		}
		if s := tt.list.Status(got); s != tt.status {
			t.Errorf("%s.Status(%q) = %v, want %v", tt.list.Name(), got, s, tt.status)
		}
	}
}

func TestNames(t *testing.T) {
	tests := []struct {
		list       *List
		code       string
		fi, sv, en string
	}{
		{Languages, "fi", "suomi", "finska", "Finnish"},
		{Languages, "ar", "arabia", "arabiska", "Arabic"},
		{Languages, "prs", "dari", "dari", "Dari"},
		{Countries, "SY", "Syyria", "Syrien", "Syria"},
		{Countries, "SU", "Neuvostoliitto", "Sovjetunionen", "Soviet Union"},
		{Countries, "XX", "Tuntematon", "Okänt", "Unknown"},
		{Countries, "MK", "Pohjois-Makedonia", "Nordmakedonien", "North Macedonia"},
		{Municipalities, "091", "Helsinki", "Helsingfors", "Helsinki"},
		{Municipalities, "319", "Köyliö", "Kjulo", "Köyliö"},
	}
	for _, tt := range tests {
		e, ok := tt.list.Lookup(tt.code)
		if !ok {
			t.Errorf("%s: %s missing", tt.list.Name(), tt.code)
			continue
		}
		for lang, want := range map[string]string{"fi": tt.fi, "sv": tt.sv, "en": tt.en} {
			if got := e.Name(lang); got != want {
				t.Errorf("%s %s in %s = %q, want %q", tt.list.Name(), tt.code, lang, got, want)
			}
		}
	}
	if got := Countries.NameOf("QQ", "fi"); got != "QQ" {
		t.Errorf("unknown code shows as %q, want the code", got)
	}
}

func TestMergedMunicipality(t *testing.T) {
	e, ok := Municipalities.Lookup("319")
	if !ok || e.Status != Withdrawn || e.Successor != "783" {
		t.Fatalf("Köyliö = %+v, want withdrawn into 783 (Säkylä)", e)
	}
	if s, _ := Municipalities.Lookup(e.Successor); s.Name("fi") != "Säkylä" {
		t.Errorf("successor %q", s.Name("fi"))
	}
}

func TestListsAreComplete(t *testing.T) {
	count := func(l *List, s Status) int {
		n := 0
		for _, e := range l.entries {
			if e.Status == s {
				n++
			}
		}
		return n
	}
	if n := count(Countries, Valid); n != 249+2 { // ISO 3166-1, XK, XX
		t.Errorf("valid countries = %d", n)
	}
	if n := count(Municipalities, Valid); n != 308 { // kunta_1_20250101
		t.Errorf("municipalities = %d", n)
	}
	if n := count(Languages, Valid); n < 200 {
		t.Errorf("languages = %d", n)
	}
	date := regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	for _, l := range []*List{Languages, Countries, Municipalities} {
		if !date.MatchString(l.Version()) {
			t.Errorf("%s version %q", l.Name(), l.Version())
		}
		for _, e := range l.entries {
			for _, n := range e.Names() {
				if n == "" {
					t.Errorf("%s %s lacks a name", l.Name(), e.Code)
				}
			}
		}
	}
	if v := Versions(); !strings.Contains(v, "municipalities=2025-01-01") {
		t.Errorf("Versions() = %q", v)
	}
}

func TestSortedUsesTheLanguagesCollation(t *testing.T) {
	// Finnish sorts Ä and Ö after Z; English sorts them with A and O.
	pos := func(lang, code string) int {
		for i, e := range Municipalities.Sorted(lang) {
			if e.Code == code {
				return i
			}
		}
		return -1
	}
	if a, z := pos("fi", "989"), pos("fi", "980"); !(a > z) { // Ähtäri after Ylöjärvi
		t.Errorf("fi: Ähtäri at %d, Ylöjärvi at %d", a, z)
	}
	if a, b := pos("en", "989"), pos("en", "005"); !(a < b) { // Ähtäri before Alajärvi
		t.Errorf("en: Ähtäri at %d, Alajärvi at %d", a, b)
	}
	for _, e := range Countries.Sorted("fi") {
		if e.Status != Valid {
			t.Errorf("sorted list holds withdrawn %s", e.Code)
		}
	}
}

func TestSearchInAnyLanguage(t *testing.T) {
	tests := []struct {
		list         *List
		prefix, lang string
		want         string // a code among the results
	}{
		{Languages, "finska", "fi", "fi"},
		{Languages, "Finn", "sv", "fi"},
		{Languages, "kurd", "en", "ckb"},
		{Languages, "sorani", "fi", "ckb"},
		{Countries, "syyr", "en", "SY"},
		{Countries, "sy", "fi", "SY"},
		{Municipalities, "helsingf", "fi", "091"},
	}
	for _, tt := range tests {
		found := false
		for _, e := range tt.list.Search(tt.prefix, tt.lang, 0) {
			found = found || e.Code == tt.want
		}
		if !found {
			t.Errorf("%s.Search(%q) lacks %s", tt.list.Name(), tt.prefix, tt.want)
		}
	}
	if got := Countries.Search("Neuvostoliitto", "fi", 0); len(got) != 0 {
		t.Errorf("search offers withdrawn %v", got)
	}
	if got := Countries.Search("", "fi", 5); len(got) != 5 {
		t.Errorf("limit: %d", len(got))
	}
}

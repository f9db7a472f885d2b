package retention

import (
	"strings"
	"testing"
	"time"

	"koto/internal/civil"
)

func day(s string) civil.Date {
	if s == "" {
		return civil.Date{}
	}
	d, err := civil.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestDeletableFrom(t *testing.T) {
	rule, _ := Default().Rule(ClassClient)
	tests := []struct {
		name       string
		end, death string
		from, why  string
	}{
		{"no end, alive: kept", "", "", "", ""},
		{"service end + 30 years, kept through the anniversary", "2000-06-15", "", "2030-06-16", "service_end+30y"},
		{"death + 12 years", "", "2010-01-31", "2022-02-01", "death+12y"},
		{"leap day end: period ends 28 Feb", "2000-02-29", "", "2030-03-01", "service_end+30y"},
		{"leap day end into a leap year", "2004-02-29", "", "2034-03-01", "service_end+30y"},
		{"leap day death into a leap year", "", "2012-02-29", "2024-03-01", "death+12y"},
		{"death before service end: death clock is earlier", "2020-05-01", "2019-12-31", "2032-01-01", "death+12y"},
		{"death long after service end: service clock earlier", "2000-01-01", "2025-01-01", "2030-01-02", "service_end+30y"},
		{"year end rolls over", "1999-12-31", "", "2030-01-01", "service_end+30y"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, why := rule.DeletableFrom(ClientDates{ServiceEnd: day(tt.end), Death: day(tt.death)})
			if from != day(tt.from) || why != tt.why {
				t.Errorf("got %v %q, want %s %q", from, why, tt.from, tt.why)
			}
		})
	}
}

func TestDue(t *testing.T) {
	rule, _ := Default().Rule(ClassClient)
	d := ClientDates{ServiceEnd: day("2000-06-15")}
	for _, tt := range []struct {
		asOf string
		want bool
	}{{"2030-06-15", false}, {"2030-06-16", true}, {"2050-01-01", true}, {"1999-01-01", false}} {
		if got := rule.Due(d, day(tt.asOf)); got != tt.want {
			t.Errorf("Due as of %s = %v", tt.asOf, got)
		}
	}
	if rule.Due(ClientDates{}, day("2999-01-01")) {
		t.Error("a client with no end and no death is due")
	}
	only := Rule{Class: ClassClient, YearsFromDeath: 12}
	if only.Due(ClientDates{ServiceEnd: day("1950-01-01")}, day("2999-01-01")) {
		t.Error("a clock the rule does not use started the retention")
	}
}

func TestExpiryCutoff(t *testing.T) {
	r := Rule{Class: ClassSession, DaysAfterExpiry: 30}
	want := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	if got := r.ExpiryCutoff(day("2026-03-03")); !got.Equal(want) {
		t.Errorf("cutoff %v, want %v", got, want)
	}
}

// The access log's cut-off is the start of a calendar year (Helsinki
// time): on any day of 2026 with 12 years kept, 2013 and earlier go, and
// 2014 stays whole until 1 January 2027.
func TestLogCutoff(t *testing.T) {
	r := Rule{Class: ClassAccessLog, YearsKept: 12}
	for _, tc := range []struct{ asOf, want string }{
		{"2026-01-01", "2014-01-01T00:00:00+02:00"},
		{"2026-12-31", "2014-01-01T00:00:00+02:00"},
		{"2027-01-01", "2015-01-01T00:00:00+02:00"},
	} {
		if got := r.LogCutoff(day(tc.asOf)).Format(time.RFC3339); got != tc.want {
			t.Errorf("as of %s: cutoff %s, want %s", tc.asOf, got, tc.want)
		}
	}
	if d := Default(); func() int { r, _ := d.Rule(ClassAccessLog); return r.YearsKept }() != 12 {
		t.Error("the built-in access-log rule is not 12 whole years")
	}
	l := Line{Class: ClassAccessLog, Rule: r.Describe(), Count: 7, FirstYear: 2012, LastYear: 2013}
	if got := l.String(true); got != "access_log: would delete 7 entries (years 2012–2013; 12 whole calendar years)" {
		t.Errorf("line %q", got)
	}
}

func TestParse(t *testing.T) {
	def := Default()
	for _, c := range Classes {
		if _, ok := def.Rule(c); !ok {
			t.Errorf("built-in rules lack class %s", c)
		}
	}
	if r, _ := def.Rule(ClassClient); r.YearsFromServiceEnd != 30 || r.YearsFromDeath != 12 || r.Archive {
		t.Errorf("client rule %+v", r)
	}
	for _, bad := range []string{
		`{"classes":[{"class":"nope","daysAfterExpiry":1}]}`,
		`{"classes":[{"class":"session","daysAfterExpiry":1},{"class":"session","daysAfterExpiry":2}]}`,
		`{"classes":[{"class":"client"}]}`,
		`{"classes":[{"class":"session","daysAfterExpiry":-1}]}`,
		`{"classes":[{"class":"session","archive":true}]}`,
		`{"classes":[{"class":"client","yearsFromDeath":12,"typo":1}]}`,
		`{"classes":[{"class":"access_log"}]}`,
		`{"classes":[{"class":"access_log","yearsKept":12,"daysAfterExpiry":1}]}`,
		`{"classes":[{"class":"session","yearsKept":1}]}`,
		`{"classes":[{"class":"access_log","yearsKept":-1}]}`,
	} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse accepted %s", bad)
		}
	}
	r, err := Parse([]byte(`{"classes":[{"class":"client","yearsFromDeath":12,"archive":true}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := r.Rule(ClassClient); !c.Archive || !strings.Contains(c.Describe(), "archived") {
		t.Errorf("rule %+v: %s", c, c.Describe())
	}
	if _, ok := r.Rule(ClassSession); ok {
		t.Error("a class left out has a rule")
	}
}

func TestCertificateSeal(t *testing.T) {
	c := &Certificate{ID: "x", Class: ClassClient, Count: 2, AsOf: day("2056-01-01"), Subjects: subjectsHash([]string{"b", "a"})}
	if err := c.Seal(); err != nil {
		t.Fatal(err)
	}
	h := c.Hash
	c.Count = 3
	_ = c.Seal()
	if c.Hash == h || !strings.HasPrefix(h, "sha256:") {
		t.Error("hash does not cover the count")
	}
	if subjectsHash([]string{"a", "b"}) != subjectsHash([]string{"b", "a"}) {
		t.Error("subjects hash depends on order")
	}
}

func TestHoldValidate(t *testing.T) {
	if (Hold{Reason: "  "}).Validate() == nil {
		t.Error("empty reason accepted")
	}
	if (Hold{Reason: strings.Repeat("x", MaxReasonLen+1)}).Validate() == nil {
		t.Error("long reason accepted")
	}
	if err := (Hold{Reason: "court case 123/2026"}).Validate(); err != nil {
		t.Error(err)
	}
}

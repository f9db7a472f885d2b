package consent

import (
	"strings"
	"testing"

	"koto/internal/apperr"
	"koto/internal/civil"
)

var day10 = civil.Date{Year: 2026, Month: 3, Day: 10}

func TestValidateConsent(t *testing.T) {
	cases := []struct {
		name  string
		in    Input
		field string // "" for valid
		key   string
	}{
		{"valid", Input{Type: AfterIntegrationPeriod, Given: "2026-03-10", Channel: "paper"}, "", ""},
		{"no channel is fine", Input{Type: EService, Given: "2026-01-01"}, "", ""},
		{"party named", Input{Type: DisclosureNamedParty, Scope: "opisto", Given: "2026-01-01"}, "", ""},
		{"unknown type", Input{Type: "marketing", Given: "2026-01-01"}, "type", "validation.choice"},
		{"no type", Input{Given: "2026-01-01"}, "type", "validation.choice"},
		{"no date", Input{Type: EService}, "given", "validation.required"},
		{"bad date", Input{Type: EService, Given: "2026-02-30"}, "given", "validation.date"},
		{"future", Input{Type: EService, Given: "2026-03-11"}, "given", "validation.date_future"},
		{"unknown channel", Input{Type: EService, Given: "2026-01-01", Channel: "pigeon"}, "channel", "validation.choice"},
		{"party missing", Input{Type: DisclosureNamedParty, Given: "2026-01-01"}, "scope", "consent.scope_party_required"},
		{"scope too long", Input{Type: EService, Given: "2026-01-01", Scope: strings.Repeat("x", MaxScope+1)}, "scope", "validation.too_long"},
		{"control characters", Input{Type: EService, Given: "2026-01-01", Scope: "a\x00b"}, "scope", "validation.text_chars"},
		{"unknown text version", Input{Type: EService, Given: "2026-01-01", TextVersion: "1999-01"}, "textVersion", "validation.choice"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := c.in
			in.Normalize()
			checkField(t, in.Validate(day10), c.field, c.key)
		})
	}
}

func TestValidateWithdrawal(t *testing.T) {
	given := Consent{Given: civil.Date{Year: 2026, Month: 2, Day: 1}}
	cases := []struct {
		name       string
		in         WithdrawalInput
		field, key string
	}{
		{"day10 by default", WithdrawalInput{}, "", ""},
		{"dated", WithdrawalInput{Date: "2026-03-01", Channel: "phone"}, "", ""},
		{"on the day given", WithdrawalInput{Date: "2026-02-01"}, "", ""},
		{"before given", WithdrawalInput{Date: "2026-01-31"}, "date", "consent.withdrawn_before_given"},
		{"future", WithdrawalInput{Date: "2026-03-11"}, "date", "validation.date_future"},
		{"bad channel", WithdrawalInput{Channel: "fax"}, "channel", "validation.choice"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkField(t, c.in.Validate(given, day10), c.field, c.key)
		})
	}
}

func checkField(t *testing.T, err error, field, key string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Fatalf("want valid, got %v", err)
		}
		return
	}
	ae, ok := apperr.As(err)
	if !ok || ae.Kind != apperr.Invalid {
		t.Fatalf("want invalid %s, got %v", field, err)
	}
	for _, f := range ae.Fields {
		if f.Field == field && f.Key == key {
			return
		}
	}
	t.Fatalf("want %s=%s, got %+v", field, key, ae.Fields)
}

func TestActiveOn(t *testing.T) {
	d := func(day int) civil.Date { return civil.Date{Year: 2026, Month: 3, Day: day} }
	c := Consent{Given: d(5)}
	w := c
	w.Withdrawal = &Withdrawal{Date: d(10)}
	cases := []struct {
		c    Consent
		day  civil.Date
		want bool
	}{
		{c, d(4), false}, {c, d(5), true}, {c, d(20), true},
		{w, d(9), true}, {w, d(10), false}, {w, d(11), false},
	}
	for _, tc := range cases {
		if got := tc.c.ActiveOn(tc.day); got != tc.want {
			t.Errorf("withdrawn=%v on %s: %v, want %v", tc.c.Withdrawal != nil, tc.day, got, tc.want)
		}
	}
}

// fakeReader is the data the consent checks read.
type fakeReader struct {
	end      civil.Date
	consents []Consent
}

func (f fakeReader) Consents(string, string) ([]Consent, error)          { return f.consents, nil }
func (f fakeReader) ClientServiceEnd(string, string) (civil.Date, error) { return f.end, nil }

func TestMayProcessAndActive(t *testing.T) {
	end := civil.Date{Year: 2026, Month: 3, Day: 9}
	after := Consent{Type: AfterIntegrationPeriod, Given: civil.Date{Year: 2026, Month: 3, Day: 1}}
	withdrawn := after
	withdrawn.Withdrawal = &Withdrawal{Date: day10}
	party := Consent{Type: DisclosureNamedParty, Scope: "Opisto ", Given: civil.Date{Year: 2026, Month: 1, Day: 1}}
	cases := []struct {
		name string
		r    fakeReader
		day  civil.Date
		ok   bool
	}{
		{"service goes on", fakeReader{}, day10, true},
		{"on the last day of service", fakeReader{end: end}, end, true},
		{"after it, no consent", fakeReader{end: end}, day10, false},
		{"after it, another type", fakeReader{end: end, consents: []Consent{party}}, day10, false},
		{"after it, with consent", fakeReader{end: end, consents: []Consent{after}}, day10, true},
		{"withdrawn day10", fakeReader{end: end, consents: []Consent{withdrawn}}, day10, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := MayProcess(c.r, "o", "c", c.day)
			if c.ok != (err == nil) || (err != nil && !IsConsentRequired(err)) {
				t.Fatalf("MayProcess: %v, want ok=%v", err, c.ok)
			}
		})
	}
	r := fakeReader{consents: []Consent{party}}
	for scope, want := range map[string]bool{"opisto": true, " OPISTO": true, "koulu": false, "": true} {
		if got, _ := Active(r, "o", "c", DisclosureNamedParty, scope, day10); got != want {
			t.Errorf("Active(party %q) = %v, want %v", scope, got, want)
		}
	}
}

func TestTextsCoverEveryTypeAndLanguage(t *testing.T) {
	if CurrentVersion() != "2026-01" {
		t.Errorf("current version %q", CurrentVersion())
	}
	for _, v := range Versions() {
		for _, typ := range Types {
			for _, lang := range []string{"fi", "sv", "en"} {
				tx, _ := TextOf(v)
				if tx.ByType[typ][lang] == "" {
					t.Errorf("version %s: no %s text of %s", v, lang, typ)
				}
			}
		}
	}
}

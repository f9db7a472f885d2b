package note

import (
	"strings"
	"testing"

	"koto/internal/apperr"
	"koto/internal/civil"
)

func TestValidate(t *testing.T) {
	today := civil.Date{Year: 2026, Month: 3, Day: 10}
	ok := Input{Type: "counselling", Date: " 2026-03-10 ", Text: "Keskusteltiin kielikurssista."}
	tests := []struct {
		name  string
		edit  func(*Input)
		field string // "" = valid
		key   string
	}{
		{"valid", func(*Input) {}, "", ""},
		{"every type", func(in *Input) { in.Type = "secure-email" }, "", ""},
		{"multi-line text", func(in *Input) { in.Text = "Rivi 1\nRivi 2\r\n\tsisennys" }, "", ""},
		{"unknown type", func(in *Input) { in.Type = "visit" }, "type", "validation.choice"},
		{"no type", func(in *Input) { in.Type = "" }, "type", "validation.choice"},
		{"date not a date", func(in *Input) { in.Date = "10.3.2026" }, "date", "validation.date"},
		{"no date", func(in *Input) { in.Date = "" }, "date", "validation.required"},
		{"impossible date", func(in *Input) { in.Date = "2026-02-30" }, "date", "validation.date"},
		{"future date", func(in *Input) { in.Date = "2026-03-11" }, "date", "validation.date_future"},
		{"no text", func(in *Input) { in.Text = "" }, "text", "validation.required"},
		{"blank text", func(in *Input) { in.Text = "   \n " }, "text", "validation.required"},
		{"too long", func(in *Input) { in.Text = strings.Repeat("a", MaxText+1) }, "text", "validation.too_long"},
		{"control character", func(in *Input) { in.Text = "a\x00b" }, "text", "validation.text_chars"},
		{"invalid UTF-8", func(in *Input) { in.Text = "a\xffb" }, "text", "validation.text_chars"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := ok
			tc.edit(&in)
			in.Normalize()
			err := in.Validate(today)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			ae, isApp := apperr.As(err)
			if !isApp || ae.Kind != apperr.Invalid || len(ae.Fields) != 1 || ae.Fields[0].Field != tc.field || ae.Fields[0].Key != tc.key {
				t.Fatalf("want %s on %s, got %#v", tc.key, tc.field, err)
			}
		})
	}
}

func TestValidateAmendment(t *testing.T) {
	for text, valid := range map[string]bool{"Korjaus: päivä oli tiistai.": true, "": false, strings.Repeat("x", MaxText+1): false} {
		if err := ValidateAmendment(text); (err == nil) != valid {
			t.Errorf("%.20q: valid %v, got %v", text, valid, err)
		}
	}
}

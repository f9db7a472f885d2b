package store

import (
	"strings"
	"testing"

	"koto/internal/civil"
)

// A summary survives its encoding, whatever the names hold, and a damaged
// encoding is an error, never a wrong name.
func TestSummaryEncoding(t *testing.T) {
	for _, d := range []summaryDoc{
		{},
		{FirstNames: "Zuleikha Qamar", LastName: "Wennström-Abdirahman", BirthDate: civil.Date{Year: 1987, Month: 11, Day: 23}},
		{FirstNames: "Ольга", LastName: "Nguyễn"},
		{LastName: strings.Repeat("x", 300)},
	} {
		b := d.marshal()
		var got summaryDoc
		if err := got.unmarshal(b); err != nil || got != d {
			t.Errorf("%+v: got %+v, %v", d, got, err)
		}
		for n := range len(b) {
			if err := got.unmarshal(b[:n]); err == nil {
				t.Errorf("%+v cut to %d bytes decodes as %+v", d, n, got)
			}
		}
	}
	bad := summaryDoc{FirstNames: "A", LastName: "B"}.marshal()
	bad[0] = 2
	if err := new(summaryDoc).unmarshal(bad); err == nil {
		t.Error("an unknown format decodes")
	}
}

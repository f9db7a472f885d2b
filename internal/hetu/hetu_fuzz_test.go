package hetu

import (
	"errors"
	"testing"
	"time"

	"koto/internal/civil"
)

// FuzzParse checks that Parse never panics, that it only fails with a
// known *Error, and that every accepted code round-trips through String
// and New. The seed corpus is synthetic (individual numbers 900–999, or
// the never-issued 000/001).
func FuzzParse(f *testing.F) {
	seeds := []string{
		// Valid, one per century sign, plus leap days and lower case.
		"010199+9012", "150685-900F", "070362Y9032", "280299X946R",
		"101010W971D", "010575V988W", "301190U999N", "010100A902J",
		"050510B917D", "121212C930H", "200120D955N", "140223E962L",
		"150625F979J", "290200A911P", "290204+9500", "150685-900f",
		" 140223e962l ",
		// Invalid.
		"", " ", "150685-900", "150685-900FF", "15O685-900F",
		"150685*900F", "290223A936E", "290200-9244", "310490-940S",
		"000190-940B", "011390-940N", "010190-000N", "010190-001P",
		"150685-900E", "150685-900G", "160625A906U", "150685-900ſ",
		"150685-900#", "-1-1-1-1-1-", "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	// A fixed today keeps the target deterministic while leaving both past
	// and future dates reachable.
	today := civil.Date{Year: 2025, Month: time.June, Day: 15}

	f.Fuzz(func(t *testing.T, s string) {
		h, err := Parse(s, today)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error of type %T, want *Error", err)
			}
			switch e.Code {
			case CodeRequired, CodeLength, CodeFormat, CodeCentury,
				CodeDate, CodeFuture, CodeIndividual, CodeChecksum:
			default:
				t.Fatalf("unknown error code %q", e.Code)
			}
			if !h.IsZero() {
				t.Fatalf("non-zero HETU returned with error")
			}
			return
		}

		if h.String() != Canonical(s) {
			t.Fatalf("String() = %q, want Canonical(input) %q", h, Canonical(s))
		}
		again, err := Parse(h.String(), today)
		if err != nil {
			t.Fatalf("Parse(String()) failed: %v", err)
		}
		if again != h {
			t.Fatalf("Parse(String()) = %q, want %q", again, h)
		}

		birth, individual := h.BirthDate(), h.Individual()
		if birth.After(today) || !birth.IsValid() {
			t.Fatalf("accepted birth date %v", birth)
		}
		if individual < 2 || individual > 999 {
			t.Fatalf("accepted individual number %d", individual)
		}
		n, err := New(birth, individual)
		if err != nil {
			t.Fatalf("New(%v, %d) failed: %v", birth, individual, err)
		}
		if n.BirthDate() != birth || n.Individual() != individual {
			t.Fatalf("New(%v, %d) decodes to %v, %d", birth, individual, n.BirthDate(), n.Individual())
		}
		if n.Sex() != h.Sex() || n.IsTemporary() != h.IsTemporary() {
			t.Fatalf("New changed sex or temporary flag")
		}
	})
}

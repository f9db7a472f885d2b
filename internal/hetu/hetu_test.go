package hetu

import (
	"errors"
	"strings"
	"testing"
	"time"

	"koto/internal/civil"
)

// All codes below are synthetic: their individual numbers are 900–999 (or
// 000/001, which are never issued), so none can belong to a real person.
// The check characters were computed independently of this package.

// today is the fixed "current date" for the tests.
var today = civil.Date{Year: 2025, Month: time.June, Day: 15}

func date(y int, m time.Month, d int) civil.Date {
	return civil.Date{Year: y, Month: m, Day: d}
}

func TestParseValid(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		want       string // canonical form
		birth      civil.Date
		individual int
		sex        Sex
	}{
		// One per century sign.
		{"plus 1899", "010199+9012", "010199+9012", date(1899, 1, 1), 901, Male},
		{"plus 1850", "311250+998S", "311250+998S", date(1850, 12, 31), 998, Female},
		{"minus", "150685-900F", "150685-900F", date(1985, 6, 15), 900, Female},
		{"Y", "070362Y9032", "070362Y9032", date(1962, 3, 7), 903, Male},
		{"X", "280299X946R", "280299X946R", date(1999, 2, 28), 946, Female},
		{"W", "101010W971D", "101010W971D", date(1910, 10, 10), 971, Male},
		{"V", "010575V988W", "010575V988W", date(1975, 5, 1), 988, Female},
		{"U", "301190U999N", "301190U999N", date(1990, 11, 30), 999, Male},
		{"A", "010100A902J", "010100A902J", date(2000, 1, 1), 902, Female},
		{"B", "050510B917D", "050510B917D", date(2010, 5, 5), 917, Male},
		{"C", "121212C930H", "121212C930H", date(2012, 12, 12), 930, Female},
		{"D", "200120D955N", "200120D955N", date(2020, 1, 20), 955, Male},
		{"E", "140223E962L", "140223E962L", date(2023, 2, 14), 962, Female},
		{"F", "150625F979J", "150625F979J", date(2025, 6, 15), 979, Male}, // born today

		// Leap days.
		{"29 Feb 2000", "290200A911P", "290200A911P", date(2000, 2, 29), 911, Male},
		{"29 Feb 1996", "290296-924W", "290296-924W", date(1996, 2, 29), 924, Female},
		{"29 Feb 2024", "290224A936P", "290224A936P", date(2024, 2, 29), 936, Female},
		{"29 Feb 1804", "290204+9500", "290204+9500", date(1804, 2, 29), 950, Female},

		// Normalisation.
		{"lower check char", "150685-900f", "150685-900F", date(1985, 6, 15), 900, Female},
		{"lower century sign", "070362y9032", "070362Y9032", date(1962, 3, 7), 903, Male},
		{"all lower", "140223e962l", "140223E962L", date(2023, 2, 14), 962, Female},
		{"surrounding space", "  150685-900F\t\n", "150685-900F", date(1985, 6, 15), 900, Female},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := Parse(tt.in, today)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got := h.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if got := h.BirthDate(); got != tt.birth {
				t.Errorf("BirthDate() = %v, want %v", got, tt.birth)
			}
			if got := h.Individual(); got != tt.individual {
				t.Errorf("Individual() = %d, want %d", got, tt.individual)
			}
			if got := h.Sex(); got != tt.sex {
				t.Errorf("Sex() = %q, want %q", got, tt.sex)
			}
			if !h.IsTemporary() {
				t.Errorf("IsTemporary() = false for individual %d", h.Individual())
			}
			if h.IsZero() {
				t.Errorf("IsZero() = true")
			}
			if got := Canonical(tt.in); got != h.String() {
				t.Errorf("Canonical(%q) = %q, want %q", tt.in, got, h.String())
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		code string
	}{
		{"empty", "", CodeRequired},
		{"only space", " \t ", CodeRequired},
		{"too short", "150685-900", CodeLength},
		{"too long", "150685-900FF", CodeLength},
		{"inner space", "150685 -900F", CodeLength},
		{"non-ascii check char", "150685-900ſ", CodeLength}, // must not be upper-cased to S
		{"letter in date", "15O685-900F", CodeFormat},
		{"letter in individual", "150685-9O0F", CodeFormat},
		{"sign in individual", "150685-+90F", CodeFormat},
		{"symbol check char", "150685-900#", CodeFormat},
		{"unknown century sign", "150685*900F", CodeCentury},
		{"letter G as century", "150685G900F", CodeCentury},
		{"digit as century", "15068519009", CodeCentury},
		{"29 Feb non-leap 2023", "290223A936E", CodeDate},
		{"29 Feb non-leap 1999", "290299-924N", CodeDate},
		{"29 Feb 1900 is not leap", "290200-9244", CodeDate},
		{"31 Apr", "310490-940S", CodeDate},
		{"31 Jun", "310601B940D", CodeDate},
		{"day 00", "000190-940B", CodeDate},
		{"month 13", "011390-940N", CodeDate},
		{"individual 000", "010190-000N", CodeIndividual},
		{"individual 001", "010190-001P", CodeIndividual},
		{"wrong checksum", "150685-900E", CodeChecksum},
		{"checksum from other number", "150685-909F", CodeChecksum},
		{"never-used check letter", "150685-900G", CodeChecksum},
		{"tomorrow", "160625A906U", CodeFuture},
		{"next year, new sign", "010126F906C", CodeFuture},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := Parse(tt.in, today)
			if err == nil {
				t.Fatalf("Parse(%q) = %q, want error %s", tt.in, h, tt.code)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) error %T, want *Error", tt.in, err)
			}
			if e.Code != tt.code {
				t.Fatalf("Parse(%q) code = %s, want %s", tt.in, e.Code, tt.code)
			}
			if !h.IsZero() {
				t.Fatalf("Parse(%q) returned non-zero HETU with error", tt.in)
			}
			// No personal data in error messages.
			msg := err.Error()
			if trimmed := strings.TrimSpace(tt.in); trimmed != "" && strings.Contains(msg, trimmed) {
				t.Fatalf("error %q contains the input", msg)
			}
			if len(tt.in) >= 6 && strings.Contains(msg, tt.in[:6]) {
				t.Fatalf("error %q contains the birth date part", msg)
			}
		})
	}
}

func TestParseSameDayIsNotFuture(t *testing.T) {
	if _, err := Parse("150625A9077", today); err != nil {
		t.Fatalf("born today: %v", err)
	}
	if _, err := Parse("150625A9077", date(2025, 6, 14)); err == nil {
		t.Fatal("born tomorrow accepted")
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		birth      civil.Date
		individual int
		want       string
	}{
		{date(1899, 1, 1), 901, "010199+9012"},
		{date(1850, 12, 31), 998, "311250+998S"},
		{date(1985, 6, 15), 900, "150685-900F"},
		{date(1962, 3, 7), 903, "070362-9032"}, // primary sign, not Y
		{date(1990, 11, 30), 999, "301190-999N"},
		{date(2000, 2, 29), 911, "290200A911P"},
		{date(2023, 2, 14), 962, "140223A962L"}, // primary sign, not E
		{date(1804, 2, 29), 950, "290204+9500"},
	}
	for _, tt := range tests {
		h, err := New(tt.birth, tt.individual)
		if err != nil {
			t.Errorf("New(%v, %d): %v", tt.birth, tt.individual, err)
			continue
		}
		if h.String() != tt.want {
			t.Errorf("New(%v, %d) = %q, want %q", tt.birth, tt.individual, h, tt.want)
		}
		if h.BirthDate() != tt.birth || h.Individual() != tt.individual {
			t.Errorf("New(%v, %d) decodes to %v, %d", tt.birth, tt.individual, h.BirthDate(), h.Individual())
		}
		back, err := Parse(h.String(), today)
		if err != nil || back != h {
			t.Errorf("Parse(New(%v, %d)) = %q, %v", tt.birth, tt.individual, back, err)
		}
	}
}

func TestNewInvalid(t *testing.T) {
	tests := []struct {
		name       string
		birth      civil.Date
		individual int
		code       string
	}{
		{"zero date", civil.Date{}, 900, CodeDate},
		{"impossible date", date(2023, 2, 29), 900, CodeDate},
		{"before 1800", date(1799, 12, 31), 900, CodeDate},
		{"after 2099", date(2100, 1, 1), 900, CodeDate},
		{"individual 0", date(1990, 1, 1), 0, CodeIndividual},
		{"individual 1", date(1990, 1, 1), 1, CodeIndividual},
		{"individual 1000", date(1990, 1, 1), 1000, CodeIndividual},
		{"negative individual", date(1990, 1, 1), -900, CodeIndividual},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := New(tt.birth, tt.individual)
			var e *Error
			if !errors.As(err, &e) || e.Code != tt.code {
				t.Fatalf("New(%v, %d) = %q, %v; want code %s", tt.birth, tt.individual, h, err, tt.code)
			}
		})
	}
}

func TestZeroHETU(t *testing.T) {
	var h HETU
	if h.String() != "" || !h.IsZero() || !h.BirthDate().IsZero() ||
		h.Individual() != 0 || h.Sex() != "" || h.IsTemporary() {
		t.Fatalf("zero HETU has non-zero accessors: %q %v %d %q %v",
			h.String(), h.BirthDate(), h.Individual(), h.Sex(), h.IsTemporary())
	}
}

func TestCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  150685-900f ", "150685-900F"},
		{"abc-xyz", "ABC-XYZ"},
		{"\t070362y9032\n", "070362Y9032"},
		{"ſ", "ſ"}, // only ASCII is upper-cased
		{"ä", "ä"},
	}
	for _, tt := range tests {
		if got := Canonical(tt.in); got != tt.want {
			t.Errorf("Canonical(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	err := error(&Error{Code: CodeChecksum})
	if got := err.Error(); !strings.Contains(got, CodeChecksum) {
		t.Fatalf("Error() = %q, want it to name the code", got)
	}
}

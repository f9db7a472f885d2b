package civil

import "testing"

func TestAddMonths(t *testing.T) {
	for _, c := range []struct {
		from string
		n    int
		want string
	}{
		{"2025-01-15", 1, "2025-02-15"},
		{"2025-01-31", 1, "2025-02-28"},
		{"2024-01-31", 1, "2024-02-29"},
		{"2025-03-31", 1, "2025-04-30"},
		{"2025-12-31", 1, "2026-01-31"},
		{"2025-11-30", 3, "2026-02-28"},
		{"2025-10-31", 3, "2026-01-31"},
		{"2025-08-31", 1, "2025-09-30"},
		{"2025-03-15", -3, "2024-12-15"},
		{"2025-02-28", 1, "2025-03-28"},
	} {
		d, err := ParseDate(c.from)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.AddMonths(c.n).String(); got != c.want {
			t.Errorf("%s + %d months = %s, want %s", c.from, c.n, got, c.want)
		}
	}
	if !(Date{}).AddMonths(1).IsZero() {
		t.Error("zero date + 1 month is not zero")
	}
}

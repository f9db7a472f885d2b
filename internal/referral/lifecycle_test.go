package referral

import (
	"testing"

	"koto/internal/apperr"
	"koto/internal/civil"
)

func TestCheckStep(t *testing.T) {
	d := func(s string) civil.Date { x, _ := civil.ParseDate(s); return x }
	day, next := d("2026-03-01"), d("2026-03-02")
	tests := []struct {
		prev   Status
		next   Status
		date   civil.Date
		reason string
		bad    []string // fields named, none when allowed
	}{
		{Proposed, Sent, day, "", nil},
		{Proposed, Completed, day, "", []string{"status"}},
		{Proposed, Accepted, day, "", []string{"status"}},
		{Proposed, Proposed, day, "", []string{"status"}},
		{Sent, Accepted, next, "", nil},
		{Sent, Rejected, day, "ei tilaa", nil},
		{Sent, Rejected, day, "", []string{"reason"}},
		{Sent, Started, day, "", []string{"status"}},
		{Accepted, Started, day, "", nil},
		{Accepted, Completed, day, "", []string{"status"}},
		{Started, Completed, day, "", nil},
		{Started, Interrupted, day, "muutti", nil},
		{Started, Interrupted, day, "", []string{"reason"}},
		{Rejected, Sent, day, "", []string{"status"}},
		{Completed, Started, day, "", []string{"status"}},
		{Interrupted, Started, day, "", []string{"status"}},
		{Sent, "bogus", day, "", []string{"status"}},
		{Proposed, Sent, d("2026-02-28"), "", []string{"date"}},
		{Proposed, Sent, civil.Date{}, "", []string{"date"}},
	}
	for _, tt := range tests {
		err := CheckStep(tt.prev, day, tt.next, tt.date, tt.reason)
		if len(tt.bad) == 0 {
			if err != nil {
				t.Errorf("%s→%s: %v", tt.prev, tt.next, err)
			}
			continue
		}
		ae, ok := apperr.As(err)
		if !ok || ae.Kind != apperr.Invalid {
			t.Errorf("%s→%s: got %v, want Invalid", tt.prev, tt.next, err)
			continue
		}
		var fields []string
		for _, f := range ae.Fields {
			fields = append(fields, f.Field)
		}
		if len(fields) != len(tt.bad) || fields[0] != tt.bad[0] {
			t.Errorf("%s→%s: fields %v, want %v", tt.prev, tt.next, fields, tt.bad)
		}
	}
}

// Every status is reachable from proposed and every step's target is a
// known status: the table is one lifecycle, not a typo.
func TestTransitionsReachAll(t *testing.T) {
	seen := map[Status]bool{Proposed: true}
	queue := []Status{Proposed}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, n := range Transitions[s] {
			if !ValidStatus(n) {
				t.Errorf("%s → unknown %s", s, n)
			}
			if !seen[n] {
				seen[n] = true
				queue = append(queue, n)
			}
		}
	}
	for _, s := range Statuses {
		if !seen[s] {
			t.Errorf("%s unreachable", s)
		}
	}
}

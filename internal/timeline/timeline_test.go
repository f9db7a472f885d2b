package timeline_test

import (
	"strings"
	"testing"
	"time"

	"koto/internal/civil"
	"koto/internal/timeline"
)

func TestSummary(t *testing.T) {
	d := civil.Date{Year: 2026, Month: 3, Day: 4}
	for _, tc := range []struct {
		e    timeline.Event
		want string
	}{
		{timeline.Event{Kind: timeline.Registration}, "Registered"},
		{timeline.Event{Kind: timeline.Note, Code: "phone", Date: d}, "Note: phone, 2026-03-04"},
		{timeline.Event{Kind: timeline.Note, Sensitive: true, Date: d}, "Note (sensitive), 2026-03-04"},
		{timeline.Event{Kind: timeline.PlanRevised, Version: 2}, "Integration plan revised (version 2)"},
		{timeline.Event{Kind: timeline.ReferralStep("sent"), Code: "integration-training", Date: d}, "Referral sent: integration-training, 2026-03-04"},
		{timeline.Event{Kind: timeline.Death, Date: d}, "Died, 2026-03-04"},
	} {
		if got := tc.e.Summary(); got != tc.want {
			t.Errorf("Summary(%+v) = %q, want %q", tc.e, got, tc.want)
		}
	}
}

// A sensitive note's code never reaches the summary, whatever the store
// left in it.
func TestSummaryOfSensitiveNoteHasKindAndDateOnly(t *testing.T) {
	e := timeline.Event{Kind: timeline.Note, Code: "home-visit", Sensitive: true}
	if s := e.Summary(); strings.Contains(s, "home-visit") {
		t.Errorf("summary %q shows the sensitive note's type", s)
	}
}

func TestPageNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want int }{{0, 50}, {-1, 50}, {1, 1}, {200, 200}, {201, 200}} {
		if got := (timeline.Page{Limit: tc.in}).Normalize().Limit; got != tc.want {
			t.Errorf("Normalize(%d) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestCut(t *testing.T) {
	at := func(min int) time.Time { return time.Date(2026, 1, 1, 10, min, 0, 0, time.UTC) }
	ev := func(min int, id string) timeline.Event {
		return timeline.Event{At: at(min), Kind: timeline.Note, ID: id}
	}
	ids := func(es []timeline.Event) string {
		var b []string
		for _, e := range es {
			b = append(b, e.ID)
		}
		return strings.Join(b, ",")
	}
	for _, tc := range []struct {
		name  string
		in    []timeline.Event
		limit int
		want  string
	}{
		{"newest first", []timeline.Event{ev(1, "a"), ev(3, "c"), ev(2, "b")}, 5, "c,b,a"},
		{"limit", []timeline.Event{ev(1, "a"), ev(3, "c"), ev(2, "b")}, 2, "c,b"},
		{"same instant by kind and id", []timeline.Event{ev(1, "b"), ev(1, "a"), {At: at(1), Kind: timeline.Assessment, ID: "z"}}, 5, "z,a,b"},
		// The next page is before b's time: a group of one instant is
		// never split between pages.
		{"group left whole to the next page", []timeline.Event{ev(3, "c"), ev(2, "b1"), ev(2, "b2"), ev(1, "a")}, 2, "c"},
		{"group filling the page kept whole", []timeline.Event{ev(2, "b1"), ev(2, "b2"), ev(2, "b3"), ev(1, "a")}, 2, "b1,b2,b3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ids(timeline.Cut(tc.in, tc.limit)); got != tc.want {
				t.Errorf("Cut = %s, want %s", got, tc.want)
			}
		})
	}
}

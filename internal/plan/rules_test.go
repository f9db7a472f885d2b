package plan

import (
	"slices"
	"testing"

	"koto/internal/apperr"

	"koto/internal/civil"
)

func d(s string) civil.Date {
	v, err := civil.ParseDate(s)
	if err != nil {
		panic(s)
	}
	return v
}

func codes(ws []Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Code)
	}
	return out
}

func TestEvaluate(t *testing.T) {
	service := []Measure{{Text: "Kotoutumiskoulutus", ServiceKind: "integration-training", Start: d("2025-02-01")}}
	reviews := []civil.Date{d("2025-06-01"), d("2025-11-01")}
	tests := []struct {
		name   string
		c      Content
		others []Content
		want   []string
	}{
		{"first plan of a year, reviewed, with a service", Content{StartDate: d("2025-01-01"), EndDate: d("2025-12-31"), ReviewDates: reviews, Measures: service}, nil, nil},
		{"first plan of exactly a year", Content{StartDate: d("2025-01-01"), EndDate: d("2026-01-01"), ReviewDates: reviews, Measures: service}, nil, nil},
		{"first plan over a year", Content{StartDate: d("2025-01-01"), EndDate: d("2026-01-02"), ReviewDates: append(reviews, d("2025-12-31")), Measures: service}, nil, []string{"first_plan_over_1y"}},
		{"a later plan may be longer", Content{StartDate: d("2026-01-01"), EndDate: d("2026-12-31"), ReviewDates: []civil.Date{d("2026-06-01"), d("2026-11-01")}, Measures: []Measure{{Text: "x", ServiceKind: "working-life"}}},
			[]Content{{StartDate: d("2025-01-01"), EndDate: d("2025-12-31")}}, nil},
		{"plans over two years in total", Content{StartDate: d("2026-01-01"), EndDate: d("2027-06-30"), ReviewDates: []civil.Date{d("2026-06-01"), d("2026-11-01"), d("2027-04-01")}, Measures: []Measure{{Text: "x", ServiceKind: "working-life"}}},
			[]Content{{StartDate: d("2025-01-01"), EndDate: d("2025-12-31")}}, []string{"plans_over_2y"}},
		{"no review for over six months", Content{StartDate: d("2025-01-01"), EndDate: d("2025-12-31"), ReviewDates: []civil.Date{d("2025-03-01")}, Measures: service}, nil, []string{"review_interval_over_6m"}},
		{"no service", Content{StartDate: d("2025-01-01"), EndDate: d("2025-06-30"), Measures: []Measure{{Text: "Kirjastokäynti"}}}, nil, []string{"no_service_within_6m"}},
		{"service starts late", Content{StartDate: d("2025-01-01"), EndDate: d("2025-06-30"), Measures: []Measure{{Text: "x", ServiceKind: "self-study", Start: d("2025-07-02")}}}, nil, []string{"no_service_within_6m"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := codes(Evaluate(Rules, tt.c, tt.others))
			if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
				t.Errorf("warnings %v, want %v", got, tt.want)
			}
			for _, w := range Evaluate(Rules, tt.c, tt.others) {
				if w.Law != Law || w.Months == 0 {
					t.Errorf("warning %+v lacks its law or limit", w)
				}
			}
		})
	}
}

func TestAddMonths(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		n        int
	}{
		{"2025-01-31", "2025-02-28", 1}, {"2024-01-31", "2024-02-29", 1}, {"2025-08-31", "2026-02-28", 6}, {"2025-03-15", "2026-03-15", 12},
	} {
		if got := AddMonths(d(tt.in), tt.n); got != d(tt.want) {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestValidate(t *testing.T) {
	ok := Content{Kind: KindBasic, StartDate: d("2025-01-01"), EndDate: d("2025-12-31"), Goals: []string{"Suomen kieli A2"}}
	tests := []struct {
		name  string
		edit  func(*Content)
		field string
	}{
		{"valid", func(*Content) {}, ""},
		{"unknown kind", func(c *Content) { c.Kind = "deluxe" }, "kind"},
		{"no start", func(c *Content) { c.StartDate = civil.Date{} }, "startDate"},
		{"end before start", func(c *Content) { c.EndDate = d("2024-12-31") }, "endDate"},
		{"no goals", func(c *Content) { c.Goals = []string{"  "} }, "goals"},
		{"measure without text", func(c *Content) { c.Measures = []Measure{{ServiceKind: "self-study"}} }, "measures[0].text"},
		{"unknown service kind", func(c *Content) { c.Measures = []Measure{{Text: "x", ServiceKind: "spa"}} }, "measures[0].serviceKind"},
		{"closed without reason", func(c *Content) { c.ClosedOn = d("2025-06-01") }, "closeReason"},
		{"reason without date", func(c *Content) { c.CloseReason = "muutti" }, "closedOn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			c.Goals = append([]string(nil), ok.Goals...)
			tt.edit(&c)
			c.Normalize()
			err := c.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			ae, _ := apperr.As(err)
			if ae == nil || !slices.ContainsFunc(ae.Fields, func(f apperr.FieldError) bool { return f.Field == tt.field }) {
				t.Errorf("want an error on %s, got %v", tt.field, err)
			}
		})
	}
}

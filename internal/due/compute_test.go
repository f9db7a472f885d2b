package due

import (
	"slices"
	"testing"

	"koto/internal/assessment"
	"koto/internal/civil"
)

func d(s string) civil.Date {
	v, err := civil.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

// item is an expected item as "kind ref due from".
type item struct {
	kind      Kind
	ref       string
	due, from string
}

func TestCompute(t *testing.T) {
	plan := Plan{ID: "p1", Start: d("2025-01-01"), End: d("2026-12-31")}
	tests := []struct {
		name  string
		facts Facts
		want  []item
	}{
		{"nothing recorded", Facts{}, nil},
		{"assessment window from the first permit, shown 90 days before",
			Facts{Window: assessment.WindowBasis{FirstPermit: d("2024-03-01"), Registered: d("2024-05-01")}},
			[]item{{AssessmentDue, "", "2027-03-01", "2026-12-01"}}},
		{"assessment window from the registration without a permit",
			Facts{Window: assessment.WindowBasis{Registered: d("2024-05-01")}},
			[]item{{AssessmentDue, "", "2027-05-01", "2027-01-31"}}},
		{"no assessment item once one exists",
			Facts{Window: assessment.WindowBasis{FirstPermit: d("2024-03-01")}, HasAssessment: true}, nil},
		{"trafficking victims have no window",
			Facts{Window: assessment.WindowBasis{FirstPermit: d("2024-03-01"), TraffickingVictim: true}}, nil},
		{"planned review and the plan's end",
			Facts{HasAssessment: true, Plans: []Plan{withReviews(plan, "2025-09-01", "2025-04-01")}},
			[]item{{PlanReview, "p1", "2025-04-01", "2025-03-18"}, {PlanEnding, "p1", "2026-12-31", "2026-12-01"}}},
		{"a review done moves to the next planned one",
			Facts{HasAssessment: true, Plans: []Plan{withLast(withReviews(plan, "2025-04-01", "2025-09-01"), "2025-04-03")}},
			[]item{{PlanReview, "p1", "2025-09-01", "2025-08-18"}, {PlanEnding, "p1", "2026-12-31", "2026-12-01"}}},
		{"a planned review missed stays due",
			Facts{HasAssessment: true, Plans: []Plan{withReviews(plan, "2025-04-01")}},
			[]item{{PlanReview, "p1", "2025-04-01", "2025-03-18"}, {PlanEnding, "p1", "2026-12-31", "2026-12-01"}}},
		{"no review planned: 6 months after the last review",
			Facts{HasAssessment: true, Plans: []Plan{withLast(plan, "2025-02-28")}},
			[]item{{PlanReview, "p1", "2025-08-28", "2025-08-14"}, {PlanEnding, "p1", "2026-12-31", "2026-12-01"}}},
		{"no review planned nor done: 6 months after the start",
			Facts{HasAssessment: true, Plans: []Plan{plan}},
			[]item{{PlanReview, "p1", "2025-07-01", "2025-06-17"}, {PlanEnding, "p1", "2026-12-31", "2026-12-01"}}},
		{"closed plans are not followed; the latest open plan is",
			Facts{HasAssessment: true, Plans: []Plan{{ID: "old", Start: d("2024-01-01"), End: d("2024-06-30"), Closed: true},
				{ID: "new", Start: d("2025-01-01"), End: d("2025-03-31")}}},
			[]item{{PlanEnding, "new", "2025-03-31", "2025-03-01"}}},
		{"referrals sent wait 14 days for an answer, proposed ones 7 to be sent",
			Facts{HasAssessment: true, Referrals: []Referral{{"r1", "sent", d("2025-05-01")}, {"r2", "proposed", d("2025-05-02")},
				{"r3", "accepted", d("2025-05-01")}}},
			[]item{{ReferralNotSent, "r2", "2025-05-09", "2025-05-09"}, {ReferralUnanswered, "r1", "2025-05-15", "2025-05-15"}}},
		{"the permit valid the longest expires, shown 60 days before",
			Facts{HasAssessment: true, Permits: []Permit{{"a", d("2025-01-31")}, {"b", d("2026-01-31")}}},
			[]item{{PermitExpiring, "b", "2026-01-31", "2025-12-02"}}},
		{"an open-ended permit leaves nothing to expire",
			Facts{HasAssessment: true, Permits: []Permit{{"a", d("2025-01-31")}, {"p", civil.Date{}}}}, nil},
		{"services ended or death: nothing is due",
			Facts{Ended: true, Window: assessment.WindowBasis{FirstPermit: d("2024-03-01")}, Plans: []Plan{plan},
				Permits: []Permit{{"a", d("2025-01-31")}}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []item
			for _, it := range Compute(Rules, tc.facts) {
				if it.Law != Law {
					t.Errorf("law %q", it.Law)
				}
				got = append(got, item{it.Kind, it.RefID, it.Due.String(), it.From.String()})
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
}

func withReviews(p Plan, ds ...string) Plan {
	for _, s := range ds {
		p.ReviewDates = append(p.ReviewDates, d(s))
	}
	return p
}

func withLast(p Plan, s string) Plan {
	p.LastReview = d(s)
	return p
}

// The windows are data: every kind has exactly one rule with the law.
func TestRulesCoverKinds(t *testing.T) {
	for _, k := range Kinds {
		n := 0
		for _, r := range Rules {
			if r.Kind == k {
				n++
				if r.Law == "" {
					t.Errorf("%s: no law", k)
				}
			}
		}
		if n != 1 {
			t.Errorf("%s: %d rules", k, n)
		}
	}
}

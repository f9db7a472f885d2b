package natrep

import (
	"reflect"
	"testing"
	"time"

	"koto/internal/assessment"
	"koto/internal/civil"
	"koto/internal/plan"
)

func day(y int, m time.Month, d int) civil.Date { return civil.Date{Year: y, Month: m, Day: d} }

// fullSource has every field of every record filled.
func fullSource() Source {
	return Source{HETU: "010190-900P", KotoID: "K-00000-00001",
		Assessments: []assessment.Assessment{{
			ID: "a1", ClientID: "c1", Kind: assessment.KindMultisector, Date: day(2026, 1, 10), Status: assessment.StatusCompleted,
			Topics: assessment.Topics{Literacy: "reads Latin script", Language: "A1.2", StudySkills: "good", EmploymentNeeds: "nursing",
				PriorEducation: "nurse, 5 years", SpecialSkills: "first aid", PlanNeed: "needed", LifeSituation: "family of four"},
			FurtherMeasures: "integration training", TrainingRecommendation: "fast track", PlanNeeded: assessment.PlanNeeded,
			PlannedPlanDate: day(2026, 2, 1), Referral: "employment services", Authors: "Anna Ohjaaja", DataSource: "client, interpreter",
			CompletedAt: time.Date(2026, 1, 10, 13, 5, 0, 0, time.UTC),
		}},
		Plans: []plan.Version{{
			Content: plan.Content{Kind: plan.KindBasic, StartDate: day(2026, 2, 1), EndDate: day(2027, 1, 31), Goals: []string{"B1.1 Finnish", "work as a nurse"},
				Measures:    []plan.Measure{{Text: "civic orientation", ServiceKind: "civic-orientation", Start: day(2026, 2, 15), End: day(2026, 4, 30)}, {Text: "library visits"}},
				ReviewDates: []civil.Date{day(2026, 5, 1), day(2026, 8, 1)}, ClosedOn: day(2026, 12, 1), CloseReason: "moved away"},
			PlanID: "p1", ClientID: "c1", Number: 2, SavedAt: time.Date(2026, 1, 31, 22, 30, 0, 0, time.UTC), SavedBy: "u1", SavedByName: "Anna Ohjaaja",
		}},
	}
}

// bareSource has only what a record always has.
func bareSource() Source {
	return Source{KotoID: "K-00000-00002",
		Assessments: []assessment.Assessment{{ID: "a2", Kind: assessment.KindBasic, Date: day(2026, 1, 3), Status: assessment.StatusCompleted,
			PlanNeeded: assessment.PlanNotNeeded, Authors: "B", CompletedAt: time.Date(2026, 1, 3, 8, 0, 0, 0, time.UTC)}},
		Plans: []plan.Version{{Content: plan.Content{Kind: plan.KindMultisector, StartDate: day(2026, 1, 5), EndDate: day(2026, 6, 30), Goals: []string{"g"}},
			PlanID: "p2", Number: 1, SavedAt: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)}},
	}
}

func TestRecordOf(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  Source
		want Record
	}{{
		name: "every field",
		src:  fullSource(),
		want: Record{Person: Person{HETU: "010190-900P", KotoID: "K-00000-00001"},
			Assessments: []Assessment{{ID: "a1", Kind: "multisector", Date: "2026-01-10",
				Content: AssessmentContent{Literacy: "reads Latin script", Language: "A1.2", StudySkills: "good", EmploymentNeeds: "nursing",
					PriorEducation: "nurse, 5 years", SpecialSkills: "first aid", PlanNeed: "needed", LifeSituation: "family of four", TrainingRecommendation: "fast track"},
				FurtherMeasures: "integration training", PlanNeeded: "yes", PlannedPlanDate: "2026-02-01", Referral: "employment services",
				Authors: "Anna Ohjaaja", DataSource: "client, interpreter", CompletedAt: "2026-01-10T13:05:00Z"}},
			// Saved 22:30 UTC on 31 January is 1 February in Finland.
			Plans: []Plan{{ID: "p1", Version: 2, Kind: "basic", Date: "2026-02-01", StartDate: "2026-02-01", EndDate: "2027-01-31",
				Goals:       []string{"B1.1 Finnish", "work as a nurse"},
				Measures:    []Measure{{Text: "civic orientation", ServiceKind: "civic-orientation", Start: "2026-02-15", End: "2026-04-30"}, {Text: "library visits"}},
				ReviewDates: []string{"2026-05-01", "2026-08-01"}, Authors: "Anna Ohjaaja", ClosedOn: "2026-12-01", CloseReason: "moved away"}}},
	}, {
		name: "no HETU, optional fields empty",
		src:  bareSource(),
		want: Record{Person: Person{KotoID: "K-00000-00002"},
			Assessments: []Assessment{{ID: "a2", Kind: "basic", Date: "2026-01-03", PlanNeeded: "no", Authors: "B", CompletedAt: "2026-01-03T08:00:00Z"}},
			Plans: []Plan{{ID: "p2", Version: 1, Kind: "multisector", Date: "2026-01-05", StartDate: "2026-01-05", EndDate: "2026-06-30",
				Goals: []string{"g"}, Measures: []Measure{}, ReviewDates: []string{}}}},
	}, {
		name: "nothing but the person",
		src:  Source{KotoID: "K-1"},
		want: Record{Person: Person{KotoID: "K-1"}, Assessments: []Assessment{}, Plans: []Plan{}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			if got := RecordOf(tc.src); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestParsePeriod(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		ok       bool
	}{
		{"2026-01-01", "2026-01-31", true},
		{"2026-01-01", "2026-01-01", true},
		{"2025-01-01", "2026-01-31", true},
		{"2024-01-01", "2026-01-31", false}, // longer than MaxPeriodDays
		{"2026-02-01", "2026-01-31", false},
		{"", "2026-01-31", false},
		{"2026-01-01", "", false},
		{"1.1.2026", "2026-01-31", false},
		{"2026-02-30", "2026-03-31", false},
	} {
		_, _, err := ParsePeriod(tc.from, tc.to)
		if (err == nil) != tc.ok {
			t.Errorf("ParsePeriod(%q, %q) = %v, want ok %v", tc.from, tc.to, err, tc.ok)
		}
	}
}

func TestWindowOfIsFinnishDays(t *testing.T) {
	w := WindowOf(day(2026, 1, 1), day(2026, 1, 31))
	if want := time.Date(2025, 12, 31, 22, 0, 0, 0, time.UTC); !w.From.Equal(want) {
		t.Errorf("From = %v, want %v", w.From, want)
	}
	if want := time.Date(2026, 1, 31, 22, 0, 0, 0, time.UTC); !w.To.Equal(want) {
		t.Errorf("To = %v, want %v", w.To, want)
	}
}

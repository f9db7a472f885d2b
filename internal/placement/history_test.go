package placement

import (
	"slices"
	"testing"

	"koto/internal/civil"
)

func TestDiff(t *testing.T) {
	d := func(s string) civil.Date { v, _ := civil.ParseDate(s); return v }
	old := Placement{ReceptionCentre: "Joutseno", Municipality: "091", DecisionDate: d("2025-01-10")}
	tests := []struct {
		name string
		new  Placement
		want []Change
	}{
		{"nothing changed", old, nil},
		{"centre and quota", Placement{ReceptionCentre: "Oulu", QuotaRefugee: true, Municipality: "091", DecisionDate: d("2025-01-10")},
			[]Change{{Field: "placement.receptionCentre", Old: "Joutseno", New: "Oulu"}, {Field: "placement.quotaRefugee", Old: "false", New: "true"}}},
		{"dates", Placement{ReceptionCentre: "Joutseno", Municipality: "091", ArrivalDate: d("2025-02-01")},
			[]Change{{Field: "placement.decisionDate", Old: "2025-01-10", New: ""}, {Field: "placement.arrivalDate", Old: "", New: "2025-02-01"}}},
	}
	for _, tt := range tests {
		if got := Diff(old, tt.new); !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
	if got := LinkValue(Child, "K-abc123"); got != "child K-abc123" {
		t.Errorf("LinkValue %q", got)
	}
}

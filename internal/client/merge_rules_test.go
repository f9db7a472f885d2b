package client_test

import (
	"slices"
	"testing"
	"time"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
)

func TestMergeDetails(t *testing.T) {
	born := civil.Date{Year: 1990, Month: 3, Day: 15}
	older, newer := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rec := func(h, first, last, phone string, at time.Time) client.Client {
		return client.Client{UpdatedAt: at, Details: client.Details{HETU: h, BirthDate: born, FirstNames: first, LastName: last, Phone: phone}}
	}
	h := "150390-913A"
	tests := []struct {
		name          string
		survivor, mgd client.Client
		choices       map[string]client.Side
		wantHETU      string
		wantName      string
		wantPhone     string
		wantPrevious  []string
		wantConflicts []string
		errKey        string
	}{
		{"survivor lacks the HETU: it is taken, and the HETU record's name wins",
			rec("", "Mohammed", "Hasan", "", newer), rec(h, "Muhammad", "Hassan", "+358401", older), nil,
			h, "Muhammad Hassan", "+358401", []string{"Mohammed Hasan"}, []string{"name"}, ""},
		{"choice overrides the default",
			rec("", "Mohammed", "Hasan", "+358402", newer), rec(h, "Muhammad", "Hassan", "+358401", older),
			map[string]client.Side{"name": client.SideSurvivor, "phone": client.SideSurvivor},
			h, "Mohammed Hasan", "+358402", []string{"Muhammad Hassan"}, []string{"name", "phone"}, ""},
		{"neither has a HETU: the newer record wins",
			rec("", "A", "B", "+358402", older), rec("", "A", "B", "+358401", newer), nil,
			"", "A B", "+358401", nil, []string{"phone"}, ""},
		{"two different HETUs are two people",
			rec(h, "A", "B", "", older), rec("150390-915C", "A", "B", "", newer), nil, "", "", "", nil, nil, "merge.hetu_differ"},
		{"unknown field", rec("", "A", "B", "", older), rec("", "A", "B", "", newer),
			map[string]client.Side{"shoeSize": client.SideMerged}, "", "", "", nil, nil, "error.invalid"},
		{"unknown side", rec("", "A", "B", "", older), rec("", "A", "B", "", newer),
			map[string]client.Side{"phone": "both"}, "", "", "", nil, nil, "error.invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := client.MergeDetails(tt.survivor, tt.mgd, tt.choices)
			if tt.errKey != "" {
				if ae, ok := apperr.As(err); !ok || ae.Key != tt.errKey {
					t.Fatalf("want %s, got %v", tt.errKey, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.HETU != tt.wantHETU || d.FirstNames+" "+d.LastName != tt.wantName || d.Phone != tt.wantPhone || !slices.Equal(d.PreviousNames, tt.wantPrevious) {
				t.Errorf("got %q %q %q %v", d.HETU, d.FirstNames+" "+d.LastName, d.Phone, d.PreviousNames)
			}
			if got := client.MergeConflicts(tt.survivor.Details, tt.mgd.Details); !slices.Equal(got, tt.wantConflicts) {
				t.Errorf("conflicts %v, want %v", got, tt.wantConflicts)
			}
		})
	}
}

func TestMergeCombinesPermitsAndProtection(t *testing.T) {
	p1 := client.Permit{ID: "a", Kind: client.KindFirst, Outcome: client.Granted, Class: client.ClassB, Ground: client.GroundWork, ValidFrom: civil.Date{Year: 2024, Month: 1, Day: 1}}
	p2 := client.Permit{ID: "b", Kind: client.KindExtended, Outcome: client.Granted, Class: client.ClassB, Ground: client.GroundWork, ValidFrom: civil.Date{Year: 2025, Month: 1, Day: 1}}
	same := p1
	same.ID = "c"
	s := client.Client{Details: client.Details{FirstNames: "A", LastName: "B", Permits: []client.Permit{p1}}}
	m := client.Client{Details: client.Details{FirstNames: "A", LastName: "B", AddressProtected: true, Permits: []client.Permit{same, p2}}}
	d, err := client.MergeDetails(s, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Permits) != 2 || d.Permits[0].ID != "a" || d.Permits[1].ID != "" || d.Permits[1].Kind != client.KindExtended {
		t.Errorf("permits %+v", d.Permits)
	}
	if !d.AddressProtected {
		t.Error("address protection of the merged record lost")
	}
}

package assessment

import (
	"testing"

	"koto/internal/civil"
)

func d(s string) civil.Date {
	v, err := civil.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestWindowOn(t *testing.T) {
	tests := []struct {
		name  string
		basis WindowBasis
		today string
		want  Window
	}{
		{"nothing recorded", WindowBasis{}, "2026-01-01", Window{State: WindowUnknown}},
		{"trafficking victim exempt", WindowBasis{FirstPermit: d("2020-01-01"), TraffickingVictim: true}, "2026-01-01", Window{State: WindowExempt}},
		{"permit first", WindowBasis{FirstPermit: d("2025-01-01"), Registered: d("2024-01-01")}, "2026-01-01",
			Window{State: WindowOpen, Start: d("2025-01-01"), End: d("2028-01-01"), DaysLeft: 730}},
		{"registration when no permit", WindowBasis{Registered: d("2024-01-01")}, "2026-01-01",
			Window{State: WindowOpen, Start: d("2024-01-01"), End: d("2027-01-01"), DaysLeft: 365}},
		{"91 days left is open", WindowBasis{FirstPermit: d("2023-06-01")}, "2026-03-02",
			Window{State: WindowOpen, Start: d("2023-06-01"), End: d("2026-06-01"), DaysLeft: 91}},
		{"90 days left warns", WindowBasis{FirstPermit: d("2023-06-01")}, "2026-03-03",
			Window{State: WindowClosing, Start: d("2023-06-01"), End: d("2026-06-01"), DaysLeft: 90}},
		{"last day still closing", WindowBasis{FirstPermit: d("2023-06-01")}, "2026-06-01",
			Window{State: WindowClosing, Start: d("2023-06-01"), End: d("2026-06-01"), DaysLeft: 0}},
		{"day after closed", WindowBasis{FirstPermit: d("2023-06-01")}, "2026-06-02",
			Window{State: WindowClosed, Start: d("2023-06-01"), End: d("2026-06-01"), DaysLeft: -1}},
		{"leap day start", WindowBasis{FirstPermit: d("2024-02-29")}, "2026-01-01",
			Window{State: WindowOpen, Start: d("2024-02-29"), End: d("2027-02-28"), DaysLeft: 423}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := WindowOn(tt.basis, d(tt.today)); got != tt.want {
				t.Errorf("WindowOn = %+v, want %+v", got, tt.want)
			}
		})
	}
}

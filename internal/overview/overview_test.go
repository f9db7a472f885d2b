package overview_test

import (
	"testing"

	"koto/internal/overview"
	"koto/internal/referral"
)

func TestOpen(t *testing.T) {
	for _, s := range referral.Statuses {
		want := s != referral.Completed && s != referral.Rejected && s != referral.Interrupted
		if got := overview.Open(s); got != want {
			t.Errorf("Open(%s) = %v, want %v", s, got, want)
		}
	}
}

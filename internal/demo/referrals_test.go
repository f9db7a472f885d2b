package demo

import (
	"context"
	"testing"

	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// With the referral service, the demo has providers and every
// referralEvery-th client a referral along one of referralSteps.
func TestLoadReferrals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		if _, err := Load(context.Background(), env.Organisations, env.Auth, env.Clients, Options{Clients: 40, Seed: 3, Referrals: env.Referrals}); err != nil {
			t.Fatal(err)
		}
		var referrals, statuses, providers int
		db := env.DB.SQL()
		if err := db.QueryRow(`SELECT COUNT(*), COUNT(DISTINCT status) FROM referrals`).Scan(&referrals, &statuses); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow(`SELECT COUNT(*) FROM organisations WHERE kind = 'provider'`).Scan(&providers); err != nil {
			t.Fatal(err)
		}
		if referrals != 5 || statuses != 5 || providers != len(Providers) {
			t.Errorf("referrals %d in %d statuses, providers %d", referrals, statuses, providers)
		}
	})
}

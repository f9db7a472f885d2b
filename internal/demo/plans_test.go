package demo

import (
	"context"
	"testing"

	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// Every PlanEvery-th demo client gets a valid plan; some get the first
// plan rule's warning.
func TestLoadPlans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		env := testenv.New(t, engine)
		if _, err := Load(ctx, env.Organisations, env.Auth, env.Clients, Options{Clients: 40, Seed: 3, Plans: env.Plans}); err != nil {
			t.Fatal(err)
		}
		var plans, warned int
		if err := env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM plans`).Scan(&plans); err != nil {
			t.Fatal(err)
		}
		if err := env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM plan_versions WHERE warnings LIKE '%first_plan_over_1y%'`).Scan(&warned); err != nil {
			t.Fatal(err)
		}
		if plans != 40/PlanEvery || warned == 0 {
			t.Errorf("%d plans, %d with the first-plan warning; want %d and some", plans, warned, 40/PlanEvery)
		}
	})
}

package demo

import (
	"context"
	"testing"

	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// A share of the adult demo clients get a background, an assessment and
// some a language test, all valid for the service.
func TestLoadAssessments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		if _, err := Load(context.Background(), env.Organisations, env.Auth, env.Clients, Options{Clients: 120, Seed: 5, Assessments: env.Assessments}); err != nil {
			t.Fatal(err)
		}
		for table, least := range map[string]int{"client_backgrounds": 5, "assessments": 5, "language_tests": 2} {
			var n int
			if err := env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n < least || n > 120/assessmentShare+1 {
				t.Errorf("%s: %d rows", table, n)
			}
		}
	})
}

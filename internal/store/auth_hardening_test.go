package store_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// Migration 0012 gives the API tokens made before it an expiry 90 days
// away, in a form both the driver and the comparisons read: its UPDATE,
// run again on a token without one, makes the token work until then.
func TestTokenExpiryMigration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		token := env.Token(t, "anna")
		if _, err := env.DB.SQL().Exec(`UPDATE api_tokens SET expires_at = NULL`); err != nil {
			t.Fatal(err)
		}
		body, err := os.ReadFile("migrations/" + engine + "/0012_auth_hardening.sql")
		if err != nil {
			t.Fatal(err)
		}
		var update string
		for _, line := range strings.Split(string(body), "\n") {
			if strings.HasPrefix(line, "UPDATE api_tokens SET expires_at") {
				update = line
			}
		}
		if update == "" {
			t.Fatal("no UPDATE of api_tokens.expires_at in the migration")
		}
		if _, err := env.DB.SQL().Exec(update); err != nil {
			t.Fatal(err)
		}
		tokens, err := env.Auth.Tokens(ctx, testenv.System, "anna")
		if err != nil || len(tokens) != 1 || tokens[0].ExpiresAt == nil {
			t.Fatalf("tokens: %+v %v", tokens, err)
		}
		if d := time.Until(*tokens[0].ExpiresAt); d < 89*24*time.Hour || d > 91*24*time.Hour {
			t.Errorf("migrated expiry in %v, want 90 days", d)
		}
		if _, err := env.Auth.TokenActor(ctx, token, ""); err != nil {
			t.Errorf("migrated token: %v", err)
		}
	})
}

package auth_test

import (
	"testing"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// A server caches token look-ups, yet a change made anywhere else — another
// server, the CLI, even plain SQL by the database owner — is seen on the
// very next request.
func TestTokenCacheSeesChangesMadeElsewhere(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		env.AddUser(t, "240", "ben", access.Caseworker)
		server := withPolicy(env, false) // another server: its own cache over the same database
		anna, ben := env.Token(t, "anna"), env.Token(t, "ben")
		for range 2 { // the second answer comes from the cache
			if a, err := server.TokenActor(ctx, anna, ""); err != nil || a.Username != "anna" {
				t.Fatalf("token: %v %v", a.Username, err)
			}
		}
		changes := []struct {
			name, sql string
			token     string
		}{
			{"disabled by SQL", `UPDATE users SET disabled_at = CURRENT_TIMESTAMP WHERE username = 'anna'`, anna},
			{"token revoked by SQL", `UPDATE api_tokens SET revoked_at = CURRENT_TIMESTAMP WHERE user_id = (SELECT id FROM users WHERE username = 'ben')`, ben},
		}
		for _, c := range changes {
			if _, err := env.DB.SQL().Exec(c.sql); err != nil {
				t.Fatal(err)
			}
			if _, err := server.TokenActor(ctx, c.token, ""); !apperr.Is(err, apperr.Unauthenticated) {
				t.Errorf("%s: token still accepted: %v", c.name, err)
			}
		}
	})
}

// Roles changed by another service instance (as the CLI would) apply to
// the next request of a token that survives the change.
func TestTokenCacheSeesRoleChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		server := withPolicy(env, false) // another server: its own cache over the same database
		tok := env.Token(t, "anna")
		if a, err := server.TokenActor(ctx, tok, ""); err != nil || !a.Has(access.Caseworker) {
			t.Fatalf("token: %v", err)
		}
		// A role row added by SQL (no Koto code runs, no token is revoked).
		if _, err := env.DB.SQL().Exec(`INSERT INTO user_roles (user_id, org_id, role)
			SELECT id, org_id, 'supervisor' FROM users WHERE username = 'anna'`); err != nil {
			t.Fatal(err)
		}
		if a, err := server.TokenActor(ctx, tok, ""); err != nil || !a.Has(access.Supervisor) {
			t.Errorf("new role not seen: %v %v", a.Roles, err)
		}
	})
}

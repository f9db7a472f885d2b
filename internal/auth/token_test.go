package auth_test

import (
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/auth"
	"koto/internal/store"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// An API token works until its expiry and then answers 401 like a revoked
// one, even from the cache; the list shows expiry and last use.
func TestTokenExpiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		secret, tok, err := env.Auth.CreateTokenFor(ctx, testenv.System, "anna", 24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if tok.ExpiresAt == nil || tok.ExpiresAt.Sub(time.Now()) < 23*time.Hour || tok.ExpiresAt.Sub(time.Now()) > 25*time.Hour {
			t.Fatalf("expiry: %v", tok.ExpiresAt)
		}
		// One service, its clock moved past the expiry: the cached entry
		// must not outlive the token.
		now := time.Now()
		p := auth.DefaultPolicy
		p.Argon2 = testenv.CheapArgon2
		svc := auth.NewService(env.DB.Auth(), p, store.NewID, func() time.Time { return now })
		if _, err := svc.TokenActor(ctx, secret, ""); err != nil {
			t.Fatalf("fresh token: %v", err)
		}
		now = now.Add(25 * time.Hour)
		if _, err := svc.TokenActor(ctx, secret, ""); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("expired token: %v", err)
		}
		tokens, err := env.Auth.Tokens(ctx, testenv.System, "anna")
		if err != nil || len(tokens) != 1 || tokens[0].ID != tok.ID || tokens[0].LastUsedAt == nil || tokens[0].ExpiresAt == nil {
			t.Fatalf("list: %+v %v", tokens, err)
		}
		// The default lifetime is the policy's; the bounds hold.
		if _, tok, err := env.Auth.CreateToken(ctx, testenv.System, "anna"); err != nil || tok.ExpiresAt.Sub(tok.CreatedAt) != auth.DefaultPolicy.TokenLifetime {
			t.Errorf("default lifetime: %v %v", tok.ExpiresAt, err)
		}
		for _, d := range []time.Duration{0, -time.Hour, auth.MaxTokenLifetime + time.Hour} {
			if _, _, err := env.Auth.CreateTokenFor(ctx, testenv.System, "anna", d); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("lifetime %v: %v", d, err)
			}
		}
		// A token without an expiry (not made by Koto) does not work.
		if _, err := env.DB.SQL().Exec(`UPDATE api_tokens SET expires_at = NULL`); err != nil {
			t.Fatal(err)
		}
		fresh := auth.NewService(env.DB.Auth(), p, store.NewID, time.Now)
		if _, err := fresh.TokenActor(ctx, secret, ""); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("token without expiry: %v", err)
		}
	})
}

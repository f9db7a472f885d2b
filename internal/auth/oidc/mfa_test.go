package oidc_test

import (
	"net/url"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/auth"
	"koto/internal/auth/oidc"
	"koto/internal/auth/oidc/oidctest"
	"koto/internal/store"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// With --oidc-require-mfa a single sign-on is accepted only when the
// provider's ID token says it used more than a password (amr) or names an
// accepted class (acr); the refusal has its own message and is logged.
// The provider is the real one of oidctest, made to report each answer.
func TestSSORequiresMultiFactor(t *testing.T) {
	const strong = "urn:koto:test:loa:substantial"
	op := oidctest.Start(t, redirect)
	p, err := oidc.New(oidc.Config{Issuer: op.Issuer, ClientID: op.ClientID, ClientSecret: oidctest.ClientSecret,
		RedirectURL: redirect, ACRValues: []string{strong}})
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		if err := env.Auth.MapGroup(ctx, testenv.System, op.Issuer, "kemi-ohjaajat", "240", access.Caseworker); err != nil {
			t.Fatal(err)
		}
		op.SetGroups("id1", "kemi-ohjaajat")
		policy := auth.DefaultPolicy
		policy.Argon2, policy.SSORequireMFA, policy.SSOACRValues = testenv.CheapArgon2, true, []string{strong}
		svc := auth.NewService(env.DB.Auth(), policy, store.NewID, time.Now)

		for _, c := range []struct {
			name string
			amr  []string
			acr  string
			ok   bool
		}{
			{"password alone (the provider's own answer)", nil, "", false},
			{"password, said so", []string{"pwd"}, "", false},
			{"password and a one-time code", []string{"pwd", "otp"}, "", true},
			{"multi-factor marker", []string{"mfa"}, "", true},
			{"an accepted class", []string{"pwd"}, strong, true},
			{"another class", []string{"pwd"}, "urn:koto:test:loa:low", false},
		} {
			op.SetAuthMethods(c.amr, c.acr)
			id := login(t, p, op.Username())
			_, _, err := svc.SSOLogin(ctx, id, "r")
			ae, _ := apperr.As(err)
			switch {
			case c.ok && err != nil:
				t.Errorf("%s: refused: %v (amr %v, acr %q)", c.name, err, id.AMR, id.ACR)
			case !c.ok && (ae == nil || ae.Kind != apperr.Unauthenticated || ae.Key != "sso.mfa_required"):
				t.Errorf("%s: want sso.mfa_required, got %v (amr %v, acr %q)", c.name, err, id.AMR, id.ACR)
			}
		}
		var denied int
		if err := env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM audit_entries WHERE action = 'auth.sso_login' AND result = 'denied' AND touched LIKE '%no_multi_factor%'`).Scan(&denied); err != nil || denied != 3 {
			t.Errorf("refusals logged: %d %v", denied, err)
		}
		// Without the setting, the same password-only login is accepted.
		op.SetAuthMethods(nil, "")
		if _, _, err := env.Auth.SSOLogin(ctx, login(t, p, op.Username()), "r"); err != nil {
			t.Errorf("without --oidc-require-mfa: %v", err)
		}
	})
	// The accepted classes are asked of the provider.
	authURL, _, err := p.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if u, _ := url.Parse(authURL); u.Query().Get("acr_values") != strong {
		t.Errorf("authorization request without acr_values: %s", authURL)
	}
}

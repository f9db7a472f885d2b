package oidc_test

import (
	"context"
	"net/url"
	"testing"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/auth"
	"koto/internal/auth/oidc"
	"koto/internal/auth/oidc/oidctest"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

var ctx = context.Background()

const redirect = "http://koto.test/login/sso/callback"

// login runs the whole flow against the provider and returns the verified
// identity.
func login(t *testing.T, p *oidc.Provider, username string) auth.Identity {
	t.Helper()
	authURL, flow, err := p.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	back := oidctest.Browser(t, nil, authURL, username, oidctest.Password, redirect)
	u, _ := url.Parse(back)
	q := u.Query()
	id, err := p.Finish(ctx, flow, q.Get("state"), q.Get("code"), q.Get("error"))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// The full code flow with PKCE against a real provider: the first login
// creates the user in the mapped organisation with the mapped roles, a later
// one updates the roles (ending the other sessions), a subject without a
// mapped group is refused.
func TestSSOAgainstProvider(t *testing.T) {
	op := oidctest.Start(t, redirect)
	p, err := oidc.New(oidc.Config{Issuer: op.Issuer, ClientID: op.ClientID, ClientSecret: oidctest.ClientSecret, RedirectURL: redirect})
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		sys := testenv.System
		if err := env.Auth.MapGroup(ctx, sys, op.Issuer, "kemi-ohjaajat", "240", access.Caseworker); err != nil {
			t.Fatal(err)
		}
		if err := env.Auth.MapGroup(ctx, sys, op.Issuer, "kemi-esihenkilot", "240", access.Supervisor); err != nil {
			t.Fatal(err)
		}
		op.SetGroups("id1", "kemi-ohjaajat", "unrelated")
		id := login(t, p, op.Username())
		if id.Subject != "id1" || id.Issuer != op.Issuer || len(id.Groups) != 2 {
			t.Fatalf("identity: %+v", id)
		}
		secret, u, err := env.Auth.SSOLogin(ctx, id, "r1")
		if err != nil {
			t.Fatal(err)
		}
		if u.Username != "test-user@127.0.0.1" || u.OrgCode != "240" || len(u.Roles) != 1 || u.Roles[0] != access.Caseworker || !u.SSOOnly {
			t.Fatalf("created user: %+v", u)
		}
		if _, _, err := env.Auth.SessionActor(ctx, secret, ""); err != nil {
			t.Fatalf("SSO session: %v", err)
		}
		// No password login for an SSO account.
		if _, _, err := env.Auth.Login(ctx, u.Username, "", "127.0.0.1", access.ChannelUI, ""); !apperr.Is(err, apperr.Unauthenticated) {
			t.Errorf("password login of an SSO account: %v", err)
		}

		// Same subject, new group: roles follow, the old session ends.
		op.SetGroups("id1", "kemi-ohjaajat", "kemi-esihenkilot")
		second, u2, err := env.Auth.SSOLogin(ctx, login(t, p, op.Username()), "r2")
		if err != nil || u2.ID != u.ID || len(u2.Roles) != 2 {
			t.Fatalf("second login: %+v %v", u2, err)
		}
		if _, _, err := env.Auth.SessionActor(ctx, secret, ""); !apperr.Is(err, apperr.Unauthenticated) {
			t.Errorf("session from before the role change: %v", err)
		}
		if a, _, err := env.Auth.SessionActor(ctx, second, ""); err != nil || !a.Has(access.Supervisor) {
			t.Errorf("new session: %v", err)
		}

		// A subject with no mapped group is refused.
		op.SetGroups("id2", "somebody-else")
		if _, _, err := env.Auth.SSOLogin(ctx, login(t, p, "test-user2"), "r3"); !apperr.Is(err, apperr.Unauthenticated) {
			t.Errorf("unmapped subject: %v", err)
		}
		users, _ := env.Auth.Users(ctx, sys)
		if len(users) != 1 {
			t.Errorf("%d users, want 1", len(users))
		}
	})
}

// A callback whose state is not the flow's is refused before the code is
// redeemed.
func TestStateMismatch(t *testing.T) {
	op := oidctest.Start(t, redirect)
	p, _ := oidc.New(oidc.Config{Issuer: op.Issuer, ClientID: op.ClientID, ClientSecret: oidctest.ClientSecret, RedirectURL: redirect})
	_, flow, err := p.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Finish(ctx, flow, "forged", "code", ""); err == nil {
		t.Fatal("forged state accepted")
	}
	if f, ok := oidc.DecodeFlow(flow.Encode()); !ok || f != flow {
		t.Error("flow cookie round trip")
	}
}

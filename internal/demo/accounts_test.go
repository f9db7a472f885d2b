package demo

import (
	"context"
	"slices"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// TestAccounts: several caseworkers per municipality, every account with a
// display name of its own, and the employment area covering Kemi and
// Tornio with the roles Coverage names.
func TestAccounts(t *testing.T) {
	seen := map[string]bool{}
	perOrg := map[string]int{}
	for _, a := range Accounts() {
		if a.DisplayName == "" || strings.Contains(a.DisplayName, ".") || seen[a.DisplayName] {
			t.Errorf("%s: display name %q missing, a username or taken", a.Username, a.DisplayName)
		}
		seen[a.DisplayName] = true
		if slices.Contains(a.Roles, access.Caseworker) {
			perOrg[a.OrgCode]++
		}
	}
	for _, m := range Municipalities {
		if perOrg[m.Code] < 3 {
			t.Errorf("%s: %d caseworkers, want at least 3", m.Name, perOrg[m.Code])
		}
	}
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		env := testenv.New(t, engine)
		if _, err := Load(ctx, env.Orgs, env.Auth, env.Clients, Options{Clients: 5, Seed: 3}); err != nil {
			t.Fatal(err)
		}
		secret, _, err := env.Auth.Login(ctx, "demo.ohjaaja.merilappi", Password, "127.0.0.1", access.ChannelUI, "test")
		if err != nil {
			t.Fatal(err)
		}
		actor, _, err := env.Auth.SessionActor(ctx, secret, "test")
		if err != nil {
			t.Fatal(err)
		}
		if actor.DisplayName == "" {
			t.Error("the session's actor has no display name")
		}
		covered, err := env.Orgs.Covered(ctx, actor)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]access.Role{}
		for _, c := range covered {
			got[c.Org.Code] = c.Roles
		}
		for _, c := range Coverage {
			if !slices.Equal(got[c.Municipality], c.Roles) {
				t.Errorf("coverage of %s: %v, want %v", c.Municipality, got[c.Municipality], c.Roles)
			}
		}
		if len(got) != len(Coverage) {
			t.Errorf("covered %v", got)
		}
	})
}

package auth_test

import (
	"context"
	"testing"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/auth"
	"koto/internal/testenv"
)

// The role provider exists only in a provider organisation, and there
// only it and org_admin (ADR 31); the same holds for a change of roles.
func TestProviderRoleFitsOrganisationKind(t *testing.T) {
	ctx := context.Background()
	env := testenv.New(t, "sqlite")
	env.AddOrg(t, "240")
	env.AddProvider(t, "P240", "Opisto")
	tests := []struct {
		org   string
		roles []access.Role
		ok    bool
	}{
		{"P240", []access.Role{access.Provider}, true},
		{"P240", []access.Role{access.OrgAdmin}, true},
		{"P240", []access.Role{access.Provider, access.OrgAdmin}, true},
		{"P240", []access.Role{access.Caseworker}, false},
		{"P240", []access.Role{access.Provider, access.Supervisor}, false},
		{"240", []access.Role{access.Provider}, false},
		{"240", []access.Role{access.Caseworker, access.Provider}, false},
		{"240", []access.Role{access.Caseworker}, true},
	}
	for i, tt := range tests {
		name := "u" + string(rune('a'+i))
		_, err := env.Auth.AddUser(ctx, testenv.System, auth.NewUser{OrgCode: tt.org, Username: name, Roles: tt.roles, Password: testenv.Password})
		if tt.ok != (err == nil) || (err != nil && apperr.KindOf(err) != apperr.Invalid) {
			t.Errorf("%s %v: %v", tt.org, tt.roles, err)
		}
	}
	env.AddUser(t, "P240", "tuottaja", access.Provider)
	if err := env.Auth.SetRoles(ctx, testenv.System, "tuottaja", []access.Role{access.Caseworker}); apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("provider user made a caseworker: %v", err)
	}
	env.AddUser(t, "240", "ohjaaja", access.Caseworker)
	if err := env.Auth.SetRoles(ctx, testenv.System, "ohjaaja", []access.Role{access.Provider}); apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("municipality user made a provider: %v", err)
	}
}

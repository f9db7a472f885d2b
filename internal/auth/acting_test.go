package auth_test

import (
	"testing"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/auth"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// Defence in depth: even an actor that claims org_admin while acting for
// another organisation (org.Service.ActAs never makes one) is refused
// every user and token administration, and each attempt is logged in the
// log of the organisation acted for.
func TestAdministrationRefusesActingActor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		mun := env.AddOrg(t, "240")
		area := env.AddOrg(t, "TA-2") // the kind does not matter here
		env.AddUser(t, "240", "anna", access.Caseworker)
		home := env.AddUser(t, "TA-2", "alue.admin", access.OrgAdmin)
		acting := home
		acting.HomeOrgID, acting.HomeOrgCode = area.ID, area.Code
		acting.OrgID, acting.OrgCode = mun.ID, mun.Code

		attempts := map[string]error{}
		_, attempts["add"] = env.Auth.AddUser(ctx, acting, auth.NewUser{OrgCode: "240", Username: "planted", Roles: []access.Role{access.Supervisor}, Password: testenv.Password})
		_, attempts["list"] = env.Auth.Users(ctx, acting)
		attempts["roles"] = env.Auth.SetRoles(ctx, acting, "anna", []access.Role{access.Supervisor})
		attempts["disable"] = env.Auth.SetDisabled(ctx, acting, "anna", true)
		_, attempts["reset"] = env.Auth.ResetPassword(ctx, acting, "anna", "", true)
		attempts["end_sessions"] = env.Auth.EndUserSessions(ctx, acting, "anna")
		_, _, attempts["token"] = env.Auth.CreateToken(ctx, acting, "anna")
		for name, err := range attempts {
			if !apperr.Is(err, apperr.Forbidden) {
				t.Errorf("%s while acting: %v, want Forbidden", name, err)
			}
		}
		var n int
		q := `SELECT COUNT(*) FROM audit_entries WHERE result = 'denied' AND username = 'alue.admin' AND chain = '` + mun.ID + `' AND touched LIKE '%acting_for_another_organisation'`
		if err := env.DB.SQL().QueryRow(q).Scan(&n); err != nil || n != len(attempts) {
			t.Errorf("refusals logged in the municipality's log: %d of %d (%v)", n, len(attempts), err)
		}
		// At home the same admin administers the own organisation.
		if _, err := env.Auth.Users(ctx, home); err != nil {
			t.Errorf("at home: %v", err)
		}
	})
}

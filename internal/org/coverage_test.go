package org_test

import (
	"context"
	"slices"
	"testing"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/org"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

var ctx = context.Background()

// A caseworker of an employment area acts for the municipalities the area
// covers, and for no other.
func TestEmploymentAreaActsForCoveredMunicipality(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddOrg(t, "430")
		if _, err := env.Orgs.Add(ctx, testenv.System, org.Org{Code: "TA-1", Name: "Työllisyysalue", Kind: org.EmploymentArea}); err != nil {
			t.Fatal(err)
		}
		if err := env.Orgs.Cover(ctx, testenv.System, "TA-1", "240", nil); err != nil {
			t.Fatal(err)
		}
		if err := env.Orgs.Cover(ctx, testenv.System, "240", "430", nil); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("a municipality cannot cover another: %v", err)
		}
		areaUser := env.AddUser(t, "TA-1", "alue.ohjaaja", access.Caseworker)
		acting, err := env.Orgs.ActAs(ctx, areaUser, "240")
		if err != nil || acting.OrgCode != "240" || acting.HomeOrgCode != "TA-1" {
			t.Fatalf("act for covered municipality: %+v %v", acting, err)
		}
		if _, err := env.Orgs.ActAs(ctx, areaUser, "430"); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("acted for an uncovered municipality: %v", err)
		}
		c, _, err := env.Clients.Create(ctx, acting, client.Details{BirthDate: civil.Date{Year: 1990, Month: 2, Day: 3}, FirstNames: "Alue", LastName: "Asiakas"}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if c.OrgID != env.OrgByCode["240"].ID {
			t.Errorf("client registered for %s, want the municipality", c.OrgID)
		}
		// The municipality's supervisor sees the area user in the access log.
		sup := env.AddUser(t, "240", "kunta.esihenkilo", access.Supervisor)
		log, err := env.Clients.AccessLog(ctx, sup, c.ID)
		if err != nil || len(log) != 1 || log[0].Username != "alue.ohjaaja" || log[0].Via != "TA-1" {
			t.Fatalf("access log: %+v %v", log, err)
		}
		// Acting as the area itself, the client is not visible.
		if _, err := env.Clients.Get(ctx, areaUser, c.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("area's own scope read the municipality's client: %v", err)
		}
	})
}

// Acting for a municipality carries only the roles the coverage grants:
// the intersection of the user's roles and the coverage's. A user with
// none of them cannot act for it at all, and the refusal is logged in the
// area's log. Staff administration is never grantable.
func TestActingCarriesOnlyTheCoverageRoles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddOrg(t, "241")
		area, err := env.Orgs.Add(ctx, testenv.System, org.Org{Code: "TA-1", Name: "Työllisyysalue", Kind: org.EmploymentArea})
		if err != nil {
			t.Fatal(err)
		}
		for _, roles := range [][]access.Role{{access.OrgAdmin}, {access.Caseworker, access.DPO}, {access.OperatorAdmin}} {
			if err := env.Orgs.Cover(ctx, testenv.System, "TA-1", "240", roles); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("coverage granted %v: %v", roles, err)
			}
		}
		if err := env.Orgs.Cover(ctx, testenv.System, "TA-1", "240", nil); err != nil { // default: caseworker
			t.Fatal(err)
		}
		if err := env.Orgs.Cover(ctx, testenv.System, "TA-1", "241", []access.Role{access.Supervisor, access.Caseworker}); err != nil {
			t.Fatal(err)
		}
		boss := env.AddUser(t, "TA-1", "alue.kaikki", access.OrgAdmin, access.Supervisor, access.Caseworker, access.Statistician)
		for code, want := range map[string][]access.Role{"240": {access.Caseworker}, "241": {access.Caseworker, access.Supervisor}} {
			acting, err := env.Orgs.ActAs(ctx, boss, code)
			if err != nil {
				t.Fatalf("act for %s: %v", code, err)
			}
			if !sameRoles(acting.Roles, want) || acting.Can(access.UserManage) || acting.HomeOrgID != area.ID {
				t.Errorf("acting for %s: roles %v, want %v", code, acting.Roles, want)
			}
			// An acting actor cannot act again (its roles are narrowed).
			if _, err := env.Orgs.ActAs(ctx, acting, "241"); code == "240" && !apperr.Is(err, apperr.Forbidden) {
				t.Errorf("acted again from an acting actor: %v", err)
			}
		}
		// Covering again changes the roles.
		if err := env.Orgs.Cover(ctx, testenv.System, "TA-1", "240", []access.Role{access.Statistician}); err != nil {
			t.Fatal(err)
		}
		if acting, err := env.Orgs.ActAs(ctx, boss, "240"); err != nil || !sameRoles(acting.Roles, []access.Role{access.Statistician}) {
			t.Errorf("after re-covering: %v %v", acting.Roles, err)
		}
		// An area admin with no client-work role cannot act at all.
		admin := env.AddUser(t, "TA-1", "alue.admin", access.OrgAdmin)
		if _, err := env.Orgs.ActAs(ctx, admin, "241"); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("admin acted for the municipality: %v", err)
		}
		var n int
		q := `SELECT COUNT(*) FROM audit_entries WHERE action = 'org.act_as' AND result = 'denied' AND touched = 'org:241,no_role_in_coverage' AND chain = '` + area.ID + `'`
		if err := env.DB.SQL().QueryRow(q).Scan(&n); err != nil || n != 1 {
			t.Errorf("refusal logged in the area's log: %d %v", n, err)
		}
	})
}

func sameRoles(a, b []access.Role) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

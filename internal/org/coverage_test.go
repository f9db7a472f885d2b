package org_test

import (
	"context"
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
		if _, err := env.Organisations.Add(ctx, testenv.System, org.Org{Code: "TA-1", Name: "Työllisyysalue", Kind: org.EmploymentArea}); err != nil {
			t.Fatal(err)
		}
		if err := env.Organisations.Cover(ctx, testenv.System, "TA-1", "240"); err != nil {
			t.Fatal(err)
		}
		if err := env.Organisations.Cover(ctx, testenv.System, "240", "430"); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("a municipality cannot cover another: %v", err)
		}
		areaUser := env.AddUser(t, "TA-1", "alue.ohjaaja", access.Caseworker)
		acting, err := env.Organisations.ActAs(ctx, areaUser, "240")
		if err != nil || acting.OrgCode != "240" || acting.HomeOrgCode != "TA-1" {
			t.Fatalf("act for covered municipality: %+v %v", acting, err)
		}
		if _, err := env.Organisations.ActAs(ctx, areaUser, "430"); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("acted for an uncovered municipality: %v", err)
		}
		c, _, err := env.Clients.Create(ctx, acting, client.Details{BirthDate: civil.Date{Year: 1990, Month: 2, Day: 3}, FirstNames: "Alue", LastName: "Asiakas"}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if c.OrgID != env.Orgs["240"].ID {
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

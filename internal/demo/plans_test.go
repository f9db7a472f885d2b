package demo

import (
	"context"
	"reflect"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/plan"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// Every demo client gets a valid plan with 1–3 versions, written in
// bulk; some get the first plan rule's warning, and an assessed client's
// plan starts after its assessment.
func TestLoadPlans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		env := testenv.New(t, engine)
		if _, err := Load(ctx, env.Orgs, env.Auth, env.Clients, Options{Clients: 40, Seed: 3, Plans: env.Plans, Assessments: env.Assessments}); err != nil {
			t.Fatal(err)
		}
		count := func(q string) int {
			var n int
			if err := env.DB.SQL().QueryRow(q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := count(`SELECT COUNT(DISTINCT client_id) FROM plans`); n != 40 {
			t.Errorf("%d clients with a plan, want 40", n)
		}
		if n := count(`SELECT COUNT(*) FROM plans WHERE version < 1 OR version > 3`); n != 0 {
			t.Errorf("%d plans with other than 1–3 versions", n)
		}
		if n := count(`SELECT COUNT(*) FROM plans WHERE version > 1`); n == 0 {
			t.Error("no plan has revisions")
		}
		if n := count(`SELECT COUNT(*) FROM plans p WHERE version <> (SELECT COUNT(*) FROM plan_versions v WHERE v.plan_id = p.id)`); n != 0 {
			t.Errorf("%d plans whose version is not their number of versions", n)
		}
		if n := count(`SELECT COUNT(*) FROM plan_versions WHERE warnings LIKE '%first_plan_over_1y%'`); n == 0 {
			t.Error("no plan with the first-plan warning")
		}
	})
}

// A plan written by the bulk path reads back through the plan service
// exactly like the same plan saved through Create and Revise (content
// sealed with the client's key, the rules' warnings). A caseworker may
// not use the bulk path, and nobody may load plans onto a client of
// another organisation: the attempts write nothing.
func TestBulkPlansReadLikeServicePlans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		env := testenv.New(t, engine)
		env.AddOrg(t, "091")
		env.AddOrg(t, "049")
		cw := env.AddUser(t, "091", "cw", access.Caseworker)
		stranger := env.AddUser(t, "049", "cw2", access.Caseworker)
		system := access.SystemActor(access.ChannelCLI)
		newClient := func(actor access.Actor, first, birth string) client.Client {
			c, _, err := env.Clients.Create(ctx, actor, client.Details{FirstNames: first, LastName: "Asiakas", BirthDate: mustDate(t, birth),
				MunicipalityRegistered: mustDate(t, "2024-01-10")}, client.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		a, b, other := newClient(cw, "Testi", "1990-05-05"), newClient(cw, "Toinen", "1985-06-06"), newClient(stranger, "Kolmas", "1980-07-07")
		var l plan.Loaded
		for seed := int64(1); len(l.Versions) < 2; seed++ {
			l = clientPlan(seed, 0, a, civil.Date{})
		}
		if err := env.Plans.Load(ctx, cw, cw, []plan.Loaded{l}); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("caseworker's bulk load: %v, want Forbidden", err)
		}
		onOther := []plan.Loaded{l, {ClientID: other.ID, Versions: l.Versions}}
		if err := env.Plans.Load(ctx, system, cw, onOther); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("bulk load onto another organisation's client: %v, want NotFound", err)
		}
		var n int
		if err := env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM plans`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("refused loads wrote %d plans (%v)", n, err)
		}
		if err := env.Plans.Load(ctx, system, cw, []plan.Loaded{l}); err != nil {
			t.Fatal(err)
		}
		v, err := env.Plans.Create(ctx, cw, b.ID, l.Versions[0])
		if err != nil {
			t.Fatal(err)
		}
		for k, c := range l.Versions[1:] {
			if _, err := env.Plans.Revise(ctx, cw, b.ID, v.PlanID, k+1, c); err != nil {
				t.Fatal(err)
			}
		}
		bulk, err := env.Plans.List(ctx, cw, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		viaService, err := env.Plans.List(ctx, cw, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(bulk) != 1 || len(viaService) != 1 {
			t.Fatalf("%d bulk plans, %d through the service", len(bulk), len(viaService))
		}
		for n := 1; n <= len(l.Versions); n++ {
			x, err := env.Plans.GetVersion(ctx, cw, a.ID, bulk[0].ID, n)
			if err != nil {
				t.Fatal(err)
			}
			y, err := env.Plans.GetVersion(ctx, cw, b.ID, viaService[0].ID, n)
			if err != nil {
				t.Fatal(err)
			}
			if x, y := comparableVersion(x), comparableVersion(y); !reflect.DeepEqual(x, y) {
				t.Errorf("version %d:\nbulk    %+v\nservice %+v", n, x, y)
			}
		}
	})
}

// comparableVersion leaves out what differs between two savings of the
// same plan version: identifiers and the time saved.
func comparableVersion(v plan.Version) plan.Version {
	v.PlanID, v.ClientID, v.SavedAt = "", "", time.Time{}
	return v
}

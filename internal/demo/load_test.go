package demo

import (
	"context"
	"strconv"
	"testing"

	"koto/internal/access"
	"koto/internal/client"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

func TestLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		env := testenv.New(t, engine)
		res, err := Load(ctx, env.Orgs, env.Auth, env.Clients, Options{Clients: 60, Seed: 7, Placements: env.Placements})
		if err != nil {
			t.Fatal(err)
		}
		// Casework for a share of the clients: placements and ended services.
		var placed, ended int
		if err := env.DB.SQL().QueryRow(`SELECT (SELECT COUNT(*) FROM client_placements), (SELECT COUNT(*) FROM clients WHERE service_end IS NOT NULL)`).Scan(&placed, &ended); err != nil {
			t.Fatal(err)
		}
		if placed == 0 || ended == 0 {
			t.Errorf("%d placements and %d ended services among 60 clients", placed, ended)
		}
		if res.AlreadyLoaded || res.Clients != 60 || len(res.Orgs) != len(Municipalities)+1 {
			t.Fatalf("first load: %+v", res)
		}
		total := 0
		for _, m := range Municipalities {
			total += checkClients(t, env, m)
		}
		if total != 60 {
			t.Errorf("found %d clients, want 60", total)
		}
		again, err := Load(ctx, env.Orgs, env.Auth, env.Clients, Options{Clients: 60, Seed: 7})
		if err != nil || !again.AlreadyLoaded || again.Clients != 0 {
			t.Fatalf("second load: %+v, %v", again, err)
		}
	})
}

// checkClients logs in as the municipality's demo caseworker (so the demo
// password works), reads every client through the service and checks that
// each HETU uses an individual number of 900–999. It returns the count.
func checkClients(t *testing.T, env *testenv.Env, m Municipality) int {
	t.Helper()
	ctx := context.Background()
	secret, _, err := env.Auth.Login(ctx, caseworkerName(m), Password, "127.0.0.1", access.ChannelUI, "test")
	if err != nil {
		t.Fatalf("login %s: %v", caseworkerName(m), err)
	}
	actor, _, err := env.Auth.SessionActor(ctx, secret, "test")
	if err != nil {
		t.Fatal(err)
	}
	page, err := env.Clients.List(ctx, actor, client.ListFilter{PageSize: 200})
	if err != nil {
		t.Fatal(err)
	}
	withHETU := 0
	for _, s := range page.Items {
		c, err := env.Clients.Get(ctx, actor, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.HomeMunicipality != m.Code {
			t.Errorf("%s: home municipality %s in %s", c.KotoID, c.HomeMunicipality, m.Code)
		}
		if c.HETU == "" {
			continue
		}
		withHETU++
		if n, err := strconv.Atoi(c.HETU[7:10]); err != nil || n < 900 || n > 999 {
			t.Errorf("%s: HETU individual number %q outside 900–999", c.KotoID, c.HETU[7:10])
		}
	}
	if len(page.Items) > 5 && withHETU == 0 {
		t.Errorf("%s: no client has a HETU", m.Name)
	}
	return page.Total
}

package demo

import (
	"context"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/placement"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// A placement written by the bulk path reads back through the placement
// service exactly like the same placement saved through Save. A
// caseworker may not use the bulk path, and nobody may load a placement
// onto a client of another organisation: the attempts write nothing.
func TestBulkPlacementsReadLikeServicePlacements(t *testing.T) {
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
				ArrivalDate: mustDate(t, "2023-01-10")}, client.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		a, b, other := newClient(cw, "Testi", "1990-05-05"), newClient(cw, "Toinen", "1985-06-06"), newClient(stranger, "Kolmas", "1980-07-07")
		p := placement.Placement{Municipality: "091", AssigningAuthority: authorities[0], ReceptionCentre: receptionCentres[0],
			PlacedFrom: receptionCentres[0], DecisionDate: mustDate(t, "2023-05-02"), ArrivalDate: mustDate(t, "2023-05-20")}
		if err := env.Placements.Load(ctx, cw, cw, []placement.Loaded{{ClientID: a.ID, Placement: p}}); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("caseworker's bulk load: %v, want Forbidden", err)
		}
		onOther := []placement.Loaded{{ClientID: a.ID, Placement: p}, {ClientID: other.ID, Placement: p}}
		if err := env.Placements.Load(ctx, system, cw, onOther); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("bulk load onto another organisation's client: %v, want NotFound", err)
		}
		if err := env.Placements.Load(ctx, system, cw, []placement.Loaded{{ClientID: a.ID, Placement: p}}); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Placements.Save(ctx, cw, b.ID, 0, p); err != nil {
			t.Fatal(err)
		}
		bulk, err := env.Placements.Get(ctx, cw, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		viaService, err := env.Placements.Get(ctx, cw, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		bulk.UpdatedAt, viaService.UpdatedAt = time.Time{}, time.Time{}
		if bulk != viaService {
			t.Errorf("bulk %+v\nservice %+v", bulk, viaService)
		}
		if _, err := env.Placements.Get(ctx, cw, other.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another organisation's client: %v", err)
		}
	})
}

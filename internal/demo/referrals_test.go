package demo

import (
	"context"
	"reflect"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/referral"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// With the referral service, the demo has providers and every client 2–5
// referrals, written in bulk, along referralSteps with the events in
// lifecycle order and date order.
func TestLoadReferrals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		if _, err := Load(context.Background(), env.Orgs, env.Auth, env.Clients, Options{Clients: 40, Seed: 3, Referrals: env.Referrals}); err != nil {
			t.Fatal(err)
		}
		db := env.DB.SQL()
		count := func(q string) int {
			var n int
			if err := db.QueryRow(q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := count(`SELECT COUNT(*) FROM referrals`); n < 2*40 || n > 5*40 {
			t.Errorf("%d referrals for 40 clients, want 2–5 each", n)
		}
		if n := count(`SELECT MIN(c) FROM (SELECT COUNT(*) AS c FROM referrals GROUP BY client_id) x`); n < 2 {
			t.Errorf("a client has %d referrals", n)
		}
		if n := count(`SELECT COUNT(DISTINCT status) FROM referrals`); n < 5 {
			t.Errorf("referrals in %d statuses", n)
		}
		if n := count(`SELECT COUNT(*) FROM organisations WHERE kind = 'provider'`); n != len(Providers) {
			t.Errorf("%d providers", n)
		}
		if n := count(`SELECT COUNT(*) FROM referral_events a JOIN referral_events b ON b.referral_id = a.referral_id AND b.seq = a.seq + 1
			WHERE b.event_date < a.event_date`); n != 0 {
			t.Errorf("%d events dated before the previous one", n)
		}
		if n := count(`SELECT COUNT(*) FROM referrals r JOIN referral_events e ON e.referral_id = r.id
			WHERE e.seq = (SELECT MAX(seq) FROM referral_events x WHERE x.referral_id = r.id) AND e.status <> r.status`); n != 0 {
			t.Errorf("%d referrals whose status is not their last event's", n)
		}
	})
}

// A referral written by the bulk path reads back through the referral
// service exactly like the same referral made through Create and AddStep
// (the reasons sealed with the client's key). A caseworker may not use
// the bulk path, and nobody may load referrals onto a client of another
// organisation: the attempts write nothing.
func TestBulkReferralsReadLikeServiceReferrals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		env := testenv.New(t, engine)
		env.AddOrg(t, "091")
		env.AddOrg(t, "049")
		env.AddProvider(t, Providers[0].Code, Providers[0].Name)
		cw := env.AddUser(t, "091", "cw", access.Caseworker)
		stranger := env.AddUser(t, "049", "cw2", access.Caseworker)
		system := access.SystemActor(access.ChannelCLI)
		newClient := func(actor access.Actor, first, birth string) string {
			c, _, err := env.Clients.Create(ctx, actor, client.Details{FirstNames: first, LastName: "Asiakas", BirthDate: mustDate(t, birth)}, client.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			return c.ID
		}
		a, b, other := newClient(cw, "Testi", "1990-05-05"), newClient(cw, "Toinen", "1985-06-06"), newClient(stranger, "Kolmas", "1980-07-07")
		service := referral.National[0].Code
		loaded := []referral.Loaded{
			{ClientID: a, Referral: referral.NewReferral{Provider: Providers[0].Code, Service: service, Date: mustDate(t, "2025-02-03")}},
			{ClientID: a, Referral: referral.NewReferral{Provider: Providers[0].Code, Service: service, Date: mustDate(t, "2025-03-03")},
				Steps: []referral.Step{{Status: referral.Sent, Date: mustDate(t, "2025-03-10")}, {Status: referral.Rejected, Date: mustDate(t, "2025-03-20"), Reason: demoReasons[referral.Rejected]}}},
		}
		if err := env.Referrals.Load(ctx, cw, cw, loaded); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("caseworker's bulk load: %v, want Forbidden", err)
		}
		onOther := append([]referral.Loaded{{ClientID: other, Referral: loaded[0].Referral}}, loaded...)
		if err := env.Referrals.Load(ctx, system, cw, onOther); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("bulk load onto another organisation's client: %v, want NotFound", err)
		}
		var n int
		if err := env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM referrals`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("refused loads wrote %d referrals (%v)", n, err)
		}
		if err := env.Referrals.Load(ctx, system, cw, loaded); err != nil {
			t.Fatal(err)
		}
		for _, l := range loaded {
			r, err := env.Referrals.Create(ctx, cw, b, l.Referral)
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range l.Steps {
				if _, err := env.Referrals.AddStep(ctx, cw, b, r.ID, st); err != nil {
					t.Fatal(err)
				}
			}
		}
		bulk, err := env.Referrals.ClientReferrals(ctx, cw, a)
		if err != nil {
			t.Fatal(err)
		}
		viaService, err := env.Referrals.ClientReferrals(ctx, cw, b)
		if err != nil {
			t.Fatal(err)
		}
		if len(bulk.Referrals) != 2 || len(viaService.Referrals) != 2 {
			t.Fatalf("%d bulk referrals, %d through the service", len(bulk.Referrals), len(viaService.Referrals))
		}
		for i := range bulk.Referrals {
			if x, y := comparableReferral(bulk.Referrals[i]), comparableReferral(viaService.Referrals[i]); !reflect.DeepEqual(x, y) {
				t.Errorf("referral %d:\nbulk    %+v\nservice %+v", i, x, y)
			}
		}
	})
}

// comparableReferral leaves out what differs between two recordings of
// the same referral: identifiers and recording times.
func comparableReferral(r referral.Referral) referral.Referral {
	r.ID, r.ClientID, r.CreatedAt = "", "", time.Time{}
	events := append([]referral.Event(nil), r.Events...)
	for i := range events {
		events[i].At = time.Time{}
	}
	r.Events = events
	return r
}

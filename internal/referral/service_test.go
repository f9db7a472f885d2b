package referral_test

import (
	"context"
	"testing"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/hetu"
	"koto/internal/referral"
	"koto/internal/services"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

var ctx = context.Background()

func testHETU(t testing.TB, y, m, d, n int) string {
	t.Helper()
	h, err := hetu.New(civil.Date{Year: y, Month: timeMonth(m), Day: d}, n)
	if err != nil {
		t.Fatal(err)
	}
	return h.String()
}

func date(s string) civil.Date {
	d, err := civil.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

type fixture struct {
	env                            *testenv.Env
	caseworker, stranger, super    access.Actor
	admin, otherOrg, otherOrgSuper access.Actor
	clientID, otherClientID        string
	foreignClientID                string
}

func setup(t *testing.T, engine string) fixture {
	env := testenv.New(t, engine)
	env.AddOrg(t, "240")
	env.AddOrg(t, "430")
	env.AddProvider(t, "koulutus-oy", "Koulutus Oy")
	f := fixture{
		env:           env,
		caseworker:    env.AddUser(t, "240", "anna.ohjaaja", access.Caseworker),
		stranger:      env.AddUser(t, "240", "ville.ohjaaja", access.Caseworker),
		super:         env.AddUser(t, "240", "erkki.esihenkilo", access.Supervisor),
		admin:         env.AddUser(t, "240", "paula.admin", access.OrgAdmin),
		otherOrg:      env.AddUser(t, "430", "olli.loimaa", access.Caseworker),
		otherOrgSuper: env.AddUser(t, "430", "outi.loimaa", access.Supervisor),
	}
	mk := func(actor access.Actor, n int, last string) string {
		c, _, err := env.Clients.Create(ctx, actor, client.Details{HETU: testHETU(t, 1985, 2, 3, n), FirstNames: "Testi", LastName: last}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	f.clientID = mk(f.caseworker, 901, "Lähete")
	f.otherClientID = mk(f.caseworker, 902, "Toinen")
	f.foreignClientID = mk(f.otherOrg, 903, "Loimaalainen")
	return f
}

func TestReferralLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		s := f.env.Referrals
		r, err := s.Create(ctx, f.caseworker, f.clientID, referral.NewReferral{Provider: "koulutus-oy", Service: "integration-training", Date: date("2026-03-01")})
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != referral.Proposed || r.ProviderName != "Koulutus Oy" {
			t.Fatalf("created %+v", r)
		}
		steps := []referral.Step{{Status: referral.Sent, Date: date("2026-03-02")}, {Status: referral.Accepted, Date: date("2026-03-05")}}
		for _, st := range steps {
			if r, err = s.AddStep(ctx, f.caseworker, f.clientID, r.ID, st); err != nil {
				t.Fatalf("%s: %v", st.Status, err)
			}
		}
		// Impossible step: Invalid on status, nothing recorded.
		_, err = s.AddStep(ctx, f.caseworker, f.clientID, r.ID, referral.Step{Status: referral.Completed, Date: date("2026-03-06")})
		if ae, ok := apperr.As(err); !ok || ae.Kind != apperr.Invalid || ae.Fields[0].Field != "status" {
			t.Fatalf("impossible step: %v", err)
		}
		// A date before the previous step.
		_, err = s.AddStep(ctx, f.caseworker, f.clientID, r.ID, referral.Step{Status: referral.Started, Date: date("2026-03-04")})
		if ae, ok := apperr.As(err); !ok || ae.Fields[0].Field != "date" {
			t.Fatalf("early date: %v", err)
		}
		r, err = s.AddStep(ctx, f.caseworker, f.clientID, r.ID, referral.Step{Status: referral.Started, Date: date("2026-03-10")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err = s.AddStep(ctx, f.caseworker, f.clientID, r.ID, referral.Step{Status: referral.Interrupted, Date: date("2026-04-01"), Reason: "Muutti toiselle paikkakunnalle"}); err != nil {
			t.Fatal(err)
		}
		ov, err := s.ClientReferrals(ctx, f.caseworker, f.clientID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ov.Referrals) != 1 || len(ov.Referrals[0].Events) != 5 || ov.Referrals[0].Status != referral.Interrupted {
			t.Fatalf("overview %+v", ov.Referrals)
		}
		if got := ov.Referrals[0].Events[4].Reason; got != "Muutti toiselle paikkakunnalle" {
			t.Errorf("reason %q", got)
		}
		if len(ov.Providers) != 1 || len(ov.Services) < len(referral.National) {
			t.Errorf("providers %v services %d", ov.Providers, len(ov.Services))
		}
		// The reason is sealed: the plaintext is not in the table.
		var n int
		if err := f.env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM referral_events WHERE reason_enc IS NOT NULL`).Scan(&n); err != nil || n != 1 {
			t.Errorf("sealed reasons %d (%v)", n, err)
		}
		// The per-provider list shows the client by name and logs it.
		list, err := s.ByProvider(ctx, f.super, "koulutus-oy", "")
		if err != nil || len(list) != 1 || list[0].ClientName != "Lähete, Testi" {
			t.Fatalf("by provider: %+v %v", list, err)
		}
		if list, err := s.ByProvider(ctx, f.super, "koulutus-oy", referral.Sent); err != nil || len(list) != 0 {
			t.Errorf("by provider sent: %+v %v", list, err)
		}
		if err := f.env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM audit_entries WHERE action = 'referral.list' AND result = 'allowed'`).Scan(&n); err != nil || n != 2 {
			t.Errorf("list logged %d times (%v)", n, err)
		}
		if _, err := s.ByProvider(ctx, f.caseworker, "koulutus-oy", ""); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("caseworker listed the organisation's referrals: %v", err)
		}
		if _, err := s.ByProvider(ctx, f.super, "240", ""); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("a municipality as provider: %v", err)
		}
	})
}

func TestReferralValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		tests := []struct {
			in    referral.NewReferral
			field string
		}{
			{referral.NewReferral{Provider: "", Service: "self-study", Date: date("2026-01-01")}, "provider"},
			{referral.NewReferral{Provider: "240", Service: "self-study", Date: date("2026-01-01")}, "provider"},
			{referral.NewReferral{Provider: "koulutus-oy", Service: "nope", Date: date("2026-01-01")}, "service"},
			{referral.NewReferral{Provider: "koulutus-oy", Service: "self-study"}, "date"},
		}
		for _, tt := range tests {
			_, err := f.env.Referrals.Create(ctx, f.caseworker, f.clientID, tt.in)
			if ae, ok := apperr.As(err); !ok || ae.Kind != apperr.Invalid || ae.Fields[0].Field != tt.field {
				t.Errorf("%+v: %v, want Invalid on %s", tt.in, err, tt.field)
			}
		}
	})
}

// The attacks: another organisation's client, another client's referral,
// a caseworker without a relation: all NotFound (or reason required) and
// logged as denied.
func TestReferralAttacks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		s := f.env.Referrals
		in := referral.NewReferral{Provider: "koulutus-oy", Service: "self-study", Date: date("2026-03-01")}
		r, err := s.Create(ctx, f.caseworker, f.clientID, in)
		if err != nil {
			t.Fatal(err)
		}
		foreign, err := s.Create(ctx, f.otherOrg, f.foreignClientID, in)
		if err != nil {
			t.Fatal(err)
		}
		// Another organisation's client: NotFound, logged in both logs.
		if _, err := s.ClientReferrals(ctx, f.caseworker, f.foreignClientID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("foreign client: %v", err)
		}
		if _, err := s.Create(ctx, f.super, f.foreignClientID, in); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("create on foreign client: %v", err)
		}
		var n int
		if err := f.env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM audit_entries WHERE action LIKE 'referral.%' AND result = 'denied' AND client_id = '` + f.foreignClientID + `'`).Scan(&n); err != nil || n < 2 {
			t.Errorf("foreign refusals logged %d (%v)", n, err)
		}
		// A referral of another client (own organisation, or another's)
		// through a client one may see: NotFound.
		for _, id := range []string{r.ID, foreign.ID, "missing"} {
			if _, err := s.AddStep(ctx, f.caseworker, f.otherClientID, id, referral.Step{Status: referral.Sent}); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("referral %s via another client: %v", id, err)
			}
		}
		// A caseworker without a relation is refused.
		if _, err := s.ClientReferrals(ctx, f.stranger, f.clientID); err == nil {
			t.Error("caseworker without a relation read referrals")
		}
		if _, err := s.AddStep(ctx, f.stranger, f.clientID, r.ID, referral.Step{Status: referral.Sent}); err == nil {
			t.Error("caseworker without a relation stepped a referral")
		}
		// The organisation admin sees no client content.
		if _, err := s.ClientReferrals(ctx, f.admin, f.clientID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("admin read referrals: %v", err)
		}
		// The per-provider list of another organisation does not show ours.
		list, err := s.ByProvider(ctx, f.otherOrgSuper, "koulutus-oy", "")
		if err != nil || len(list) != 1 || list[0].ClientID != f.foreignClientID {
			t.Errorf("other organisation's list: %+v %v", list, err)
		}
	})
}

func TestServiceCatalogue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		s := f.env.Referrals
		own := services.Kind{Code: "job-club", Names: map[string]string{"fi": "Työnhakuklubi", "sv": "Jobbklubb"}}
		if _, err := s.AddService(ctx, f.caseworker, own); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("caseworker added a service: %v", err)
		}
		if _, err := s.AddService(ctx, f.admin, own); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddService(ctx, f.super, own); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("duplicate: %v", err)
		}
		list, err := s.Services(ctx, f.caseworker)
		if err != nil || len(list) != len(referral.National)+1 {
			t.Fatalf("catalogue %d %v", len(list), err)
		}
		other, err := s.Services(ctx, f.otherOrg)
		if err != nil || len(other) != len(referral.National) {
			t.Errorf("another organisation sees our catalogue: %d %v", len(other), err)
		}
		if _, err := s.Create(ctx, f.caseworker, f.clientID, referral.NewReferral{Provider: "koulutus-oy", Service: "job-club", Date: date("2026-01-01")}); err != nil {
			t.Errorf("referral to an own service: %v", err)
		}
		if _, err := s.Create(ctx, f.otherOrg, f.foreignClientID, referral.NewReferral{Provider: "koulutus-oy", Service: "job-club", Date: date("2026-01-01")}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("referral to another organisation's service: %v", err)
		}
	})
}

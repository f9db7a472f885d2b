package disclosure_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/disclosure"
	"koto/internal/referral"
	"koto/internal/store"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

type fixture struct {
	env                 *testenv.Env
	svc                 *disclosure.Service
	cw, otherCW         access.Actor
	prov, prov2         access.Actor
	clientID, client2ID string
	refID, ref2ID       string // the client's referral to P260 (sent), to P261 (proposed)
	otherRefID          string // client 2's referral to P260 (sent)
}

func newFixture(t *testing.T, engine string) fixture {
	t.Helper()
	ctx := context.Background()
	env := testenv.New(t, engine)
	env.AddOrg(t, "260")
	env.AddOrg(t, "261")
	env.AddProvider(t, "P260", "Opisto A")
	env.AddProvider(t, "P261", "Opisto B")
	f := fixture{env: env, svc: disclosure.NewService(env.DB.ProviderDisclosures(), store.NewID),
		cw: env.AddUser(t, "260", "ohjaaja", access.Caseworker), otherCW: env.AddUser(t, "261", "toinen", access.Caseworker, access.Supervisor),
		prov: env.AddUser(t, "P260", "tuottaja", access.Provider), prov2: env.AddUser(t, "P261", "tuottaja2", access.Provider)}
	mk := func(first string) string {
		c, _, err := env.Clients.Create(ctx, f.cw, client.Details{FirstNames: first, LastName: "Luovutettava", BirthDate: civil.Date{Year: 1990, Month: 5, Day: 6},
			MotherTongue: "ar", Citizenships: []string{"SY"}}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	ref := func(clientID, provider string, sent bool) string {
		r, err := env.Referrals.Create(ctx, f.cw, clientID, referral.NewReferral{Provider: provider, Service: "integration-training", Date: civil.Date{Year: 2025, Month: 3, Day: 1}})
		if err != nil {
			t.Fatal(err)
		}
		if sent {
			if _, err := env.Referrals.AddStep(ctx, f.cw, clientID, r.ID, referral.Step{Status: referral.Sent, Date: civil.Date{Year: 2025, Month: 3, Day: 2}}); err != nil {
				t.Fatal(err)
			}
		}
		return r.ID
	}
	f.clientID, f.client2ID = mk("Aino"), mk("Bashir")
	f.refID, f.ref2ID, f.otherRefID = ref(f.clientID, "P260", true), ref(f.clientID, "P261", false), ref(f.client2ID, "P260", true)
	return f
}

func TestProviderDisclosure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		f := newFixture(t, engine)
		pre, err := f.svc.Preview(ctx, f.cw, f.clientID, f.refID, disclosure.FreeText{})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"names", "birthDateAndPlace", "motherTongue", "citizenship", "official"}
		if !slices.Equal(pre.Items, want) || pre.Referral.ProviderCode != "P260" {
			t.Errorf("preview items %v referral %+v", pre.Items, pre.Referral)
		}
		d, err := f.svc.Disclose(ctx, f.cw, f.clientID, disclosure.ProviderInput{Recipient: "P260", Basis: disclosure.BasisIntegrationAct86,
			ReferralID: f.refID, FreeText: disclosure.FreeText{OtherNecessary: "Tulkki tarvitaan."}})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(d.Items, append(slices.Clone(want), "otherNecessary")) || d.ContentHash != disclosure.Hash(d.Content) || d.Kind != disclosure.KindProvider {
			t.Errorf("disclosure %+v", d)
		}
		list, err := f.svc.List(ctx, f.cw, f.clientID)
		if err != nil || len(list) != 1 || list[0].RecipientCode != "P260" || list[0].UserName != "ohjaaja" || list[0].Content != nil {
			t.Errorf("log %+v, %v", list, err)
		}
		got, err := f.svc.Get(ctx, f.cw, f.clientID, d.ID)
		if err != nil || string(got.Content) != string(d.Content) {
			t.Errorf("get %v", err)
		}

		// The provider's users see exactly that package, with the 18 keys.
		inbox, err := f.svc.Inbox(ctx, f.prov)
		if err != nil || len(inbox) != 1 || inbox[0].ID != d.ID || inbox[0].ClientName != "Luovutettava, Aino" || inbox[0].FromCode != "260" {
			t.Fatalf("inbox %+v, %v", inbox, err)
		}
		pkg, err := f.svc.Package(ctx, f.prov, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(pkg.Package, &m); err != nil || len(m) != 18 || pkg.Hash != d.ContentHash {
			t.Errorf("package %s, %v", pkg.Package, err)
		}
		for _, k := range disclosure.ItemKeys {
			if _, ok := m[k]; !ok {
				t.Errorf("package lacks %s", k)
			}
		}
		// The view is in the provider's log and, with the client, in the
		// holder's; the disclosing entry names the disclosure.
		count := func(q string) int {
			var n int
			if err := f.env.DB.SQL().QueryRow(q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		view := `SELECT COUNT(*) FROM audit_entries WHERE action = 'disclosure.receive' AND touched LIKE '%` + d.ID + `%' AND chain = '`
		if n := count(view + f.prov.OrgID + `'`); n < 2 { // the inbox and the package
			t.Errorf("provider's log has %d entries of the views", n)
		}
		if n := count(view + f.cw.OrgID + `' AND client_id = '` + f.clientID + `'`); n != 1 {
			t.Errorf("holder's log has %d entries of the view", n)
		}
		if n := count(`SELECT COUNT(*) FROM audit_entries WHERE action = 'disclosure.provider' AND touched LIKE 'disclosure:` + d.ID + `%' AND client_id = '` + f.clientID + `'`); n != 1 {
			t.Errorf("disclosing entry naming the disclosure: %d", n)
		}
	})
}

// Attacks: the wrong provider, another municipality, a referral of
// another client or to another provider, a referral in the wrong state.
func TestProviderDisclosureRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		f := newFixture(t, engine)
		d, err := f.svc.Disclose(ctx, f.cw, f.clientID, disclosure.ProviderInput{Recipient: "P260", ReferralID: f.refID})
		if err != nil {
			t.Fatal(err)
		}
		kind := func(err error) apperr.Kind {
			if err == nil {
				return -1
			}
			return apperr.KindOf(err)
		}
		cases := []struct {
			name string
			err  error
			want apperr.Kind
		}{
			{"other provider reads the package", func() error { _, err := f.svc.Package(ctx, f.prov2, d.ID); return err }(), apperr.NotFound},
			{"caseworker uses the inbox", func() error { _, err := f.svc.Inbox(ctx, f.cw); return err }(), apperr.Forbidden},
			{"provider reads the client's log", func() error { _, err := f.svc.List(ctx, f.prov, f.clientID); return err }(), apperr.NotFound},
			{"other municipality reads the log", func() error { _, err := f.svc.List(ctx, f.otherCW, f.clientID); return err }(), apperr.NotFound},
			{"other municipality reads the disclosure", func() error { _, err := f.svc.Get(ctx, f.otherCW, f.clientID, d.ID); return err }(), apperr.NotFound},
			{"other client's disclosure id", func() error { _, err := f.svc.Get(ctx, f.cw, f.client2ID, d.ID); return err }(), apperr.NotFound},
			{"other municipality discloses", func() error {
				_, err := f.svc.Disclose(ctx, f.otherCW, f.clientID, disclosure.ProviderInput{Recipient: "P260", ReferralID: f.refID})
				return err
			}(), apperr.NotFound},
			{"referral of another client", func() error {
				_, err := f.svc.Disclose(ctx, f.cw, f.clientID, disclosure.ProviderInput{Recipient: "P260", ReferralID: f.otherRefID})
				return err
			}(), apperr.NotFound},
			{"recipient not the referral's provider", func() error {
				_, err := f.svc.Disclose(ctx, f.cw, f.clientID, disclosure.ProviderInput{Recipient: "P261", ReferralID: f.refID})
				return err
			}(), apperr.Invalid},
			{"referral only proposed", func() error {
				_, err := f.svc.Disclose(ctx, f.cw, f.clientID, disclosure.ProviderInput{Recipient: "P261", ReferralID: f.ref2ID})
				return err
			}(), apperr.Invalid},
			{"another basis", func() error {
				_, err := f.svc.Disclose(ctx, f.cw, f.clientID, disclosure.ProviderInput{Recipient: "P260", Basis: "consent", ReferralID: f.refID})
				return err
			}(), apperr.Invalid},
		}
		for _, c := range cases {
			if got := kind(c.err); got != c.want {
				t.Errorf("%s: %v, want kind %v", c.name, c.err, c.want)
			}
		}
		if inbox, err := f.svc.Inbox(ctx, f.prov2); err != nil || len(inbox) != 0 {
			t.Errorf("other provider's inbox %+v, %v", inbox, err)
		}
		if list, _ := f.svc.List(ctx, f.cw, f.clientID); len(list) != 1 {
			t.Errorf("refused attempts recorded disclosures: %d", len(list))
		}
	})
}

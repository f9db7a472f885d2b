package store_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	orgpkg "koto/internal/org"

	"koto/internal/access"
	"koto/internal/auth"
	"koto/internal/client"
	"koto/internal/demo"
	"koto/internal/store"
	"koto/internal/store/storetest"
)

// A database written before migration 0010 — personal details, name keys
// and change history in plain text — opens after it with every client
// readable and findable as before, and with nothing personal left in plain
// text anywhere; a client whose key was already destroyed keeps nothing.
// The register spans several of the Go step's batches.
func TestMigrationSealsExistingClients(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		defer store.SetSealBatch(7)()
		cfg := store.Config{DataDir: t.TempDir(), Ring: storetest.Ring(t)}
		if engine == "postgres" {
			cfg.URL = storetest.Schema(t)
		}
		old, err := store.OpenMigratedTo(ctx, cfg, "0009_search_key_client_index")
		if err != nil {
			t.Fatal(err)
		}
		// The organisation and the user are written as rows: today's
		// services log with columns the old schema does not have yet.
		org := orgpkg.Org{ID: store.NewID(), Code: "205", Name: "Testikunta", Kind: orgpkg.Municipality, CreatedAt: time.Now()}
		u := auth.User{ID: store.NewID(), Username: "sara", DisplayName: "Sara", Roles: []access.Role{access.Supervisor}, CreatedAt: time.Now()}
		if err := old.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.InsertOrg(&org); err != nil {
				return err
			}
			u.OrgID, u.OrgCode = org.ID, org.Code
			return tx.InsertUser(&u)
		}); err != nil {
			t.Fatal(err)
		}
		sup := access.Actor{UserID: u.ID, Username: u.Username, OrgID: u.OrgID, OrgCode: u.OrgCode, Roles: u.Roles, Channel: access.ChannelUI, RequestID: "test"}

		now := time.Now().UTC().Truncate(time.Second)
		legacy := func(d client.Details, history []client.Change, destroyed bool) client.Client {
			t.Helper()
			d.Permits = slices.Clone(d.Permits)
			for i := range d.Permits {
				d.Permits[i].ID = store.NewID()
			}
			c := client.Client{ID: store.NewID(), OrgID: org.ID, Details: d, CreatedAt: now, CreatedBy: u.ID, UpdatedAt: now, UpdatedBy: u.ID, Version: 1}
			if err := old.InsertLegacyClient(ctx, &c, history, destroyed); err != nil {
				t.Fatal(err)
			}
			return c
		}
		gen := demo.NewGenerator(3)
		var clients []client.Client
		for i := range 40 {
			_, d := gen.Client(i)
			clients = append(clients, legacy(d, nil, false))
		}
		p := person(t)
		change := func(field, o, n string, hidden bool) client.Change {
			return client.Change{At: now, UserID: u.ID, Username: u.Username, Field: field, OldValue: o, NewValue: n, Encrypted: hidden}
		}
		earlierHETU := strings.Replace(p.HETU, "977", "975", 1)
		history := []client.Change{
			change("lastName", "Oyelaran", p.LastName, false),
			change("phone", "+358 50 111 2222", p.Phone, false),
			change("hetu", earlierHETU, p.HETU, true),
		}
		kept := legacy(p, history, false)
		erased := p
		erased.HETU, erased.FirstNames, erased.LastName = strings.Replace(p.HETU, "977", "979", 1), "Hodan Ayaan", "Warsame-Lindqvist"
		erased.Phone, erased.Email = "+358 45 123 9876", "hodan.warsame@example.invalid"
		gone := legacy(erased, []client.Change{change("email", "hodan@example.invalid", erased.Email, false)}, true)
		if err := old.Close(); err != nil {
			t.Fatal(err)
		}

		db, err := store.Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		svc := client.NewService(db.Clients(), store.NewID, client.DefaultPolicy)
		for _, want := range append(clients, kept) {
			got, err := svc.Get(ctx, sup, want.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.FirstNames != want.FirstNames || got.LastName != want.LastName || got.BirthDate != want.BirthDate ||
				got.HETU != want.HETU || !slices.Equal(got.PreviousNames, want.PreviousNames) || got.BirthPlace != want.BirthPlace ||
				got.Address != want.Address || got.Phone != want.Phone || got.Email != want.Email ||
				got.HomeMunicipality != want.HomeMunicipality || !slices.Equal(got.Citizenships, want.Citizenships) {
				t.Errorf("client %s after migration:\n got %+v\nwant %+v", want.ID, got.Details, want.Details)
			}
			for _, q := range []client.SearchQuery{{Name: want.FirstNames + " " + want.LastName}, {BirthDate: want.BirthDate}} {
				found, err := svc.Search(ctx, sup, q)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.ContainsFunc(found, func(s client.Summary) bool { return s.ID == want.ID && s.LastName == want.LastName }) {
					t.Errorf("%+v does not find %s %s", q, want.FirstNames, want.LastName)
				}
			}
		}
		hist, err := svc.History(ctx, sup, kept.ID)
		if err != nil {
			t.Fatal(err)
		}
		byField := map[string]client.Change{}
		for _, h := range hist {
			byField[h.Field] = h
		}
		if ch := byField["lastName"]; ch.OldValue != "Oyelaran" || ch.NewValue != p.LastName {
			t.Errorf("last name's history after migration: %+v", ch)
		}
		if ch := byField["phone"]; ch.OldValue != "+358 50 111 2222" || ch.NewValue != p.Phone {
			t.Errorf("phone's history after migration: %+v", ch)
		}
		if ch := byField["hetu"]; !ch.Encrypted || ch.OldValue != "" || ch.NewValue != "" {
			t.Errorf("the HETU's history must stay hidden: %+v", ch)
		}
		page, err := svc.List(ctx, sup, client.ListFilter{Sort: client.SortName, PageSize: 200})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != len(clients)+2 || !slices.IsSortedFunc(page.Items, func(a, b client.Summary) int {
			return strings.Compare(a.LastName+"\x00"+a.FirstNames, b.LastName+"\x00"+b.FirstNames)
		}) {
			t.Errorf("list in name order after migration: %d clients, %+v", page.Total, page.Items)
		}
		if found, err := svc.Search(ctx, sup, client.SearchQuery{Name: "Hodan Warsame"}); err != nil || len(found) != 0 {
			t.Errorf("the erased client is found by name: %v %v", found, err)
		}
		if c, err := svc.Get(ctx, sup, gone.ID); err != nil || c.LastName != "" || c.Phone != "" {
			t.Errorf("the erased client's card: %+v %v", c.Details, err)
		}
		forms := append(personalForms(erased), personalForms(p)...)
		forms = append(forms, "Oyelaran", "+358 50 111 2222", earlierHETU, "hodan@example.invalid")
		if found := leaks(t, db.SQL(), engine, forms); len(found) > 0 {
			t.Errorf("personal data left in plain text after migration:\n%s", strings.Join(found, "\n"))
		}
	})
}

package client_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/hetu"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

var ctx = context.Background()

// testHETU makes a valid synthetic HETU (individual number 900–999).
func testHETU(t testing.TB, y, m, d, n int) string {
	t.Helper()
	h, err := hetu.New(civil.Date{Year: y, Month: timeMonth(m), Day: d}, n)
	if err != nil {
		t.Fatal(err)
	}
	return h.String()
}

type fixture struct {
	env        *testenv.Env
	caseworker access.Actor
	supervisor access.Actor
	admin      access.Actor
	otherOrg   access.Actor
}

func setup(t *testing.T, engine string) fixture {
	env := testenv.New(t, engine)
	env.AddOrg(t, "240")
	env.AddOrg(t, "430")
	return fixture{
		env:        env,
		caseworker: env.AddUser(t, "240", "anna.ohjaaja", access.Caseworker),
		supervisor: env.AddUser(t, "240", "erkki.esihenkilo", access.Supervisor),
		admin:      env.AddUser(t, "240", "paula.admin", access.OrgAdmin),
		otherOrg:   env.AddUser(t, "430", "olli.loimaa", access.Caseworker),
	}
}

func details(h, first, last string) client.Details {
	return client.Details{HETU: h, FirstNames: first, LastName: last}
}

func TestCreateAndGet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		h := testHETU(t, 1990, 3, 15, 913)
		d := details(h, "Amina Fatima", "Hassan")
		d.MotherTongue, d.ServiceLanguage, d.InterpreterNeeded, d.InterpreterLanguage = "so", "fi", true, "so"
		d.Citizenships = []string{"so"}
		d.Permits = []client.Permit{{Kind: client.KindFirst, Outcome: client.Granted, Class: client.ClassA, Ground: client.GroundQuotaRefugee, ValidFrom: civil.Date{Year: 2024, Month: 5, Day: 1}}}
		c, dups, err := f.env.Clients.Create(ctx, f.caseworker, d, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(dups) != 0 || c.ID == "" || c.KotoID == "" {
			t.Fatalf("unexpected create result %+v %v", c, dups)
		}
		got, err := f.env.Clients.Get(ctx, f.caseworker, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.HETU != h || got.Sex != client.Male || got.BirthDate.String() != "1990-03-15" {
			t.Errorf("identity not derived from HETU: %+v", got.Details)
		}
		if len(got.Citizenships) != 1 || got.Citizenships[0] != "SO" || len(got.Permits) != 1 || got.Permits[0].Ground != client.GroundQuotaRefugee || got.Permits[0].Class != client.ClassA {
			t.Errorf("details not stored: %+v", got.Details)
		}
		// The HETU is encrypted at rest: the raw row holds no plaintext.
		var enc []byte
		var idx string
		if err := f.env.DB.SQL().QueryRow(`SELECT hetu_enc, hetu_bidx FROM clients WHERE id = '`+c.ID+`'`).Scan(&enc, &idx); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(enc, []byte(h)) || bytes.Contains(enc, []byte(h[:6])) || idx == h || len(idx) != 64 {
			t.Error("HETU stored in plain text")
		}
	})
}

func TestCreateValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		tests := []struct {
			name  string
			d     client.Details
			field string
			key   string
		}{
			{"bad checksum", details("150390-913A", "A", "B"), "hetu", "hetu.checksum"},
			{"neither hetu nor birth date", details("", "A", "B"), "hetu", "client.hetu_or_birth_date"},
			{"missing last name", details(testHETU(t, 1990, 3, 15, 913), "A", " "), "lastName", "validation.required"},
			{"interpreter without language", client.Details{BirthDate: civil.Date{Year: 2000, Month: 1, Day: 1}, FirstNames: "A", LastName: "B", InterpreterNeeded: true}, "interpreterLanguage", "client.interpreter_language_required"},
			{"stateless with citizenship", client.Details{BirthDate: civil.Date{Year: 2000, Month: 1, Day: 1}, FirstNames: "A", LastName: "B", Stateless: true, Citizenships: []string{"SY"}}, "citizenships", "client.stateless_with_citizenship"},
			{"permit ends before it starts", client.Details{BirthDate: civil.Date{Year: 2000, Month: 1, Day: 1}, FirstNames: "A", LastName: "B",
				Permits: []client.Permit{{Kind: client.KindFirst, Outcome: client.Granted, Class: client.ClassA, Ground: client.GroundWork, ValidFrom: civil.Date{Year: 2025, Month: 1, Day: 1}, ValidTo: civil.Date{Year: 2024, Month: 1, Day: 1}}}}, "permits[0].validTo", "permit.valid_to_before_from"},
			{"impossible permit", client.Details{BirthDate: civil.Date{Year: 2000, Month: 1, Day: 1}, FirstNames: "A", LastName: "B",
				Permits: []client.Permit{{Kind: client.KindTemporaryProtection, Outcome: client.Granted, Class: client.ClassTemporaryProtection, Ground: client.GroundWork, ValidFrom: civil.Date{Year: 2024, Month: 1, Day: 1}}}}, "permits[0].ground", "permit.ground_not_for_class"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, _, err := f.env.Clients.Create(ctx, f.caseworker, tt.d, client.CreateOptions{})
				ae, ok := apperr.As(err)
				if !ok || ae.Kind != apperr.Invalid {
					t.Fatalf("want Invalid, got %v", err)
				}
				found := false
				for _, fe := range ae.Fields {
					found = found || (fe.Field == tt.field && fe.Key == tt.key)
				}
				if !found {
					t.Errorf("want %s=%s in %+v", tt.field, tt.key, ae.Fields)
				}
			})
		}
		p, err := f.env.Clients.List(ctx, f.caseworker, client.ListFilter{})
		if err != nil || p.Total != 0 {
			t.Fatalf("invalid input stored something: %d %v", p.Total, err)
		}
	})
}

func TestHETUUniquePerOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		h := testHETU(t, 1985, 12, 1, 920)
		if _, _, err := f.env.Clients.Create(ctx, f.caseworker, details(h, "Olena", "Kovalenko"), client.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		_, _, err := f.env.Clients.Create(ctx, f.caseworker, details(h, "Olena", "Kovalenko"), client.CreateOptions{})
		if !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("same HETU twice: want Conflict, got %v", err)
		}
		if _, _, err := f.env.Clients.Create(ctx, f.otherOrg, details(h, "Olena", "Kovalenko"), client.CreateOptions{}); err != nil {
			t.Fatalf("another organisation may register the same person: %v", err)
		}
	})
}

func TestDuplicateWarning(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		d := client.Details{BirthDate: civil.Date{Year: 1979, Month: 6, Day: 2}, FirstNames: "Mohammed", LastName: "Al-Hassan"}
		first, _, err := f.env.Clients.Create(ctx, f.caseworker, d, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		d.FirstNames = "mohammed " // same person typed slightly differently
		_, _, err = f.env.Clients.Create(ctx, f.caseworker, d, client.CreateOptions{RefuseDuplicates: true})
		var dup *client.DuplicateError
		if !errors.As(err, &dup) || len(dup.Matches) != 1 || dup.Matches[0].ID != first.ID {
			t.Fatalf("want duplicate warning naming the first client, got %v", err)
		}
		_, dups, err := f.env.Clients.Create(ctx, f.caseworker, d, client.CreateOptions{})
		if err != nil || len(dups) != 1 {
			t.Fatalf("confirmed create: %v %v", dups, err)
		}
	})
}

func TestTenantIsolation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		c, _, err := f.env.Clients.Create(ctx, f.caseworker, details(testHETU(t, 2001, 7, 7, 944), "Aziz", "Karimi"), client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.env.Clients.Get(ctx, f.otherOrg, c.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("other organisation read: want NotFound, got %v", err)
		}
		if _, err := f.env.Clients.Get(ctx, f.otherOrg, "no-such-client"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown id: want NotFound, got %v", err)
		}
		_, err = f.env.Clients.Update(ctx, f.otherOrg, c.ID, 0, func(d *client.Details, _ bool) error { d.LastName = "Changed"; return nil })
		if !apperr.Is(err, apperr.NotFound) {
			t.Errorf("other organisation update: want NotFound, got %v", err)
		}
		found, err := f.env.Clients.Search(ctx, f.otherOrg, client.SearchQuery{Name: "Karimi"})
		if err != nil || len(found) != 0 {
			t.Errorf("other organisation search found %d (%v)", len(found), err)
		}
		found, err = f.env.Clients.Search(ctx, f.otherOrg, client.SearchQuery{HETU: testHETU(t, 2001, 7, 7, 944)})
		if err != nil || len(found) != 0 {
			t.Errorf("other organisation HETU search found %d (%v)", len(found), err)
		}
		if _, err := f.env.Clients.Get(ctx, f.admin, c.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("org_admin read client content: %v", err)
		}
		got, err := f.env.Clients.Get(ctx, f.caseworker, c.ID)
		if err != nil || got.LastName != "Karimi" {
			t.Fatalf("client changed by another organisation: %v %v", got.LastName, err)
		}
		// Every refused attempt is in the access log of the actor's
		// organisation; those on the existing client are in its holder's
		// log too, as attempts by another organisation.
		count := func(chain string) (n int) {
			t.Helper()
			if err := f.env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM audit_entries WHERE result = 'denied' AND org_id = '` +
				f.otherOrg.OrgID + `' AND chain = '` + chain + `'`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := count(f.otherOrg.OrgID); n != 3 {
			t.Errorf("want 3 denied entries in the other organisation's log, got %d", n)
		}
		log, err := f.env.Clients.AccessLog(ctx, f.supervisor, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var foreign []string
		for _, e := range log {
			if e.OrgID == f.otherOrg.OrgID {
				foreign = append(foreign, e.Action+"/"+string(e.Result))
			}
		}
		if !slices.Equal(foreign, []string{"client.update/denied", "client.read/denied"}) {
			t.Errorf("the holder's log of the client shows the other organisation's attempts %v, want the update and the read", foreign)
		}
	})
}

func TestUpdateKeepsHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		c, _, err := f.env.Clients.Create(ctx, f.caseworker, details(testHETU(t, 1995, 1, 31, 962), "Thi Lan", "Nguyen"), client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		newHETU := testHETU(t, 1995, 1, 31, 964)
		u, err := f.env.Clients.Update(ctx, f.caseworker, c.ID, c.Version, func(d *client.Details, _ bool) error {
			d.LastName, d.Phone, d.HETU = "Tran", "+358 40 000 0001", newHETU
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if u.Version != 2 || u.LastName != "Tran" || u.HETU != newHETU {
			t.Fatalf("update not applied: %+v", u)
		}
		if _, err := f.env.Clients.Update(ctx, f.caseworker, c.ID, c.Version, func(d *client.Details, _ bool) error { return nil }); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("stale version: want Conflict, got %v", err)
		}
		hist, err := f.env.Clients.History(ctx, f.caseworker, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		byField := map[string]client.Change{}
		for _, h := range hist {
			byField[h.Field] = h
		}
		if ch := byField["lastName"]; ch.OldValue != "Nguyen" || ch.NewValue != "Tran" || ch.Username != "anna.ohjaaja" {
			t.Errorf("lastName change: %+v", ch)
		}
		if ch := byField["hetu"]; !ch.Encrypted || ch.OldValue != "" {
			t.Errorf("HETU change must be kept encrypted, got %+v", ch)
		}
		found, err := f.env.Clients.Search(ctx, f.caseworker, client.SearchQuery{HETU: newHETU})
		if err != nil || len(found) != 1 {
			t.Errorf("new HETU not searchable: %v %v", found, err)
		}
	})
}

func TestSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		people := []client.Details{
			details(testHETU(t, 1980, 2, 2, 901), "Mohammed", "Al-Hassan"),
			details(testHETU(t, 1981, 3, 3, 903), "Olga", "Ivanova"),
			details(testHETU(t, 1982, 4, 4, 905), "Yusuf", "Abdi"),
			details(testHETU(t, 1983, 5, 5, 907), "Matti", "Virtanen"),
		}
		for _, d := range people {
			if _, _, err := f.env.Clients.Create(ctx, f.caseworker, d, client.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			q    client.SearchQuery
			want string
		}{
			{client.SearchQuery{Name: "Muhammad"}, "Al-Hassan"},
			{client.SearchQuery{Name: "hassan moh"}, "Al-Hassan"},
			{client.SearchQuery{Name: "Youssef"}, "Abdi"},
			{client.SearchQuery{Name: "Virtanan"}, "Virtanen"},
			{client.SearchQuery{Name: "iva"}, "Ivanova"},
			{client.SearchQuery{HETU: people[1].HETU}, "Ivanova"},
			{client.SearchQuery{BirthDate: civil.Date{Year: 1982, Month: 4, Day: 4}}, "Abdi"},
		}
		for _, tt := range tests {
			found, err := f.env.Clients.Search(ctx, f.caseworker, tt.q)
			if err != nil {
				t.Fatalf("%+v: %v", tt.q, err)
			}
			if len(found) == 0 || found[0].LastName != tt.want {
				t.Errorf("%+v: want %s first, got %+v", tt.q, tt.want, found)
			}
		}
		if _, err := f.env.Clients.Search(ctx, f.caseworker, client.SearchQuery{}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("empty search: want Invalid, got %v", err)
		}
	})
}

func TestListPagingAndAccessLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		var ids []string
		for i := 0; i < 5; i++ {
			c, _, err := f.env.Clients.Create(ctx, f.caseworker, details(testHETU(t, 1990, 1, 10+i, 950+2*i), "Test", "Henkilö"+string(rune('A'+i))), client.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		p, err := f.env.Clients.List(ctx, f.caseworker, client.ListFilter{Page: 2, PageSize: 2, Sort: client.SortName, Desc: true})
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != 5 || len(p.Items) != 2 || p.Items[0].LastName != "HenkilöC" {
			t.Fatalf("page 2: %+v", p)
		}
		if _, err := f.env.Clients.Get(ctx, f.caseworker, ids[0]); err != nil {
			t.Fatal(err)
		}
		if _, err := f.env.Clients.AccessLog(ctx, f.caseworker, ids[0]); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("caseworker read the access log: %v", err)
		}
		log, err := f.env.Clients.AccessLog(ctx, f.supervisor, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		// Newest first: the caseworker's refused attempt at the log, the
		// card view, the create (the supervisor's own read is logged with
		// it, after it was read).
		if len(log) != 3 || log[0].Result != "denied" || log[1].Action != "client.read" || log[1].Username != "anna.ohjaaja" ||
			log[1].Result != "allowed" || log[2].Action != "client.create" {
			t.Fatalf("access log: %+v", log)
		}
	})
}

func TestAddressProtection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		d := details(testHETU(t, 1970, 8, 8, 988), "Hidden", "Person")
		d.Address = client.Address{Street: "Salainen tie 1", PostalCode: "94100", PostOffice: "Kemi"}
		d.AddressProtected = true
		c, _, err := f.env.Clients.Create(ctx, f.caseworker, d, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.env.Clients.Get(ctx, f.caseworker, c.ID)
		if err != nil || !got.AddressHidden || !got.Address.IsZero() {
			t.Fatalf("protected address visible to a caseworker: %+v %v", got.Address, err)
		}
		// Saving the form, which cannot contain the hidden address, keeps it.
		if _, err := f.env.Clients.Update(ctx, f.caseworker, c.ID, 0, func(d *client.Details, _ bool) error { d.Phone = "+358 40 000 0002"; return nil }); err != nil {
			t.Fatal(err)
		}
		got, err = f.env.Clients.Get(ctx, f.supervisor, c.ID)
		if err != nil || got.AddressHidden || got.Address.Street != "Salainen tie 1" {
			t.Fatalf("supervisor with the right should see the kept address: %+v %v", got.Address, err)
		}
	})
}

// A card lists permits newest validity first, those without a validity
// date last — the same on both engines.
func TestPermitOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		d := details(testHETU(t, 1988, 5, 5, 931), "Lina", "Haddad")
		date := func(y int) civil.Date { return civil.Date{Year: y, Month: 1, Day: 1} }
		d.Permits = []client.Permit{
			{Kind: client.KindFirst, Outcome: client.Granted, Class: client.ClassB, Ground: client.GroundWork, ValidFrom: date(2020), ValidTo: date(2021)},
			{Kind: client.KindExtended, Ground: client.GroundWork, ApplicationDate: date(2024)}, // pending: no validity yet
			{Kind: client.KindExtended, Outcome: client.Granted, Class: client.ClassA, Ground: client.GroundWork, ValidFrom: date(2022), ValidTo: date(2026)},
		}
		c, _, err := f.env.Clients.Create(ctx, f.caseworker, d, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.env.Clients.Get(ctx, f.caseworker, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var order []civil.Date
		for _, p := range got.Permits {
			order = append(order, p.ValidFrom)
		}
		if len(order) != 3 || order[0] != date(2022) || order[1] != date(2020) || !order[2].IsZero() {
			t.Fatalf("permit order by validity %v", order)
		}
	})
}

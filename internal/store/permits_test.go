package store_test

import (
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/auth"
	"koto/internal/civil"
	"koto/internal/client"
	orgpkg "koto/internal/org"
	"koto/internal/store"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

func pday(y, m, d int) civil.Date { return civil.Date{Year: y, Month: time.Month(m), Day: d} }

// Every field of a permit survives the store, on both engines: codes,
// the family-tie flag and dates, including the absent ones.
func TestPermitRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "205")
		cw := env.AddUser(t, "205", "luvat.ohjaaja", access.Caseworker)
		d := person(t)
		d.Permits = []client.Permit{
			{Kind: client.KindFamily, ApplicationDate: pday(2022, 1, 10), Outcome: client.Granted, DecisionDate: pday(2022, 5, 2),
				Class: client.ClassA, Ground: client.GroundFamily, FamilyTieBeforeArrival: true, ValidFrom: pday(2022, 5, 2), ValidTo: pday(2026, 5, 1)},
			{Kind: client.KindPermanent, ApplicationDate: pday(2025, 9, 1), Ground: client.GroundFamily, Outcome: client.Pending},
			{Kind: client.KindExtended, ApplicationDate: pday(2021, 1, 1), Outcome: client.Refused, DecisionDate: pday(2021, 3, 1), Ground: client.GroundStudy},
		}
		c, _, err := env.Clients.Create(ctx, cw, d, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := env.Clients.Get(ctx, cw, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Permits) != 3 {
			t.Fatalf("permits %+v", got.Permits)
		}
		byKind := map[client.ApplicationKind]client.Permit{}
		for _, p := range got.Permits {
			byKind[p.Kind] = p
		}
		for i, want := range d.Permits {
			want.ID = c.Permits[i].ID
			if p := byKind[want.Kind]; p != want {
				t.Errorf("permit %d:\n got %+v\nwant %+v", i, p, want)
			}
		}
	})
}

// Migration 0017 carries the old permits forward: type and basis become
// kind, outcome, class and ground exactly as client.LegacyPermit reads them
// (which reads old history values), and an old history value reads as a
// permit in words.
func TestMigrationPermitsAsDecided(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		cfg := store.Config{DataDir: t.TempDir(), Ring: storetest.Ring(t)}
		if engine == "postgres" {
			cfg.URL = storetest.Schema(t)
		}
		old, err := store.OpenMigratedTo(ctx, cfg, "0016_code_list_versions")
		if err != nil {
			t.Fatal(err)
		}
		org := orgpkg.Org{ID: store.NewID(), Code: "205", Name: "Testikunta", Kind: orgpkg.Municipality, CreatedAt: time.Now()}
		u := auth.User{ID: store.NewID(), Username: "sara", DisplayName: "Sara", Roles: []access.Role{access.Supervisor}, CreatedAt: time.Now()}
		c := client.Client{ID: store.NewID(), Details: person(t), CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC(), Version: 1}
		if err := old.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.InsertOrg(&org); err != nil {
				return err
			}
			u.OrgID, u.OrgCode = org.ID, org.Code
			return tx.InsertUser(&u)
		}); err != nil {
			t.Fatal(err)
		}
		c.OrgID, c.CreatedBy, c.UpdatedBy = org.ID, u.ID, u.ID
		if err := old.InOrgTx(ctx, org.ID, func(tx *store.Tx) error { return tx.InsertClient(&c) }); err != nil {
			t.Fatal(err)
		}
		var z civil.Date
		tests := []struct {
			old  store.OldPermit
			want client.Permit // ID and dates are filled from old
		}{
			{store.OldPermit{Type: "first", Basis: "international_protection", Applied: pday(2019, 1, 1), Decided: pday(2019, 6, 1), ValidFrom: pday(2019, 6, 1), ValidTo: pday(2023, 6, 1)},
				client.Permit{Kind: client.KindFirst, Outcome: client.Granted, Class: client.ClassA, Ground: client.GroundInternationalProtection}},
			{store.OldPermit{Type: "first", Basis: "family_of_protected", Decided: pday(2020, 2, 1), ValidFrom: pday(2020, 2, 1)},
				client.Permit{Kind: client.KindFamily, Outcome: client.Granted, Class: client.ClassNotRecorded, Ground: client.GroundFamily, FamilyTieBeforeArrival: true}},
			{store.OldPermit{Type: "extended", Basis: "work", Applied: pday(2025, 10, 1)},
				client.Permit{Kind: client.KindExtended, Outcome: client.Pending, Ground: client.GroundWork}},
			{store.OldPermit{Type: "permanent", Basis: "work", Decided: pday(2024, 3, 1)},
				client.Permit{Kind: client.KindPermanent, Outcome: client.Granted, Class: client.ClassP, Ground: client.GroundWork, ValidFrom: pday(2024, 3, 1)}},
			{store.OldPermit{Type: "long_term_eu", Basis: "other", ValidFrom: pday(2024, 4, 1)},
				client.Permit{Kind: client.KindPermanent, Outcome: client.Granted, Class: client.ClassPEU, Ground: client.GroundOther}},
			{store.OldPermit{Type: "residence_card", Basis: "family", ValidFrom: pday(2021, 1, 1)},
				client.Permit{Kind: client.KindEURegistration, Outcome: client.Granted, Class: client.ClassEUResidenceCard, Ground: client.GroundFamily}},
			{store.OldPermit{Type: "nordic_registration", Basis: "work", ValidFrom: pday(2021, 1, 1)},
				client.Permit{Kind: client.KindEURegistration, Outcome: client.Granted, Class: client.ClassNordicRegistration, Ground: client.GroundWork}},
			{store.OldPermit{Type: "temporary_protection", Basis: "work", ValidFrom: pday(2022, 4, 1), ValidTo: pday(2026, 3, 4)},
				client.Permit{Kind: client.KindTemporaryProtection, Outcome: client.Granted, Class: client.ClassTemporaryProtection, Ground: client.GroundWork}},
			{store.OldPermit{Type: "first", Basis: "temporary_protection", ValidFrom: pday(2022, 4, 1)},
				client.Permit{Kind: client.KindTemporaryProtection, Outcome: client.Granted, Class: client.ClassTemporaryProtection, Ground: client.GroundTemporaryProtection}},
			{store.OldPermit{Type: "first", Basis: "individual_humanitarian", ValidFrom: pday(2015, 4, 1)},
				client.Permit{Kind: client.KindFirst, Outcome: client.Granted, Class: client.ClassNotRecorded, Ground: client.GroundHumanitarian}},
			{store.OldPermit{Type: "extended", Basis: "study", ValidTo: pday(2026, 8, 1)},
				client.Permit{Kind: client.KindExtended, Outcome: client.Granted, Class: client.ClassB, Ground: client.GroundStudy}},
			{store.OldPermit{Type: "first", Basis: "removal_prevented", Applied: pday(2018, 1, 1), Decided: pday(2018, 9, 1), ValidFrom: pday(2018, 9, 1), ValidTo: pday(2019, 9, 1)},
				client.Permit{Kind: client.KindFirst, Outcome: client.Granted, Class: client.ClassB, Ground: client.GroundRemovalPrevented}},
		}
		want := map[string]client.Permit{}
		for i := range tests {
			tt := &tests[i]
			tt.old.ID = store.NewID()
			if err := old.InsertOldPermit(ctx, org.ID, c.ID, tt.old); err != nil {
				t.Fatal(err)
			}
			w := tt.want
			w.ID, w.ApplicationDate, w.DecisionDate, w.ValidTo = tt.old.ID, tt.old.Applied, tt.old.Decided, tt.old.ValidTo
			if w.ValidFrom == z {
				w.ValidFrom = tt.old.ValidFrom
			}
			want[w.ID] = w
			legacy := client.LegacyPermit(tt.old.Type, tt.old.Basis, tt.old.Applied, tt.old.Decided, tt.old.ValidFrom, tt.old.ValidTo)
			legacy.ID = w.ID
			if legacy != w {
				t.Errorf("LegacyPermit(%s, %s) reads otherwise than expected:\n got %+v\nwant %+v", tt.old.Type, tt.old.Basis, legacy, w)
			}
		}
		if err := old.InsertOldPermitChange(ctx, org.ID, c.ID, client.Change{At: time.Now().UTC(), UserID: u.ID, Username: u.Username, Field: "permits",
			OldValue: "", NewValue: "first/quota_refugee 2020-01-01–2024-01-01 (applied 2019-05-01, decided 2019-10-01)"}); err != nil {
			t.Fatal(err)
		}
		if err := old.Close(); err != nil {
			t.Fatal(err)
		}

		db, err := store.Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		sup := access.Actor{UserID: u.ID, Username: u.Username, OrgID: u.OrgID, OrgCode: u.OrgCode, Roles: u.Roles, Channel: access.ChannelUI, RequestID: "test"}
		svc := client.NewService(db.Clients(), store.NewID, client.DefaultPolicy)
		got, err := svc.Get(ctx, sup, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Permits) != len(tests) {
			t.Fatalf("%d permits after migration, want %d", len(got.Permits), len(tests))
		}
		for _, p := range got.Permits {
			if p != want[p.ID] {
				t.Errorf("after migration:\n got %+v\nwant %+v", p, want[p.ID])
			}
		}
		// The migrated permits do not block an edit of something else.
		if _, err := svc.Update(ctx, sup, c.ID, got.Version, func(d *client.Details, _ bool) error {
			d.Phone = "+358 40 111 2233"
			return nil
		}); err != nil {
			t.Fatalf("edit after migration: %v", err)
		}
		hist, err := svc.History(ctx, sup, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var legible bool
		for _, h := range hist {
			if h.Field == "permits" {
				legible = h.Legible && len(h.NewPermits) == 1 && h.NewPermits[0].Ground == client.GroundQuotaRefugee &&
					h.NewPermits[0].Class == client.ClassA
			}
		}
		if !legible {
			t.Errorf("the old history value does not read as a permit: %+v", hist)
		}
	})
}

package client_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/auth"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/org"
	"koto/internal/store"
	"koto/internal/store/storetest"
	"koto/internal/testenv"

	"koto/internal/wire"
)

func day(y, m, d int) civil.Date { return civil.Date{Year: y, Month: time.Month(m), Day: d} }

var testToday = day(2026, 1, 15)

// granted is a valid granted permit: a refugee's first continuous permit.
func granted() client.Permit {
	return client.Permit{Kind: client.KindFirst, ApplicationDate: day(2023, 3, 1), Outcome: client.Granted,
		DecisionDate: day(2023, 9, 1), Class: client.ClassA, Ground: client.GroundRefugeeStatus,
		ValidFrom: day(2023, 9, 1), ValidTo: day(2027, 9, 1)}
}

// validatePermit validates p as the one permit of a person born in 1990
// and returns the field errors as "field=key".
func validatePermit(p client.Permit) []string {
	d := client.Details{BirthDate: day(1990, 1, 1), FirstNames: "A", LastName: "B", Permits: []client.Permit{p}}
	d.Normalize()
	return fieldErrors(d.Validate(testToday))
}

func fieldErrors(err error) []string {
	var out []string
	if ae, ok := apperr.As(err); ok {
		for _, f := range ae.Fields {
			out = append(out, f.Field+"="+f.Key)
		}
	}
	return out
}

// The outcome decides which fields a permit has; an impossible kind ×
// class × ground is refused naming the field that makes it impossible.
func TestPermitRules(t *testing.T) {
	mod := func(f func(p *client.Permit)) client.Permit { p := granted(); f(&p); return p }
	pending := func(f func(p *client.Permit)) client.Permit {
		p := client.Permit{Kind: client.KindExtended, ApplicationDate: day(2025, 11, 1), Ground: client.GroundWork}
		f(&p)
		return p
	}
	tests := []struct {
		name string
		p    client.Permit
		want []string // field=key; none for a valid permit
	}{
		{"granted refugee status", granted(), nil},
		{"pending application", pending(func(*client.Permit) {}), nil},
		{"pending without ground", pending(func(p *client.Permit) { p.Ground = "" }), nil},
		{"no outcome is pending", pending(func(p *client.Permit) { p.Outcome = "" }), nil},
		{"refused", pending(func(p *client.Permit) { p.Outcome, p.DecisionDate = client.Refused, day(2025, 12, 1) }), nil},
		{"withdrawn", pending(func(p *client.Permit) { p.Outcome, p.DecisionDate = client.Withdrawn, day(2025, 12, 1) }), nil},
		{"family tie before arrival", mod(func(p *client.Permit) {
			p.Kind, p.Ground, p.FamilyTieBeforeArrival = client.KindFamily, client.GroundFamily, true
		}), nil},
		{"temporary protection", mod(func(p *client.Permit) {
			p.Kind, p.Class, p.Ground = client.KindTemporaryProtection, client.ClassTemporaryProtection, client.GroundTemporaryProtection
		}), nil},
		{"permanent", mod(func(p *client.Permit) { p.Kind, p.Class, p.ValidTo = client.KindPermanent, client.ClassP, civil.Date{} }), nil},
		{"EU registration", mod(func(p *client.Permit) {
			p.Kind, p.Class, p.Ground, p.ValidTo = client.KindEURegistration, client.ClassEURegistration, client.GroundWork, civil.Date{}
		}), nil},
		{"migrated: class not recorded", mod(func(p *client.Permit) { p.Class, p.Ground = client.ClassNotRecorded, client.GroundWork }), nil},

		{"no kind", mod(func(p *client.Permit) { p.Kind = "" }), []string{"permits[0].kind=validation.required"}},
		{"unknown kind", mod(func(p *client.Permit) { p.Kind = "visa" }), []string{"permits[0].kind=validation.choice"}},
		{"unknown outcome", mod(func(p *client.Permit) { p.Outcome = "maybe" }), []string{"permits[0].outcome=validation.choice"}},
		{"unknown class", mod(func(p *client.Permit) { p.Class = "C" }), []string{"permits[0].class=validation.choice"}},
		{"unknown ground", mod(func(p *client.Permit) { p.Ground = "love" }), []string{"permits[0].ground=validation.choice"}},
		{"temporary protection for work", mod(func(p *client.Permit) {
			p.Kind, p.Class, p.Ground = client.KindTemporaryProtection, client.ClassTemporaryProtection, client.GroundWork
		}), []string{"permits[0].ground=permit.ground_not_for_class"}},
		{"first application gives no P", mod(func(p *client.Permit) { p.Class = client.ClassP }), []string{"permits[0].class=permit.class_not_for_kind"}},
		{"studies give no A", mod(func(p *client.Permit) { p.Ground = client.GroundStudy }), []string{"permits[0].ground=permit.ground_not_for_class"}},
		{"family application on work", pending(func(p *client.Permit) { p.Kind = client.KindFamily }), []string{"permits[0].ground=permit.ground_not_for_kind"}},
		{"family tie without family", mod(func(p *client.Permit) { p.FamilyTieBeforeArrival = true }),
			[]string{"permits[0].familyTieBeforeArrival=permit.family_tie_without_family"}},
		{"granted without class, ground, validity", mod(func(p *client.Permit) { p.Class, p.Ground, p.ValidFrom, p.ValidTo = "", "", civil.Date{}, civil.Date{} }),
			[]string{"permits[0].class=permit.class_required", "permits[0].ground=permit.ground_required", "permits[0].validFrom=permit.valid_from_required"}},
		{"pending with decision", pending(func(p *client.Permit) { p.DecisionDate = day(2025, 12, 1) }),
			[]string{"permits[0].decisionDate=permit.pending_has_no_decision"}},
		{"pending with class and validity", pending(func(p *client.Permit) {
			p.Class, p.ValidFrom, p.ValidTo = client.ClassA, day(2025, 12, 1), day(2026, 12, 1)
		}),
			[]string{"permits[0].class=permit.class_only_granted", "permits[0].validFrom=permit.validity_only_granted", "permits[0].validTo=permit.validity_only_granted"}},
		{"refused without decision date", pending(func(p *client.Permit) { p.Outcome = client.Refused }),
			[]string{"permits[0].decisionDate=permit.decision_date_required"}},

		{"decided before applied", mod(func(p *client.Permit) { p.DecisionDate = day(2023, 2, 1) }),
			[]string{"permits[0].decisionDate=permit.decision_before_application"}},
		{"valid before decided", mod(func(p *client.Permit) { p.ValidFrom = day(2023, 8, 1) }),
			[]string{"permits[0].validFrom=permit.valid_from_before_decision"}},
		{"valid before applied, no decision date", mod(func(p *client.Permit) { p.DecisionDate, p.ValidFrom = civil.Date{}, day(2023, 2, 1) }),
			[]string{"permits[0].validFrom=permit.valid_from_before_application"}},
		{"ends before it starts", mod(func(p *client.Permit) { p.ValidTo = day(2023, 1, 1) }),
			[]string{"permits[0].validTo=permit.valid_to_before_from"}},
		{"decided before birth", mod(func(p *client.Permit) {
			p.ApplicationDate, p.DecisionDate, p.ValidFrom = day(1989, 1, 1), day(1989, 6, 1), day(1989, 6, 1)
		}),
			[]string{"permits[0].applicationDate=permit.applied_before_birth", "permits[0].decisionDate=permit.decided_before_birth"}},
		{"decided tomorrow", mod(func(p *client.Permit) { p.DecisionDate, p.ValidFrom = day(2026, 1, 16), day(2026, 1, 16) }),
			[]string{"permits[0].decisionDate=validation.date_future"}},
		{"valid from tomorrow is fine", mod(func(p *client.Permit) { p.ValidFrom = day(2026, 1, 16) }), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := validatePermit(tt.p); !slices.Equal(got, tt.want) {
				t.Errorf("got %v\nwant %v", got, tt.want)
			}
		})
	}
}

// Every row of the combination table is accepted as a granted permit, and
// every kind × class × ground outside it is refused.
func TestPermitCombinationTable(t *testing.T) {
	allowed := map[string]bool{}
	for _, a := range client.Allowed() {
		allowed[a] = true
	}
	if len(allowed) < 50 {
		t.Fatalf("only %d combinations", len(allowed))
	}
	for _, k := range client.ApplicationKinds {
		for _, c := range client.PermitClasses {
			for _, g := range client.Grounds {
				p := granted()
				p.Kind, p.Class, p.Ground = k, c, g
				errs := validatePermit(p)
				if ok := len(errs) == 0; ok != allowed[string(k)+"/"+string(c)+"/"+string(g)] {
					t.Errorf("%s/%s/%s: errors %v, in table %v", k, c, g, errs, !ok)
				}
			}
		}
	}
	if !slices.Equal(client.ClassesFor(client.KindPermanent, ""), []client.PermitClass{client.ClassP, client.ClassPEU}) {
		t.Errorf("ClassesFor(permanent) = %v", client.ClassesFor(client.KindPermanent, ""))
	}
	if slices.Contains(client.ClassesFor(client.KindFirst, ""), client.ClassNotRecorded) ||
		!slices.Contains(client.ClassesFor(client.KindFirst, client.ClassNotRecorded), client.ClassNotRecorded) {
		t.Error("the legacy class is offered only to a permit that has it")
	}
}

// The groups of calculated compensation (domain.md §3).
func TestCalculatedCompensation(t *testing.T) {
	tests := []struct {
		ground client.Ground
		tie    bool
		want   bool
	}{
		{client.GroundRefugeeStatus, false, true},
		{client.GroundSubsidiaryProtection, false, true},
		{client.GroundInternationalProtection, false, true},
		{client.GroundQuotaRefugee, false, true},
		{client.GroundHumanitarianAdmission, false, true},
		{client.GroundHumanitarian, false, true},
		{client.GroundRemovalPrevented, false, true},
		{client.GroundTraffickingVictim, false, true},
		{client.GroundTemporaryProtection, false, true},
		{client.GroundFamily, true, true},
		{client.GroundFamily, false, false},
		{client.GroundWork, false, false},
		{client.GroundStudy, false, false},
		{client.GroundOther, false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		p := client.Permit{Ground: tt.ground, FamilyTieBeforeArrival: tt.tie}
		if got := p.CalculatedCompensation(); got != tt.want {
			t.Errorf("%s (tie %v): %v, want %v", tt.ground, tt.tie, got, tt.want)
		}
	}
	for _, g := range client.Grounds {
		_ = client.Permit{Ground: g}.CalculatedCompensation() // every ground has an answer
	}
}

// The person's dates agree: birth ≤ arrival ≤ registration in the
// municipality, each contradiction named at its field.
func TestPersonDates(t *testing.T) {
	tests := []struct {
		name                       string
		birth, arrival, registered civil.Date
		want                       []string
	}{
		{"in order", day(1990, 1, 1), day(2020, 1, 1), day(2020, 2, 1), nil},
		{"same day", day(1990, 1, 1), day(1990, 1, 1), day(1990, 1, 1), nil},
		{"arrival before birth", day(1990, 1, 1), day(1989, 1, 1), day(2020, 2, 1), []string{"arrivalDate=client.arrival_before_birth"}},
		{"registered before arrival", day(1990, 1, 1), day(2020, 1, 1), day(2019, 12, 31), []string{"municipalityRegistered=client.registered_before_arrival"}},
		{"registered before birth", day(1990, 1, 1), civil.Date{}, day(1989, 1, 1), []string{"municipalityRegistered=client.registered_before_birth"}},
		{"arrival tomorrow", day(1990, 1, 1), day(2026, 1, 16), civil.Date{}, []string{"arrivalDate=validation.date_future"}},
		{"today", day(1990, 1, 1), testToday, testToday, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := client.Details{BirthDate: tt.birth, FirstNames: "A", LastName: "B", ArrivalDate: tt.arrival, MunicipalityRegistered: tt.registered}
			if got := fieldErrors(d.Validate(testToday)); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// Today is the Finnish date: at 22:30 UTC it is already tomorrow in
// Helsinki, summer and winter.
func TestToday(t *testing.T) {
	for now, want := range map[time.Time]civil.Date{
		time.Date(2026, 1, 14, 22, 30, 0, 0, time.UTC): day(2026, 1, 15),
		time.Date(2026, 7, 14, 22, 30, 0, 0, time.UTC): day(2026, 7, 15),
		time.Date(2026, 7, 14, 20, 59, 0, 0, time.UTC): day(2026, 7, 14),
	} {
		if got := client.Today(now); got != want {
			t.Errorf("Today(%v) = %v, want %v", now, got, want)
		}
	}
}

// Between 00:00 and 03:00 Finnish time today's dates are accepted: the
// service compares with the Helsinki date, not the UTC one.
func TestTodayInHelsinkiAccepted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		now := time.Date(2026, 1, 14, 22, 30, 0, 0, time.UTC) // 00:30 on 15 January in Helsinki
		db := storetest.Open(t, engine, storetest.Options{Clock: func() time.Time { return now }})
		svc, caseworker := setupOn(t, db)
		d := details("", "Aamu", "Yöllinen")
		d.BirthDate, d.ArrivalDate, d.MunicipalityRegistered = day(1990, 1, 1), day(2026, 1, 15), day(2026, 1, 15)
		p := granted()
		p.ApplicationDate, p.DecisionDate, p.ValidFrom = day(2026, 1, 15), day(2026, 1, 15), day(2026, 1, 15)
		d.Permits = []client.Permit{p}
		if _, _, err := svc.Create(ctx, caseworker, d, client.CreateOptions{}); err != nil {
			t.Fatalf("today's dates at 00:30 Finnish time: %v", fieldErrors(err))
		}
		d.LastName, d.ArrivalDate = "Huominen", day(2026, 1, 16)
		d.Permits = nil
		_, _, err := svc.Create(ctx, caseworker, d, client.CreateOptions{})
		if got := fieldErrors(err); !slices.Equal(got, []string{"arrivalDate=validation.date_future"}) {
			t.Fatalf("tomorrow: %v", got)
		}
	})
}

// The sex is as the person states it: the HETU's parity fills an
// unstated sex and never overrides a stated one.
func TestSexAsStated(t *testing.T) {
	male := testHETU(t, 1990, 3, 15, 913) // odd: the HETU's hint is male
	for stated, want := range map[client.Sex]client.Sex{
		"": client.Male, client.Female: client.Female, client.Other: client.Other, client.Male: client.Male,
	} {
		d := details(male, "A", "B")
		d.Sex = stated
		if err := d.Validate(testToday); err != nil || d.Sex != want {
			t.Errorf("stated %q: sex %q, err %v", stated, d.Sex, err)
		}
	}
	d := details(male, "A", "B")
	d.Sex = "robot"
	if got := fieldErrors(d.Validate(testToday)); !slices.Equal(got, []string{"sex=validation.choice"}) {
		t.Errorf("unknown sex: %v", got)
	}
}

// A permit saved before (or migrated) is not checked again when something
// else is edited, so an old record that a later rule would word
// differently never blocks an edit; a changed one is checked.
func TestUnchangedPermitNotRechecked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		d := details(testHETU(t, 1980, 1, 1, 921), "Vanha", "Lupa")
		d.Permits = []client.Permit{granted()}
		c, _, err := f.env.Clients.Create(ctx, f.caseworker, d, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		// The migration kept an old impossible combination as recorded.
		if _, err := f.env.DB.SQL().Exec(rebind(engine, `UPDATE permits SET kind = 'temporary_protection', permit_class = 'temporary_protection', ground = 'work' WHERE client_id = ?`), c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.env.Clients.Update(ctx, f.caseworker, c.ID, 0, func(d *client.Details, _ bool) error {
			d.Phone = "+358 40 765 4321"
			return nil
		}); err != nil {
			t.Fatalf("edit of the phone: %v", err)
		}
		got, err := f.env.Clients.Get(ctx, f.caseworker, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		p := got.Permits[0]
		p.ValidTo = day(2028, 1, 1)
		_, _, err = f.env.Clients.SavePermit(ctx, f.caseworker, c.ID, got.Version, p)
		if fe := fieldErrors(err); !slices.Equal(fe, []string{"ground=permit.ground_not_for_class"}) {
			t.Fatalf("changed impossible permit: %v", fe)
		}
	})
}

// A permit is added, edited and removed on its own, each an update of the
// client with a change-history row; another client's permit id is not
// found.
func TestSavePermit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		c, _, err := f.env.Clients.Create(ctx, f.caseworker, details(testHETU(t, 1985, 6, 1, 931), "Luvan", "Hakija"), client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		pending := client.Permit{Kind: client.KindFirst, ApplicationDate: day(2025, 10, 1), Ground: client.GroundRefugeeStatus}
		c, p, err := f.env.Clients.SavePermit(ctx, f.caseworker, c.ID, c.Version, pending)
		if err != nil || p.ID == "" || p.Outcome != client.Pending {
			t.Fatalf("add: %+v %v", p, err)
		}
		decided := granted()
		decided.ID, decided.ApplicationDate = p.ID, day(2023, 3, 1)
		if c, p, err = f.env.Clients.SavePermit(ctx, f.caseworker, c.ID, c.Version, decided); err != nil || p.ID != decided.ID || len(c.Permits) != 1 {
			t.Fatalf("edit: %+v %v", c.Permits, err)
		}
		if _, _, err := f.env.Clients.SavePermit(ctx, f.caseworker, c.ID, 1, decided); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("stale version: %v", err)
		}
		other, _, err := f.env.Clients.Create(ctx, f.caseworker, details(testHETU(t, 1985, 6, 2, 933), "Toinen", "Asiakas"), client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.env.Clients.SavePermit(ctx, f.caseworker, other.ID, 0, decided); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another client's permit: %v", err)
		}
		if _, _, err := f.env.Clients.Permit(ctx, f.caseworker, other.ID, decided.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("read another client's permit: %v", err)
		}
		if err := f.env.Clients.RemovePermit(ctx, f.caseworker, c.ID, c.Version, p.ID); err != nil {
			t.Fatal(err)
		}
		hist, err := f.env.Clients.History(ctx, f.caseworker, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var permitChanges int
		for _, ch := range hist {
			if ch.Field == "permits" {
				permitChanges++
				if !ch.Legible {
					t.Errorf("illegible change %+v", ch)
				}
			}
		}
		// Newest first: removed, edited, added.
		if permitChanges != 3 || len(hist[0].OldPermits) != 1 || len(hist[0].NewPermits) != 0 || hist[0].OldPermits[0].Ground != client.GroundRefugeeStatus {
			t.Fatalf("history %+v", hist)
		}
	})
}

// A history value written before migration 0017 reads as the migration
// reads the row.
func TestDecodeLegacyPermits(t *testing.T) {
	ps, ok := client.DecodePermits("first/international_protection 2024-01-01–2025-12-31 (applied 2023-05-01, decided 2023-12-01); " +
		"extended/family_of_protected – (applied 2025-11-01, decided )")
	if !ok || len(ps) != 2 {
		t.Fatalf("%v %+v", ok, ps)
	}
	want0 := client.Permit{Kind: client.KindFirst, ApplicationDate: day(2023, 5, 1), Outcome: client.Granted, DecisionDate: day(2023, 12, 1),
		Class: client.ClassA, Ground: client.GroundInternationalProtection, ValidFrom: day(2024, 1, 1), ValidTo: day(2025, 12, 31)}
	want1 := client.Permit{Kind: client.KindExtended, ApplicationDate: day(2025, 11, 1), Outcome: client.Pending,
		Ground: client.GroundFamily, FamilyTieBeforeArrival: true}
	if ps[0] != want0 || ps[1] != want1 {
		t.Errorf("got %+v\nwant %+v %+v", ps, want0, want1)
	}
	json := client.EncodePermits(ps)
	if back, ok := client.DecodePermits(json); !ok || !slices.Equal(back, ps) {
		t.Errorf("round trip %s: %+v", json, back)
	}
	if _, ok := client.DecodePermits("something else"); ok {
		t.Error("unreadable value read")
	}
}

// setupOn starts the client service over db (opened with a test clock)
// with a caseworker of municipality 240.
func setupOn(t *testing.T, db *store.DB) (svc *client.Service, caseworker access.Actor) {
	policy := auth.DefaultPolicy
	policy.Argon2 = testenv.CheapArgon2
	env := &testenv.Env{Services: wire.New(db, wire.Options{Auth: policy, Client: client.DefaultPolicy}), DB: db, OrgByCode: map[string]org.Org{}}
	env.AddOrg(t, "240")
	return env.Clients, env.AddUser(t, "240", "yo.ohjaaja", access.Caseworker)
}

func rebind(engine, q string) string {
	if engine != "postgres" {
		return q
	}
	return strings.Replace(q, "?", "$1", 1)
}

package handover_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/assessment"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/disclosure"
	"koto/internal/handover"
	"koto/internal/hetu"
	"koto/internal/placement"
	"koto/internal/plan"
	"koto/internal/referral"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

var ctx = context.Background()

func d(s string) civil.Date {
	v, err := civil.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

// world is Kemi (240) with a supervisor and a client with every kind of
// record, Tornio (851) and Oulu (564) with a supervisor each, and a
// provider.
type world struct {
	env                *testenv.Env
	kemi, tornio, oulu access.Actor
	kemiCW             access.Actor
	clientID, hetu     string
	planID             string
}

func setup(t *testing.T, engine string) world {
	t.Helper()
	env := testenv.New(t, engine)
	for _, code := range []string{"240", "851", "564"} {
		env.AddOrg(t, code)
	}
	env.AddProvider(t, "P1", "Opisto")
	w := world{env: env, kemi: env.AddUser(t, "240", "kemi.esihenkilo", access.Supervisor),
		kemiCW: env.AddUser(t, "240", "kemi.ohjaaja", access.Caseworker),
		tornio: env.AddUser(t, "851", "tornio.esihenkilo", access.Supervisor),
		oulu:   env.AddUser(t, "564", "oulu.esihenkilo", access.Supervisor)}
	h, err := hetu.New(d("1990-03-04"), 912)
	if err != nil {
		t.Fatal(err)
	}
	w.hetu = h.String()
	c, _, err := env.Clients.Create(ctx, w.kemi, client.Details{HETU: w.hetu, FirstNames: "Aino Maria", LastName: "Siirtola",
		MotherTongue: "ar", ServiceLanguage: "fi", Citizenships: []string{"SY"}, HomeMunicipality: "240", Phone: "+358 40 123 4567",
		Address: client.Address{Street: "Testikatu 1", PostalCode: "94100", PostOffice: "KEMI"}, ArrivalDate: d("2024-01-10"),
		Permits: []client.Permit{{Kind: client.KindFirst, ApplicationDate: d("2023-10-01"), Outcome: client.Granted, DecisionDate: d("2023-12-01"),
			Class: client.ClassA, Ground: client.GroundRefugeeStatus, ValidFrom: d("2023-12-01"), ValidTo: d("2027-12-01")}}},
		client.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w.clientID = c.ID
	months := 7
	if _, err := env.Assessments.SaveBackground(ctx, w.kemi, c.ID, assessment.Background{Literacy: "literate", UnemployedMonths: &months,
		Education: []assessment.Education{{Level: "3", Completed: true}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Assessments.Create(ctx, w.kemi, c.ID, assessment.Assessment{Kind: assessment.KindBasic, Date: d("2024-02-01"),
		Topics: assessment.Topics{Literacy: "Lukee sujuvasti."}, TrainingRecommendation: "Kotoutumiskoulutus"}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Assessments.AddLanguageTest(ctx, w.kemi, c.ID, assessment.LanguageTest{Kind: assessment.TestInitial, Language: "fi",
		Date: d("2024-02-02"), Reading: "A1.2"}); err != nil {
		t.Fatal(err)
	}
	v, err := env.Plans.Create(ctx, w.kemi, c.ID, plan.Content{Kind: plan.KindBasic, StartDate: d("2024-03-01"), EndDate: d("2025-02-28"),
		Goals: []string{"Suomen kieli B1.1"}})
	if err != nil {
		t.Fatal(err)
	}
	w.planID = v.PlanID
	if _, err := env.Plans.Revise(ctx, w.kemi, c.ID, v.PlanID, v.Number, plan.Content{Kind: plan.KindBasic, StartDate: d("2024-03-01"),
		EndDate: d("2025-02-28"), Goals: []string{"Suomen kieli B1.1", "Työharjoittelu"}}); err != nil {
		t.Fatal(err)
	}
	r, err := env.Referrals.Create(ctx, w.kemi, c.ID, referral.NewReferral{Provider: "P1", Service: "integration-training", Date: d("2024-03-05")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Referrals.AddStep(ctx, w.kemi, c.ID, r.ID, referral.Step{Status: referral.Sent, Date: d("2024-03-06")}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Placements.Save(ctx, w.kemi, c.ID, 0, placement.Placement{QuotaRefugee: true, Municipality: "240",
		DecisionDate: d("2023-12-15"), ArrivalDate: d("2024-01-10")}); err != nil {
		t.Fatal(err)
	}
	return w
}

// An export carries every record (every plan version, referral events,
// sealed fields opened), validates against the schema, and is recorded as
// a disclosure whose content is the document.
func TestExportIsADisclosure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		w := setup(t, engine)
		doc, dis, err := w.env.Handover.Export(ctx, w.kemi, w.clientID, handover.Recipient{Name: "KEHA / Lapin TE-palvelut"})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(doc)
		if err := handover.CheckSchema(b); err != nil {
			t.Fatalf("export does not validate: %v\n%s", err, b)
		}
		if doc.ID != dis.ID || doc.Person.HETU != w.hetu || doc.Person.Address == nil || len(doc.Plans) != 1 ||
			len(doc.Plans[0].Versions) != 2 || len(doc.Referrals) != 1 || len(doc.Referrals[0].Events) != 2 ||
			doc.Background == nil || len(doc.Assessments) != 1 || len(doc.LanguageTests) != 1 || doc.Placement == nil {
			t.Errorf("document %s", b)
		}
		var n int
		var kind, hash string
		if err := w.env.DB.SQL().QueryRow(`SELECT COUNT(*), MIN(kind), MIN(content_hash) FROM disclosures WHERE client_id = '`+w.clientID+`'`).Scan(&n, &kind, &hash); err != nil {
			t.Fatal(err)
		}
		if _, want, _ := disclosure.Seal(doc); n != 1 || kind != disclosure.KindHandover || hash != want {
			t.Errorf("disclosures %d %s %s, want one handover with hash %s", n, kind, hash, want)
		}
		// A caseworker may not export; another organisation's supervisor
		// does not find the client.
		if _, _, err := w.env.Handover.Export(ctx, w.kemiCW, w.clientID, handover.Recipient{Name: "TE"}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("caseworker export: %v", err)
		}
		if _, _, err := w.env.Handover.Export(ctx, w.tornio, w.clientID, handover.Recipient{Name: "TE"}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("other organisation's export: %v", err)
		}
	})
}

// An import stores the client with every record in one go; the same
// document again creates nothing; a person the organisation has is a
// conflict.
func TestImportIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		w := setup(t, engine)
		doc, _, err := w.env.Handover.Export(ctx, w.kemi, w.clientID, handover.Recipient{Name: "TE-toimisto"})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(doc)
		first, err := w.env.Handover.Import(ctx, w.tornio, b)
		if err != nil || !first.Created {
			t.Fatalf("import: %+v %v", first, err)
		}
		again, err := w.env.Handover.Import(ctx, w.tornio, b)
		if err != nil || again.Created || again.ClientID != first.ClientID {
			t.Fatalf("second import: %+v %v, want %s not created", again, err, first.ClientID)
		}
		if n := count(t, w, `SELECT COUNT(*) FROM clients WHERE org_id = '`+w.tornio.OrgID+`'`); n != 1 {
			t.Errorf("Tornio has %d clients after two imports", n)
		}
		// The records arrived.
		c, err := w.env.Clients.Get(ctx, w.tornio, first.ClientID)
		if err != nil || c.HETU != w.hetu || c.LastName != "Siirtola" || len(c.Permits) != 1 {
			t.Errorf("imported client %+v %v", c, err)
		}
		plans, err := w.env.Plans.List(ctx, w.tornio, first.ClientID)
		if err != nil || len(plans) != 1 {
			t.Fatalf("plans %+v %v", plans, err)
		}
		if n := count(t, w, `SELECT COUNT(*) FROM plan_versions WHERE org_id = '`+w.tornio.OrgID+`'`); n != 2 {
			t.Errorf("%d plan versions imported, want 2", n)
		}
		if n := count(t, w, `SELECT COUNT(*) FROM referral_events WHERE org_id = '`+w.tornio.OrgID+`'`); n != 2 {
			t.Errorf("%d referral events imported, want 2", n)
		}
		// Another document (a new export) for the same person: conflict.
		doc2, _, err := w.env.Handover.Export(ctx, w.kemi, w.clientID, handover.Recipient{Name: "TE-toimisto"})
		if err != nil {
			t.Fatal(err)
		}
		b2, _ := json.Marshal(doc2)
		if _, err := w.env.Handover.Import(ctx, w.tornio, b2); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("import of a person Tornio has: %v", err)
		}
		// Only supervisors import.
		cw := w.env.AddUser(t, "851", "tornio.ohjaaja", access.Caseworker)
		if _, err := w.env.Handover.Import(ctx, cw, b); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("caseworker import: %v", err)
		}
	})
}

// A document with one bad record at the very end of a long document is
// refused whole, naming the field by its path; nothing is stored. So is
// a tampered one (an unknown field, a broken HETU).
func TestImportRefusedWhole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		w := setup(t, engine)
		doc, _, err := w.env.Handover.Export(ctx, w.kemi, w.clientID, handover.Recipient{Name: "TE-toimisto"})
		if err != nil {
			t.Fatal(err)
		}
		long := doc
		for i := range 60 {
			long.LanguageTests = append(long.LanguageTests, handover.LanguageTest{Kind: "initial", Language: "fi",
				Date: civil.Date{Year: 2024, Month: 2, Day: 1 + i%28}.String(), Reading: "A1.1"})
		}
		last := doc.Referrals[0]
		last.Events = append(append([]handover.Event{}, last.Events...), handover.Event{Status: "completed", Date: "2024-03-07"})
		long.Referrals = append(long.Referrals, last)
		b, _ := json.Marshal(long)
		_, err = w.env.Handover.Import(ctx, w.tornio, b)
		if !apperr.Is(err, apperr.Invalid) || !hasField(err, "referrals[1].events[2].status") {
			t.Fatalf("broken last record: %v %+v", err, fields(err))
		}
		// A step out of order and an unknown provider are reported
		// together (the schema's own errors come first, alone).
		both := doc
		both.Referrals = []handover.Referral{{Provider: "NOPE", Service: "integration-training",
			Events: []handover.Event{{Status: "proposed", Date: "2024-03-05"}, {Status: "sent", Date: "2024-03-01"}}}}
		_, err = w.env.Handover.Import(ctx, w.tornio, mustJSON(both))
		if !hasField(err, "referrals[0].events[1].date") || !hasField(err, "referrals[0].provider") {
			t.Errorf("not every field reported: %+v", fields(err))
		}
		tampered := strings.Replace(string(mustJSON(doc)), `"lastName":"Siirtola"`, `"lastName":"Siirtola","admin":true`, 1)
		if _, err := w.env.Handover.Import(ctx, w.tornio, []byte(tampered)); !apperr.Is(err, apperr.Invalid) || !hasField(err, "person.admin") {
			t.Errorf("unknown field: %v %+v", err, fields(err))
		}
		badHETU := strings.Replace(string(mustJSON(doc)), w.hetu, w.hetu[:10]+"0", 1)
		if _, err := w.env.Handover.Import(ctx, w.tornio, []byte(badHETU)); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("broken HETU: %v", err)
		}
		for _, table := range []string{"clients", "plan_versions", "referrals", "handover_receipts", "language_tests"} {
			if n := count(t, w, `SELECT COUNT(*) FROM `+table+` WHERE org_id = '`+w.tornio.OrgID+`'`); n != 0 {
				t.Errorf("%s: %d rows stored by refused imports", table, n)
			}
		}
	})
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func fields(err error) []apperr.FieldError {
	ae, _ := apperr.As(err)
	if ae == nil {
		return nil
	}
	return ae.Fields
}

func hasField(err error, field string) bool {
	for _, f := range fields(err) {
		if f.Field == field {
			return true
		}
	}
	return false
}

func count(t *testing.T, w world, q string) int {
	t.Helper()
	var n int
	if err := w.env.DB.SQL().QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

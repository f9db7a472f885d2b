package demo

import (
	"context"
	"reflect"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/assessment"
	"koto/internal/client"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// Every adult demo client gets a background, an assessment and a language
// test or two, written in bulk and valid for the service, the tests after
// the assessment.
func TestLoadAssessments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		if _, err := Load(context.Background(), env.Orgs, env.Auth, env.Clients, Options{Clients: 60, Seed: 5,
			Assessments: env.Assessments, Plans: env.Plans}); err != nil {
			t.Fatal(err)
		}
		count := func(q string) int {
			var n int
			if err := env.DB.SQL().QueryRow(q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for table, least := range map[string]int{"client_backgrounds": 30, "assessments": 30, "language_tests": 30} {
			if n := count(`SELECT COUNT(*) FROM ` + table); n < least || n > 2*60 {
				t.Errorf("%s: %d rows", table, n)
			}
		}
		if n := count(`SELECT COUNT(*) FROM language_tests l JOIN assessments a ON a.client_id = l.client_id WHERE l.test_date < a.assessed_on`); n != 0 {
			t.Errorf("%d language tests before the assessment", n)
		}
		if n := count(`SELECT COUNT(*) FROM client_backgrounds b WHERE NOT EXISTS (SELECT 1 FROM assessments a WHERE a.client_id = b.client_id)`); n != 0 {
			t.Errorf("%d backgrounds without an assessment", n)
		}
	})
}

// Records written by the bulk path read back through the assessment
// service exactly like the same records saved through SaveBackground,
// Create and AddLanguageTest. A caseworker may not use the bulk path, and
// nobody may load records onto a client of another organisation: the
// attempts write nothing.
func TestBulkAssessmentsReadLikeServiceAssessments(t *testing.T) {
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
				MunicipalityRegistered: mustDate(t, "2023-01-10"), Citizenships: []string{"SY"}}, client.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		a, b, other := newClient(cw, "Testi", "1990-05-05"), newClient(cw, "Toinen", "1985-06-06"), newClient(stranger, "Kolmas", "1980-07-07")
		var rec assessment.Records
		for seed := int64(1); len(rec.Tests) < 2; seed++ {
			rec, _ = clientAssessment(seed, 0, a)
		}
		if err := env.Assessments.Load(ctx, cw, cw, []assessment.Records{rec}); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("caseworker's bulk load: %v, want Forbidden", err)
		}
		onOther := rec
		onOther.ClientID = other.ID
		if err := env.Assessments.Load(ctx, system, cw, []assessment.Records{rec, onOther}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("bulk load onto another organisation's client: %v, want NotFound", err)
		}
		var n int
		if err := env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM assessments`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("refused loads wrote %d assessments (%v)", n, err)
		}
		if err := env.Assessments.Load(ctx, system, cw, []assessment.Records{rec}); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Assessments.SaveBackground(ctx, cw, b.ID, *rec.Background); err != nil {
			t.Fatal(err)
		}
		for _, x := range rec.Assessments {
			if _, err := env.Assessments.Create(ctx, cw, b.ID, x); err != nil {
				t.Fatal(err)
			}
		}
		for _, x := range rec.Tests {
			if _, err := env.Assessments.AddLanguageTest(ctx, cw, b.ID, x); err != nil {
				t.Fatal(err)
			}
		}
		bulk, err := env.Assessments.Overview(ctx, cw, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		viaService, err := env.Assessments.Overview(ctx, cw, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if x, y := comparableOverview(bulk), comparableOverview(viaService); !reflect.DeepEqual(x, y) {
			t.Errorf("bulk    %+v\nservice %+v", x, y)
		}
		if len(bulk.Assessments) != 1 || len(bulk.Tests) != 2 || bulk.Background.Version != 1 {
			t.Errorf("bulk overview: %d assessments, %d tests, background version %d", len(bulk.Assessments), len(bulk.Tests), bulk.Background.Version)
		}
	})
}

// comparableOverview leaves out what differs between two recordings of
// the same records: identifiers and times.
func comparableOverview(o assessment.Overview) assessment.Overview {
	o.Background.UpdatedAt = time.Time{}
	as := append([]assessment.Assessment(nil), o.Assessments...)
	for i := range as {
		as[i].ID, as[i].ClientID = "", ""
		as[i].CreatedAt, as[i].UpdatedAt, as[i].CompletedAt = time.Time{}, time.Time{}, time.Time{}
	}
	ts := append([]assessment.LanguageTest(nil), o.Tests...)
	for i := range ts {
		ts[i].ID, ts[i].ClientID, ts[i].CreatedAt = "", "", time.Time{}
	}
	o.Assessments, o.Tests = as, ts
	return o
}

package assessment_test

import (
	"context"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/assessment"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

var ctx = context.Background()

type fixture struct {
	env                               *testenv.Env
	caseworker, colleague, supervisor access.Actor
	otherOrg                          access.Actor
	svc                               *assessment.Service
}

func setup(t *testing.T, engine string) fixture {
	env := testenv.New(t, engine)
	env.AddOrg(t, "240")
	env.AddOrg(t, "430")
	return fixture{env: env, svc: env.Assessments,
		caseworker: env.AddUser(t, "240", "anna.ohjaaja", access.Caseworker),
		colleague:  env.AddUser(t, "240", "ville.ohjaaja", access.Caseworker),
		supervisor: env.AddUser(t, "240", "erkki.esihenkilo", access.Supervisor),
		otherOrg:   env.AddUser(t, "430", "olli.loimaa", access.Supervisor),
	}
}

func (f fixture) client(t *testing.T, by access.Actor, last string, registered civil.Date) string {
	t.Helper()
	c, _, err := f.env.Clients.Create(ctx, by, client.Details{FirstNames: "Testi", LastName: last,
		BirthDate: civil.Date{Year: 1990, Month: time.May, Day: 5}, MunicipalityRegistered: registered}, client.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

func (f fixture) entries(t *testing.T, clientID, action, result string) int {
	t.Helper()
	var n int
	q := `SELECT COUNT(*) FROM audit_entries WHERE client_id = ? AND action = ? AND result = ?`
	if f.env.Engine == "postgres" {
		q = `SELECT COUNT(*) FROM audit_entries WHERE client_id = $1 AND action = $2 AND result = $3`
	}
	if err := f.env.DB.SQL().QueryRow(q, clientID, action, result).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAssessmentLifecycleAndWindow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		today := civil.DateOf(time.Now())
		id := f.client(t, f.caseworker, "Arvioitava", today.AddYears(-3))
		a, err := f.svc.Create(ctx, f.caseworker, id, assessment.Assessment{Kind: assessment.KindBasic, Date: today,
			Topics: assessment.Topics{Literacy: "Lukee latinalaisin kirjaimin."}})
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != assessment.StatusDraft || a.Version != 1 {
			t.Fatalf("created %+v", a)
		}
		a.FurtherMeasures, a.Authors, a.PlanNeeded, a.Status = "Kotoutumiskoulutus.", "Anna Ohjaaja", assessment.PlanNeeded, assessment.StatusCompleted
		done, err := f.svc.Update(ctx, f.caseworker, id, a.ID, a)
		if err != nil {
			t.Fatal(err)
		}
		if done.Version != 2 || done.CompletedAt.IsZero() {
			t.Fatalf("completed %+v", done)
		}
		if _, err := f.svc.Update(ctx, f.caseworker, id, a.ID, done); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("a completed assessment changed: %v", err)
		}
		got, err := f.svc.Get(ctx, f.supervisor, id, a.ID)
		if err != nil || got.Topics.Literacy != "Lukee latinalaisin kirjaimin." || got.FurtherMeasures != "Kotoutumiskoulutus." {
			t.Fatalf("read back %+v %v", got, err)
		}
		list, w, err := f.svc.List(ctx, f.caseworker, id)
		if err != nil || len(list) != 1 {
			t.Fatalf("list %v %v", list, err)
		}
		if w.State != assessment.WindowClosing || w.DaysLeft != 0 {
			t.Errorf("window %+v, want closing today", w)
		}
		// Free text is sealed: not in the row as plain text.
		var n int
		q := `SELECT COUNT(*) FROM assessments WHERE doc_enc LIKE '%latinalaisin%'`
		if engine == "postgres" {
			q = `SELECT COUNT(*) FROM assessments WHERE encode(doc_enc, 'escape') LIKE '%latinalaisin%'`
		}
		if err := f.env.DB.SQL().QueryRow(q).Scan(&n); err != nil || n != 0 {
			t.Errorf("plain text in the table: %d %v", n, err)
		}
		if f.entries(t, id, "assessment.read", "allowed") < 2 || f.entries(t, id, "assessment.create", "allowed") != 1 {
			t.Error("reads and the creation are not logged as assessment.*")
		}
	})
}

func TestValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		id := f.client(t, f.caseworker, "Virheellinen", civil.Date{})
		_, err := f.svc.Create(ctx, f.caseworker, id, assessment.Assessment{Kind: "deep"})
		if !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("want Invalid, got %v", err)
		}
		_, err = f.svc.SaveBackground(ctx, f.caseworker, id, assessment.Background{Education: []assessment.Education{{Level: "42"}}})
		if !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("background with unknown ISCED: want Invalid, got %v", err)
		}
		_, err = f.svc.AddLanguageTest(ctx, f.caseworker, id, assessment.LanguageTest{Kind: assessment.TestInitial, Date: civil.DateOf(time.Now())})
		if !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("test without a level: want Invalid, got %v", err)
		}
	})
}

func TestBackgroundAndLanguageTests(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		id := f.client(t, f.caseworker, "Taustallinen", civil.Date{})
		months := 14
		b, err := f.svc.SaveBackground(ctx, f.caseworker, id, assessment.Background{
			Education:        []assessment.Education{{Level: "6", Field: "09", Country: "sy", Years: 4, Completed: true, Recognition: "applied"}},
			Work:             []assessment.Work{{Occupation: "22", Years: 5, Country: "SY"}},
			Literacy:         "literate",
			TargetOccupation: "32", UnemployedMonths: &months})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SaveBackground(ctx, f.caseworker, id, assessment.Background{}); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("a stale version saved: %v", err)
		}
		b.OtherCompetences = "Ajokortti B."
		if _, err := f.svc.SaveBackground(ctx, f.caseworker, id, b); err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.Background(ctx, f.supervisor, id)
		if err != nil || got.Version != 2 || got.Education[0].Country != "SY" || *got.UnemployedMonths != 14 || got.OtherCompetences != "Ajokortti B." {
			t.Fatalf("background %+v %v", got, err)
		}
		day := civil.DateOf(time.Now())
		for _, lt := range []assessment.LanguageTest{
			{Kind: assessment.TestInitial, Date: day.AddYears(-1), Listening: "A1.1", Reading: "A1.2", Speaking: "A1.1", Writing: "A1.1"},
			{Kind: assessment.TestFinal, Date: day, Listening: "B1.1", Reading: "B1.2", Speaking: "A2.2", Provider: "Opisto"},
		} {
			if _, err := f.svc.AddLanguageTest(ctx, f.caseworker, id, lt); err != nil {
				t.Fatal(err)
			}
		}
		tests, p, err := f.svc.LanguageTests(ctx, f.caseworker, id)
		if err != nil || len(tests) != 2 || tests[0].Provider != "Opisto" {
			t.Fatalf("tests %+v %v", tests, err)
		}
		want := map[string]bool{"listening": true, "reading": true, "speaking": false, "writing": false}
		for _, s := range p.Skills {
			if s.Reached != want[s.Skill] {
				t.Errorf("%s %s reached=%v", s.Skill, s.Level, s.Reached)
			}
		}
	})
}

// Attack tests: another organisation's client, another client's record
// and a caseworker without a relation all answer NotFound, logged denied.
func TestRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		day := civil.DateOf(time.Now())
		own := f.client(t, f.caseworker, "Oma", civil.Date{})
		other := f.client(t, f.caseworker, "Toinen", civil.Date{})
		a, err := f.svc.Create(ctx, f.caseworker, own, assessment.Assessment{Kind: assessment.KindMultisector, Date: day})
		if err != nil {
			t.Fatal(err)
		}
		// A record of another client is NotFound, read or write.
		if _, err := f.svc.Get(ctx, f.caseworker, other, a.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another client's assessment: %v", err)
		}
		if _, err := f.svc.Update(ctx, f.caseworker, other, a.ID, a); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("update through another client: %v", err)
		}
		// Another organisation: NotFound for every method, logged at the holder.
		calls := map[string]func(access.Actor) error{
			"list": func(x access.Actor) error { _, _, err := f.svc.List(ctx, x, own); return err },
			"get":  func(x access.Actor) error { _, err := f.svc.Get(ctx, x, own, a.ID); return err },
			"create": func(x access.Actor) error {
				_, err := f.svc.Create(ctx, x, own, assessment.Assessment{Kind: "basic", Date: day})
				return err
			},
			"update":     func(x access.Actor) error { _, err := f.svc.Update(ctx, x, own, a.ID, a); return err },
			"background": func(x access.Actor) error { _, err := f.svc.Background(ctx, x, own); return err },
			"save": func(x access.Actor) error {
				_, err := f.svc.SaveBackground(ctx, x, own, assessment.Background{})
				return err
			},
			"tests": func(x access.Actor) error { _, _, err := f.svc.LanguageTests(ctx, x, own); return err },
			"add test": func(x access.Actor) error {
				_, err := f.svc.AddLanguageTest(ctx, x, own, assessment.LanguageTest{Kind: "initial", Date: day, Listening: "A1.1"})
				return err
			},
			"overview": func(x access.Actor) error { _, err := f.svc.Overview(ctx, x, own); return err },
		}
		for name, call := range calls {
			for _, who := range []access.Actor{f.otherOrg, f.colleague} {
				if err := call(who); !apperr.Is(err, apperr.NotFound) && !isReasonRequired(err) {
					t.Errorf("%s by %s: %v", name, who.Username, err)
				}
			}
		}
		if n := f.entries(t, own, "assessment.read", "denied"); n < 5 {
			t.Errorf("%d denied reads logged, want at least 5", n)
		}
		if n := f.entries(t, other, "assessment.read", "denied"); n != 1 {
			t.Errorf("the read of another client's record: %d denied entries, want 1", n)
		}
	})
}

func isReasonRequired(err error) bool { return apperr.Is(err, apperr.Forbidden) }

package plan_test

import (
	"context"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/hetu"
	"koto/internal/plan"
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

func day(s string) civil.Date {
	d, err := civil.ParseDate(s)
	if err != nil {
		panic(s)
	}
	return d
}

type fixture struct {
	env                                     *testenv.Env
	caseworker, stranger, supervisor, other access.Actor
	clientID, otherClientID                 string
}

func setup(t *testing.T, engine string) fixture {
	env := testenv.New(t, engine)
	env.AddOrg(t, "240")
	env.AddOrg(t, "430")
	f := fixture{env: env,
		caseworker: env.AddUser(t, "240", "anna.ohjaaja", access.Caseworker),
		stranger:   env.AddUser(t, "240", "ville.vieras", access.Caseworker),
		supervisor: env.AddUser(t, "240", "erkki.esihenkilo", access.Supervisor),
		other:      env.AddUser(t, "430", "olli.loimaa", access.Caseworker),
	}
	c, _, err := env.Clients.Create(ctx, f.caseworker, client.Details{HETU: testHETU(t, 1990, 3, 15, 913), FirstNames: "Amina", LastName: "Hassan", ServiceLanguage: "sv"}, client.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f.clientID = c.ID
	c2, _, err := env.Clients.Create(ctx, f.caseworker, client.Details{HETU: testHETU(t, 1985, 6, 1, 914), FirstNames: "Olena", LastName: "Kovalenko"}, client.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f.otherClientID = c2.ID
	return f
}

func content(start, end string) plan.Content {
	return plan.Content{Kind: plan.KindBasic, StartDate: day(start), EndDate: day(end), Goals: []string{"Suomen kieli tasolle A2.2", "Työllistyminen"},
		Measures:    []plan.Measure{{Text: "Kotoutumiskoulutus, Åbo", ServiceKind: "integration-training", Start: day(start)}},
		ReviewDates: []civil.Date{plan.AddMonths(day(start), 5), plan.AddMonths(day(start), 10)}}
}

func TestVersionsAndWarnings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		c := content("2025-01-01", "2026-03-31") // a first plan over a year
		v1, err := f.env.Plans.Create(ctx, f.caseworker, f.clientID, c)
		if err != nil {
			t.Fatal(err)
		}
		if v1.Number != 1 || len(v1.Warnings) == 0 || v1.Warnings[0].Code != "first_plan_over_1y" {
			t.Fatalf("created %+v, want version 1 with first_plan_over_1y", v1)
		}
		if err := f.env.Plans.Acknowledge(ctx, f.caseworker, f.clientID, v1.PlanID, 1, "first_plan_over_1y"); err != nil {
			t.Fatal(err)
		}
		if err := f.env.Plans.Acknowledge(ctx, f.caseworker, f.clientID, v1.PlanID, 1, "plans_over_2y"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("acknowledging a warning the version lacks: want NotFound, got %v", err)
		}
		revised := c
		revised.EndDate = day("2025-12-31")
		revised.Goals = []string{"Ruotsin kieli A2.1"}
		v2, err := f.env.Plans.Revise(ctx, f.caseworker, f.clientID, v1.PlanID, 1, revised)
		if err != nil {
			t.Fatal(err)
		}
		if v2.Number != 2 || len(v2.Warnings) != 0 {
			t.Errorf("revised %+v, want version 2 without warnings", v2)
		}
		if _, err := f.env.Plans.Revise(ctx, f.caseworker, f.clientID, v1.PlanID, 1, revised); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("revising a stale version: want Conflict, got %v", err)
		}
		old, err := f.env.Plans.GetVersion(ctx, f.caseworker, f.clientID, v1.PlanID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if old.Goals[0] != "Suomen kieli tasolle A2.2" || old.EndDate != day("2026-03-31") || old.Warnings[0].AckedBy != f.caseworker.UserID || old.Warnings[0].AckedAt == nil {
			t.Errorf("version 1 now %+v, want it as saved with its acknowledgement", old)
		}
		if _, err := f.env.Plans.AddFollowUp(ctx, f.caseworker, f.clientID, v1.PlanID, day("2025-06-01"), "Tavattiin, koulutus alkanut."); err != nil {
			t.Fatal(err)
		}
		p, err := f.env.Plans.Get(ctx, f.supervisor, f.clientID, v1.PlanID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Number != 2 || len(p.Versions) != 2 || len(p.FollowUps) != 1 || p.FollowUps[0].Text != "Tavattiin, koulutus alkanut." {
			t.Errorf("plan %+v: want version 2, two versions, one follow-up", p)
		}
		list, err := f.env.Plans.List(ctx, f.caseworker, f.clientID)
		if err != nil || len(list) != 1 || list[0].Version != 2 {
			t.Errorf("list %+v %v", list, err)
		}
		// Closing is a revision.
		closing := revised
		closing.ClosedOn, closing.CloseReason = day("2025-10-01"), "Muutti toiseen kuntaan"
		if v3, err := f.env.Plans.Revise(ctx, f.caseworker, f.clientID, v1.PlanID, 2, closing); err != nil || v3.Number != 3 {
			t.Errorf("close: %+v %v", v3, err)
		}
		_, name, lang, err := f.env.Plans.Document(ctx, f.caseworker, f.clientID, v1.PlanID, "")
		if err != nil || lang != "sv" || name != "Amina Hassan" {
			t.Errorf("document: %q %q %v, want the client's service language sv", name, lang, err)
		}
		// Every use is logged with an action beginning "plan.".
		log, err := f.env.Clients.AccessLog(ctx, f.supervisor, f.clientID)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range log {
			seen[string(e.Action)] = true
		}
		for _, a := range []string{"plan.create", "plan.read", "plan.revise", "plan.acknowledge", "plan.follow_up"} {
			if !seen[a] {
				t.Errorf("no %s entry in the access log", a)
			}
		}
	})
}

// TestAttacks: another organisation's client, a plan of another client
// and a caseworker without a relation all get NotFound — and are logged.
func TestAttacks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		v, err := f.env.Plans.Create(ctx, f.caseworker, f.clientID, content("2025-01-01", "2025-12-31"))
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name     string
			actor    access.Actor
			clientID string
			want     apperr.Kind
		}{
			{"another organisation", f.other, f.clientID, apperr.NotFound},
			{"a plan of another client", f.caseworker, f.otherClientID, apperr.NotFound},
			// Refused as for client.read: a stated reason would open it.
			{"a caseworker without relation", f.stranger, f.clientID, apperr.Forbidden},
			{"a missing client", f.caseworker, "no-such-client", apperr.NotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if _, err := f.env.Plans.Get(ctx, tt.actor, tt.clientID, v.PlanID); !apperr.Is(err, tt.want) {
					t.Errorf("get: want %v, got %v", tt.want, err)
				}
				if _, err := f.env.Plans.GetVersion(ctx, tt.actor, tt.clientID, v.PlanID, 1); !apperr.Is(err, tt.want) {
					t.Errorf("get version: want %v, got %v", tt.want, err)
				}
				if _, err := f.env.Plans.Revise(ctx, tt.actor, tt.clientID, v.PlanID, 1, content("2025-01-01", "2025-12-31")); !apperr.Is(err, tt.want) {
					t.Errorf("revise: want %v, got %v", tt.want, err)
				}
				if _, err := f.env.Plans.AddFollowUp(ctx, tt.actor, tt.clientID, v.PlanID, day("2025-02-01"), "x"); !apperr.Is(err, tt.want) {
					t.Errorf("follow-up: want %v, got %v", tt.want, err)
				}
			})
		}
		log, err := f.env.Clients.AccessLog(ctx, f.supervisor, f.clientID)
		if err != nil {
			t.Fatal(err)
		}
		var denied []string
		for _, e := range log {
			if e.Result == "denied" && strings.HasPrefix(string(e.Action), "plan.") {
				denied = append(denied, e.Username)
			}
		}
		if !strings.Contains(strings.Join(denied, " "), "olli.loimaa") || !strings.Contains(strings.Join(denied, " "), "ville.vieras") {
			t.Errorf("denied plan entries by %v, want the other organisation's and the stranger's", denied)
		}
		// The plan of the first client is still as it was.
		p, err := f.env.Plans.Get(ctx, f.caseworker, f.clientID, v.PlanID)
		if err != nil || p.Number != 1 || len(p.FollowUps) != 0 {
			t.Errorf("after the attempts: %+v %v", p, err)
		}
	})
}

package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/due"
	"koto/internal/hetu"
	"koto/internal/plan"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// dueRows reads client_due as "client kind ref due from" lines.
func dueRows(t *testing.T, env *testenv.Env) []string {
	t.Helper()
	rows, err := env.DB.SQL().Query(`SELECT client_id, kind, ref_id, due_on, shown_from, law FROM client_due ORDER BY client_id, kind, ref_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c, k, ref, law string
		var d, from civil.Date
		if err := rows.Scan(&c, &k, &ref, &d, &from, &law); err != nil {
			t.Fatal(err)
		}
		out = append(out, c+" "+k+" "+ref+" "+d.String()+" "+from.String()+" "+law)
	}
	return out
}

// dueClient creates a client of cw with a permit expiring in 30 days.
func dueClient(t *testing.T, env *testenv.Env, cw access.Actor, individual int, today civil.Date) client.Client {
	t.Helper()
	born := civil.Date{Year: 1980, Month: 1, Day: individual - 920}
	h, err := hetu.New(born, individual)
	if err != nil {
		t.Fatal(err)
	}
	d := client.Details{HETU: h.String(), BirthDate: born, Sex: client.Female, FirstNames: "Määrä", LastName: map[int]string{931: "Aamunen", 932: "Iltanen", 933: "Yönen"}[individual],
		MotherTongue: "so", ServiceLanguage: "fi", HomeMunicipality: "240",
		Permits: []client.Permit{{Kind: client.KindFirst, Outcome: client.Granted, Class: client.ClassB, Ground: client.GroundWork,
			DecisionDate: today.AddYears(-1), ValidFrom: today.AddYears(-1), ValidTo: civil.DateOf(today.Time().AddDate(0, 0, 30))}}}
	c, _, err := env.Clients.Create(context.Background(), cw, d, client.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A plan saved makes its review appear after the job runs; the rows are
// the caseworker's own; a recompute twice gives the same rows; a client
// whose services ended has nothing due.
func TestDueKeptCurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddOrg(t, "430")
		cw := env.AddUser(t, "240", "anna", access.Caseworker)
		other := env.AddUser(t, "240", "bert", access.Caseworker)
		foreign := env.AddUser(t, "430", "cecilia", access.Caseworker)
		today := due.Today(time.Now())
		c := dueClient(t, env, cw, 931, today)
		dueClient(t, env, other, 932, today)
		dueClient(t, env, foreign, 933, today)

		mine := func(a access.Actor) []string {
			t.Helper()
			v, err := env.Due.Mine(ctx, a, due.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, it := range v.Items {
				out = append(out, it.ClientID+" "+string(it.Kind))
			}
			return out
		}
		if got := mine(cw); len(got) != 0 {
			t.Fatalf("before the job: %v", got)
		}
		if _, err := env.DB.RecomputeDue(ctx); err != nil {
			t.Fatal(err)
		}
		if got := mine(cw); !slices.Equal(got, []string{c.ID + " permit_expiring"}) {
			t.Fatalf("after the job: %v", got)
		}

		// A plan whose review is in 5 days: not listed until the job runs.
		in := func(days int) civil.Date { return civil.DateOf(today.Time().AddDate(0, 0, days)) }
		v, err := env.Plans.Create(ctx, cw, c.ID, plan.Content{Kind: plan.KindBasic, StartDate: in(-60), EndDate: in(300),
			Goals: []string{"Suomen kieli"}, ReviewDates: []civil.Date{in(5)}})
		if err != nil {
			t.Fatal(err)
		}
		if got := mine(cw); slices.Contains(got, c.ID+" plan_review") {
			t.Fatal("listed before the job")
		}
		if res, err := env.DB.RecomputeDue(ctx); err != nil || res != "recomputed 1 clients" {
			t.Fatalf("job: %q %v", res, err)
		}
		got := mine(cw)
		if !slices.Equal(got, []string{c.ID + " plan_review", c.ID + " permit_expiring"}) {
			t.Fatalf("after the plan: %v", got)
		}
		v2, err := env.Due.Mine(ctx, cw, due.Filter{Within: new(int)})
		if err != nil || len(v2.Items) != 0 {
			t.Fatalf("within 0 days: %v %v", v2.Items, err)
		}
		_ = v

		// Idempotent: marking everything and recomputing gives the same rows.
		before := dueRows(t, env)
		if len(before) != 8 { // per client a permit and an assessment; the plan its review and end
			t.Fatalf("rows %v", before)
		}
		if err := env.DB.MarkAllDue(ctx); err != nil {
			t.Fatal(err)
		}
		if res, err := env.DB.RecomputeDue(ctx); err != nil || res != "recomputed 3 clients" {
			t.Fatalf("again: %q %v", res, err)
		}
		if after := dueRows(t, env); !slices.Equal(before, after) {
			t.Fatalf("recompute changed rows:\n%v\n%v", before, after)
		}
		if res, _ := env.DB.RecomputeDue(ctx); res != "recomputed 0 clients" {
			t.Fatalf("nothing marked: %q", res)
		}

		// The services end: nothing is due any more.
		if _, err := env.DB.SQL().Exec(`UPDATE clients SET service_end = '2020-01-01' WHERE id = '` + c.ID + `'`); err != nil {
			t.Fatal(err)
		}
		if err := env.DB.MarkAllDue(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := env.DB.RecomputeDue(ctx); err != nil {
			t.Fatal(err)
		}
		if got := mine(cw); len(got) != 0 {
			t.Fatalf("after the service end: %v", got)
		}
	})
}

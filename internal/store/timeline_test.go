package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/note"
	"koto/internal/overview"
	"koto/internal/plan"
	"koto/internal/referral"
	"koto/internal/store"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
	"koto/internal/timeline"
)

// A client's timeline holds its own events, newest first, from every
// source; pages by limit and before cover it exactly; events of another
// client or organisation never appear; a sensitive note shows no type.
func TestTimeline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddOrg(t, "245")
		env.AddProvider(t, "P1", "Opisto")
		cw := env.AddUser(t, "240", "anna", access.Caseworker)
		other := env.AddUser(t, "245", "olli", access.Caseworker)
		d := func(s string) civil.Date { v, _ := civil.ParseDate(s); return v }
		newClient := func(a access.Actor, first string, day int) string {
			c, _, err := env.Clients.Create(ctx, a, client.Details{FirstNames: first, LastName: "Aikajana", BirthDate: civil.Date{Year: 1990, Month: 1, Day: day}}, client.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			return c.ID
		}
		id := newClient(cw, "Aino", 2)
		neighbour := newClient(cw, "Eino", 3)
		foreign := newClient(other, "Vieras", 4)
		for _, c := range []struct {
			a  access.Actor
			id string
		}{{cw, neighbour}, {other, foreign}} {
			if _, err := env.Notes.Create(ctx, c.a, c.id, note.Input{Type: "phone", Date: "2025-01-02", Text: "Muu asiakas."}); err != nil {
				t.Fatal(err)
			}
		}
		n, err := env.Notes.Create(ctx, cw, id, note.Input{Type: "counselling", Date: "2025-01-02", Text: "Ohjaus."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.Notes.Create(ctx, cw, id, note.Input{Type: "home-visit", Date: "2025-01-03", Text: "Salainen-Xyzzy.", Sensitive: true}); err != nil {
			t.Fatal(err)
		}
		v, err := env.Plans.Create(ctx, cw, id, plan.Content{Kind: plan.KindBasic, StartDate: d("2025-02-01"), EndDate: d("2025-12-31"), Goals: []string{"Suomen kieli"}})
		if err != nil {
			t.Fatal(err)
		}
		r, err := env.Referrals.Create(ctx, cw, id, referral.NewReferral{Provider: "P1", Service: "integration-training", Date: d("2025-02-02")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.Referrals.AddStep(ctx, cw, id, r.ID, referral.Step{Status: referral.Sent, Date: d("2025-02-03")}); err != nil {
			t.Fatal(err)
		}

		all, err := env.Timeline.Timeline(ctx, cw, id, 0, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for i, e := range all {
			kinds = append(kinds, string(e.Kind))
			if i > 0 && e.At.After(all[i-1].At) {
				t.Errorf("event %d (%s) newer than the one before", i, e.Kind)
			}
			if e.ID == neighbour || e.ID == foreign {
				t.Errorf("event of another client: %+v", e)
			}
			if e.Kind == timeline.Note && e.Sensitive && e.Code != "" {
				t.Errorf("sensitive note shows its type: %+v", e)
			}
			if strings.Contains(e.Summary(), "Xyzzy") {
				t.Errorf("note text in the timeline: %q", e.Summary())
			}
		}
		want := "referral.sent,referral.proposed,plan.created,note,note,registration"
		if got := strings.Join(kinds, ","); got != want {
			t.Fatalf("kinds = %s, want %s", got, want)
		}
		if all[2].ID != v.PlanID || all[2].Version != 1 || all[0].ID != r.ID || all[4].ID != n.ID || all[4].Code != "counselling" || all[0].Code != "integration-training" {
			t.Errorf("events: %+v", all)
		}

		// Pages of one event, each before the last one's time, give the
		// same events in the same order.
		var paged []string
		before := time.Time{}
		for range 10 {
			page, err := env.Timeline.Timeline(ctx, cw, id, 1, before)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			for _, e := range page {
				paged = append(paged, string(e.Kind))
			}
			before = page[len(page)-1].At
		}
		if got := strings.Join(paged, ","); got != want {
			t.Errorf("paged kinds = %s, want %s", got, want)
		}

		// Another organisation's caseworker: NotFound, like a missing client.
		for _, cid := range []string{id, "no-such-client"} {
			if _, err := env.Timeline.Timeline(ctx, other, cid, 0, time.Time{}); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("timeline of %s for another organisation: %v, want NotFound", cid, err)
			}
		}
	})
}

// The overview is the card, the current plan, the open referrals and the
// latest events, read with one access-log entry.
func TestOverview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddOrg(t, "245")
		env.AddProvider(t, "P1", "Opisto")
		cw := env.AddUser(t, "240", "anna", access.Caseworker)
		other := env.AddUser(t, "245", "olli", access.Caseworker)
		d := func(s string) civil.Date { v, _ := civil.ParseDate(s); return v }
		c, _, err := env.Clients.Create(ctx, cw, client.Details{FirstNames: "Aino", LastName: "Yleiskuva", BirthDate: civil.Date{Year: 1991, Month: 5, Day: 6}}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		o, err := env.Overview.Get(ctx, cw, c.ID, overview.ForAPI)
		if err != nil || o.Plan != nil || len(o.Referrals) != 0 || len(o.Timeline) != 1 || o.Card.Client.ID != c.ID {
			t.Fatalf("empty overview: %+v, %v", o, err)
		}
		v, err := env.Plans.Create(ctx, cw, c.ID, plan.Content{Kind: plan.KindBasic, StartDate: d("2025-02-01"), EndDate: d("2025-12-31"), Goals: []string{"Kieli"}})
		if err != nil {
			t.Fatal(err)
		}
		open, err := env.Referrals.Create(ctx, cw, c.ID, referral.NewReferral{Provider: "P1", Service: "integration-training", Date: d("2025-02-02")})
		if err != nil {
			t.Fatal(err)
		}
		done, err := env.Referrals.Create(ctx, cw, c.ID, referral.NewReferral{Provider: "P1", Service: "civic-orientation", Date: d("2025-02-02")})
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range []referral.Step{{Status: referral.Sent, Date: d("2025-02-03")}, {Status: referral.Rejected, Date: d("2025-02-04"), Reason: "Ei tilaa."}} {
			if _, err := env.Referrals.AddStep(ctx, cw, c.ID, done.ID, st); err != nil {
				t.Fatal(err)
			}
		}
		count := func() int {
			var n int
			if err := env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM audit_entries WHERE action = 'client.overview' AND client_id = ` + `'` + c.ID + `'`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := count()
		o, err = env.Overview.Get(ctx, cw, c.ID, overview.ForCard)
		if err != nil {
			t.Fatal(err)
		}
		if o.Plan == nil || o.Plan.PlanID != v.PlanID {
			t.Errorf("current plan: %+v", o.Plan)
		}
		if len(o.Referrals) != 1 || o.Referrals[0].ID != open.ID {
			t.Errorf("open referrals: %+v", o.Referrals)
		}
		if len(o.Timeline) != 6 || o.Timeline[0].Kind != timeline.ReferralStep("rejected") {
			t.Errorf("timeline: %+v", o.Timeline)
		}
		if len(o.Card.Assignments) != 1 {
			t.Errorf("card: %+v", o.Card)
		}
		if n := count() - before; n != 1 {
			t.Errorf("%d log entries for one overview, want 1", n)
		}
		if _, err := env.Overview.Get(ctx, other, c.ID, overview.ForAPI); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("overview for another organisation: %v, want NotFound", err)
		}
	})
}

// Every read of a timeline is an index search on SQLite, never a scan of
// a table: the cost of a page does not grow with the register.
func TestTimelineReadsUseIndexes(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	for i, q := range store.TimelineStatements() {
		args := []any{"org", "client"}
		if i >= 2 {
			args = append(args, 51)
		}
		rows, err := db.SQL().Query(`EXPLAIN QUERY PLAN `+q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		for _, step := range plan {
			if strings.HasPrefix(step, "SCAN ") || strings.Contains(step, "TEMP B-TREE") {
				t.Errorf("%s\nplan: %s", q, strings.Join(plan, "; "))
			}
		}
	}
}

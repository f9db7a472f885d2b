package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/note"
	"koto/internal/plan"
	"koto/internal/referral"
	"koto/internal/store/storetest"
)

// The timeline page names every event (names, not codes) and links to its
// record; the card is the overview with the current plan, the open
// referral and the latest events; another organisation gets 404.
func TestTimelinePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := newHarness(t, engine)
		s.env.AddProvider(t, "opisto", "Kansanopisto")
		a := s.env.AddUser(t, "001", "cw.t", access.Caseworker)
		d := func(v string) civil.Date { x, _ := civil.ParseDate(v); return x }
		c, _, err := s.env.Clients.Create(ctx, a, client.Details{FirstNames: "Aino", LastName: "Aikajana", BirthDate: d("1988-04-05")}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		n, err := s.env.Notes.Create(ctx, a, c.ID, note.Input{Type: "phone", Date: "2025-03-01", Text: "Puhelu-Zxcv."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.env.Notes.Create(ctx, a, c.ID, note.Input{Type: "home-visit", Date: "2025-03-02", Text: "Arka-Qwerty.", Sensitive: true}); err != nil {
			t.Fatal(err)
		}
		v, err := s.env.Plans.Create(ctx, a, c.ID, plan.Content{Kind: plan.KindBasic, StartDate: d("2025-03-03"), EndDate: d("2025-12-31"), Goals: []string{"Kieli"}})
		if err != nil {
			t.Fatal(err)
		}
		r, err := s.env.Referrals.Create(ctx, a, c.ID, referral.NewReferral{Provider: "opisto", Service: "integration-training", Date: d("2025-03-04")})
		if err != nil {
			t.Fatal(err)
		}
		cw := s.login(t, "cw.t")

		res := s.do(t, "GET", "/clients/"+c.ID+"/timeline", nil, cw)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("timeline: %d", res.StatusCode)
		}
		body := res.Body
		mustContain(t, body, fi("timeline.kind.referral"), fi("referral.status.proposed"), fi("timeline.kind.plan.created"),
			fi("note.type.phone"), fi("timeline.sensitive"), fi("timeline.kind.registration"),
			`href="/clients/`+c.ID+`/referrals#ref-`+r.ID+`"`, `href="/clients/`+c.ID+`/plans/`+v.PlanID+`/versions/1"`,
			`href="/clients/`+c.ID+`/notes#note-`+n.ID+`"`)
		for _, never := range []string{"Zxcv", "Qwerty", fi("note.type.home-visit"), ">integration-training<"} {
			if strings.Contains(body, never) {
				t.Errorf("timeline shows %q", never)
			}
		}
		ref, plan, note := strings.Index(body, fi("timeline.kind.referral")), strings.Index(body, fi("timeline.kind.plan.created")), strings.Index(body, fi("note.type.phone"))
		if !(ref < plan && plan < note) {
			t.Errorf("not newest first: referral %d, plan %d, note %d", ref, plan, note)
		}

		card := s.do(t, "GET", "/clients/"+c.ID, nil, cw)
		if card.StatusCode != http.StatusOK {
			t.Fatalf("card: %d", card.StatusCode)
		}
		mustContain(t, card.Body, fi("timeline.overview.plan"), fi("plan.kind.basic"), `href="/clients/`+c.ID+`/plans/`+v.PlanID+`"`,
			fi("timeline.overview.referrals"), "Kansanopisto", fi("timeline.overview.events"), `href="/clients/`+c.ID+`/timeline"`,
			fi("web.group.identity"), `id="hetu-row"`)

		other := s.login(t, "cw.b")
		for _, p := range []string{"/clients/" + c.ID + "/timeline", "/clients/" + c.ID} {
			if res := s.do(t, "GET", p, nil, other); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s for another organisation: %d", p, res.StatusCode)
			}
		}
	})
}

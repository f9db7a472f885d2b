package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"koto/internal/civil"
	"koto/internal/due"
	"koto/internal/store/storetest"
)

// A caseworker lands on their day: their own clients by name and what is
// due for them with the kind in words and a link to the record; a
// client not assigned to them is not there; a supervisor keeps the client list as
// the start page; the full list widens the window.
func TestMyDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		cw, sup := s.login(t, "cw.a"), s.login(t, "sup.a")
		if res := s.do(t, "GET", "/", nil, cw); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/me" {
			t.Fatalf("caseworker start: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		if res := s.do(t, "GET", "/", nil, sup); res.Header.Get("Location") != "/clients" {
			t.Fatalf("supervisor start: %q", res.Header.Get("Location"))
		}
		res := s.do(t, "GET", "/me", nil, cw)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("/me: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("due.no_clients"), fi("due.none_today"))

		today := due.Today(time.Now())
		registered := civil.DateOf(today.AddYears(-3).Time().AddDate(0, 0, 20)).String()
		id := s.create(t, newClientForm(map[string]string{"firstNames": "Päivi", "lastName": "Määräaikainen", "municipalityRegistered": registered}), cw)
		s.create(t, newClientForm(map[string]string{"firstNames": "Kalle", "lastName": "Kollegan", "hetu": hetu(16, 3, 90, 903),
			"municipalityRegistered": registered}), sup)
		if _, err := s.env.DB.RecomputeDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		res = s.do(t, "GET", "/me", nil, cw)
		dueOn := civil.DateOf(today.Time().AddDate(0, 0, 20))
		mustContain(t, res.Body, "Määräaikainen, Päivi", fi("due.kind.assessment_due"),
			fi("due.my_clients_caption", 1), `href="/clients/`+id+`/assessment"`, `href="/clients/`+id+`"`,
			`aria-current="page"`, `href="/me/due?within=90"`,
			fmtDate(dueOn))
		if strings.Contains(res.Body, "Kollegan") {
			t.Error("a colleague's client on my day")
		}
		if strings.Contains(res.Body, "assessment_due") {
			t.Error("a raw code in the UI")
		}
		// The full list: within 7 days nothing, within 30 the assessment.
		res = s.do(t, "GET", "/me/due?within=7", nil, cw)
		mustContain(t, res.Body, fi("due.none_within"))
		res = s.do(t, "GET", "/me/due?within=30", nil, cw)
		mustContain(t, res.Body, "Määräaikainen, Päivi", fi("due.kind.assessment_due"), `<option value="30" selected>`)
		// The supervisor is assigned neither (creating a client assigns
		// only caseworkers): their day is empty.
		res = s.do(t, "GET", "/me", nil, sup)
		if strings.Contains(res.Body, "Kollegan") || strings.Contains(res.Body, "Määräaikainen") {
			t.Error("supervisor's day lists clients not assigned to them")
		}
	})
}

// fmtDate is a date as the Finnish UI shows it.
func fmtDate(d civil.Date) string { return fmt.Sprintf("%d.%d.%d", d.Day, int(d.Month), d.Year) }

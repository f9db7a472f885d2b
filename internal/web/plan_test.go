package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"koto/internal/store/storetest"
)

// A plan is made through the form; its warning is acknowledged; a
// revision makes version 2 and version 1 stays readable as it was; the
// PDF downloads; another organisation gets 404.
func TestPlanPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		cw, other := s.login(t, "cw.a"), s.login(t, "cw.b")
		id := s.create(t, newClientForm(map[string]string{"hetu": hetu(9, 9, 89, 919), "lastName": "Suunnitelmallinen"}), cw)

		res := s.do(t, "GET", "/clients/"+id+"/plans/new", nil, cw)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("new: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("plan.new_title"), "Kotoutumiskoulutus", "Monikielinen ohjaus ja neuvonta")

		bad := url.Values{"kind": {"basic"}, "startDate": {"2025-13-01"}, "endDate": {"2025-12-31"}, "goals": {""}}
		res = s.do(t, "POST", "/clients/"+id+"/plans", bad, cw)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("invalid plan: %d", res.StatusCode)
		}
		mustContain(t, res.Body, `href="#f-startDate"`, `href="#f-goals"`, `value="2025-13-01"`)

		form := url.Values{"kind": {"basic"}, "startDate": {"2025-01-01"}, "endDate": {"2026-03-31"}, "goals": {"Suomen kieli A2.2\nTyöllistyminen"},
			"reviewDates":      {"2025-06-01\n2025-11-01\n2026-03-01"},
			"measures[0].text": {"Kotoutumiskoulutus"}, "measures[0].serviceKind": {"integration-training"}, "measures[0].start": {"2025-02-01"}, "measures[0].end": {""}}
		res = s.do(t, "POST", "/clients/"+id+"/plans", form, cw)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d %s", res.StatusCode, res.Body)
		}
		planURL := res.Header.Get("Location")
		res = s.do(t, "GET", planURL, nil, cw)
		mustContain(t, res.Body, fi("plan.warning.first_plan_over_1y", 12), fi("plan.acknowledge"), "Työllistyminen", "(Kotoutumiskoulutus)")
		ack := planURL + "/versions/1/warnings/first_plan_over_1y/acknowledge"
		if res = s.do(t, "POST", ack, url.Values{"current": {"1"}}, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("acknowledge: %d", res.StatusCode)
		}
		res = s.do(t, "GET", planURL, nil, cw)
		if strings.Contains(res.Body, ">"+fi("plan.acknowledge")+"<") {
			t.Error("the acknowledged warning still offers the button")
		}

		form.Set("version", "1")
		form.Set("endDate", "2025-12-31")
		form.Set("goals", "Ruotsin kieli A2.1")
		if res = s.do(t, "POST", planURL, form, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("revise: %d %s", res.StatusCode, res.Body)
		}
		if res = s.do(t, "POST", planURL, form, cw); res.StatusCode != http.StatusConflict {
			t.Errorf("a stale revision: %d", res.StatusCode)
		}
		res = s.do(t, "GET", planURL, nil, cw)
		mustContain(t, res.Body, "Ruotsin kieli A2.1", fi("plan.version_n", 2))
		res = s.do(t, "GET", planURL+"/versions/1", nil, cw)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("version 1: %d", res.StatusCode)
		}
		mustContain(t, res.Body, "Työllistyminen", fi("plan.old_version", 1), "31.3.2026")

		if res = s.do(t, "POST", planURL+"/follow-ups", url.Values{"date": {"2025-04-01"}, "text": {"Koulutus alkoi."}}, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("follow-up: %d", res.StatusCode)
		}
		res = s.do(t, "GET", planURL+"/pdf?lang=fi", nil, cw)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(res.Body, "%PDF-") {
			t.Errorf("pdf: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		for _, path := range []string{planURL, planURL + "/versions/1", planURL + "/pdf", "/clients/" + id + "/plans"} {
			if res := s.do(t, "GET", path, nil, other); res.StatusCode != http.StatusNotFound {
				t.Errorf("another organisation: GET %s %d", path, res.StatusCode)
			}
		}
	})
}

package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"koto/internal/store/storetest"
)

// The casework journey's links: a new plan's form takes its kind and
// start from the query (a completed assessment links there), ignoring
// what is not a kind or a date; a current plan's measure with a national
// service links to the referral form with that service chosen, an old
// version's does not.
func TestCaseworkLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		cw := s.login(t, "cw.a")
		id := s.create(t, newClientForm(map[string]string{"hetu": hetu(6, 7, 91, 951), "lastName": "Linkitetty"}), cw)

		res := s.do(t, "GET", "/clients/"+id+"/plans/new?kind=multisector&startDate=2026-01-15", nil, cw)
		mustContain(t, res.Body, `<option value="multisector" selected>`, `value="2026-01-15"`)
		res = s.do(t, "GET", "/clients/"+id+"/plans/new?kind=deluxe&startDate=%3Cx%3E", nil, cw)
		mustContain(t, res.Body, `<option value="basic" selected>`)
		mustNotContain(t, res.Body, `<option value="deluxe"`, "&lt;x&gt;")

		form := url.Values{"kind": {"basic"}, "startDate": {"2026-01-15"}, "endDate": {"2026-12-31"}, "goals": {"Suomen kieli"},
			"measures[0].text": {"Koulutus"}, "measures[0].serviceKind": {"integration-training"}, "measures[0].start": {"2026-02-01"},
			"measures[1].text": {"Oma harjoittelu"}}
		res = s.do(t, "POST", "/clients/"+id+"/plans", form, cw)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d %s", res.StatusCode, res.Body)
		}
		planURL := res.Header.Get("Location")
		refer := `href="/clients/` + id + `/referrals?service=integration-training#h-new-referral"`
		mustContain(t, s.do(t, "GET", planURL, nil, cw).Body, refer, fi("plan.refer", "Kotoutumiskoulutus"))

		form.Set("version", "1")
		if res = s.do(t, "POST", planURL, form, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("revise: %d", res.StatusCode)
		}
		mustNotContain(t, s.do(t, "GET", planURL+"/versions/1", nil, cw).Body, refer)

		res = s.do(t, "GET", "/clients/"+id+"/referrals?service=integration-training", nil, cw)
		mustContain(t, res.Body, `<option value="integration-training" selected>`)
	})
}

func mustNotContain(t *testing.T, body string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(body, u) {
			t.Errorf("body has %q", u)
		}
	}
}

package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"koto/internal/store/storetest"
)

// A placement recorded on its page, a household link shown on both
// clients' pages, the service ended on the card's section page; another
// organisation's caseworker gets 404.
func TestPlacementPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		cwA, cwB := s.login(t, "cw.a"), s.login(t, "cw.b")
		a := s.create(t, newClientForm(map[string]string{"hetu": hetu(1, 2, 85, 931), "lastName": "Osoitettu"}), cwA)
		b := s.create(t, newClientForm(map[string]string{"hetu": hetu(2, 3, 12, 932), "lastName": "Perheenjäsen"}), cwA)

		card := s.do(t, "GET", "/clients/"+a, nil, cwA)
		mustContain(t, card.Body, `href="/clients/`+a+`/placement"`, `href="/clients/`+a+`/edit/service"`, fi("placement.group.service"))

		base := "/clients/" + a + "/placement"
		res := s.do(t, "GET", base, nil, cwA)
		mustContain(t, res.Body, fi("placement.none"), `<label for="f-receptionCentre">`, `name="version" value="0"`)
		bad := url.Values{"version": {"0"}, "unhcrNumber": {"<x>"}, "decisionDate": {"2025-02-01"}, "arrivalDate": {"2025-01-01"}, "municipality": {"091"}}
		if res := s.do(t, "POST", base, bad, cwA); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("invalid placement: %d", res.StatusCode)
		} else {
			mustContain(t, res.Body, `href="#f-unhcrNumber"`, fi("placement.arrival_before_decision"), "&lt;x&gt;")
		}
		good := url.Values{"version": {"0"}, "receptionCentre": {"Joutsenon vastaanottokeskus"}, "unhcrNumber": {"123-45C67890"},
			"quotaRefugee": {"1"}, "municipality": {"091"}, "decisionDate": {"2025-01-10"}, "arrivalDate": {"2025-02-01"}}
		if res := s.do(t, "POST", base, good, cwA); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", res.StatusCode, res.Body)
		}
		res = s.do(t, "GET", base, nil, cwA)
		mustContain(t, res.Body, "Joutsenon vastaanottokeskus", "123-45C67890", "Helsinki")

		// Household: link b by its Koto id; both pages show it.
		kb := kotoOf(t, s.do(t, "GET", "/clients/"+b, nil, cwA).Body)
		if res := s.do(t, "POST", "/clients/"+a+"/household", url.Values{"otherId": {kb}, "kind": {"child"}}, cwA); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("link: %d\n%s", res.StatusCode, res.Body)
		}
		mustContain(t, s.do(t, "GET", base, nil, cwA).Body, fi("household.kind.child"), `href="/clients/`+b+`"`)
		mustContain(t, s.do(t, "GET", "/clients/"+b+"/placement", nil, cwA).Body, fi("household.kind.parent"), `href="/clients/`+a+`"`)
		if res := s.do(t, "POST", "/clients/"+a+"/household", url.Values{"otherId": {"K-nosuc-hclie"}, "kind": {"spouse"}}, cwA); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("unknown Koto id: %d", res.StatusCode)
		} else {
			mustContain(t, res.Body, fi("household.other_not_found"))
		}

		// Service end on the card's section page.
		edit := "/clients/" + a + "/edit/service"
		mustContain(t, s.do(t, "GET", edit, nil, cwA).Body, `<label for="f-serviceEnd">`, fi("service_end_reason.moved-away"))
		if res := s.do(t, "POST", edit, url.Values{"version": {"1"}, "serviceEnd": {"2025-03-31"}, "serviceEndReason": {"moved-away"}}, cwA); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("service end: %d\n%s", res.StatusCode, res.Body)
		}
		mustContain(t, s.do(t, "GET", "/clients/"+a, nil, cwA).Body, fi("service_end_reason.moved-away"), "31.3.2025")

		// Another organisation: 404 on every page.
		for _, p := range []string{base, "/clients/" + b + "/placement"} {
			if res := s.do(t, "GET", p, nil, cwB); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s for another organisation: %d", p, res.StatusCode)
			}
		}
	})
}

// kotoOf finds the Koto id on a card.
func kotoOf(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, "<strong>K-")
	if i < 0 {
		t.Fatal("no Koto id on the card")
	}
	rest := body[i+len("<strong>"):]
	return rest[:strings.Index(rest, "<")]
}

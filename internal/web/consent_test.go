package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"koto/internal/civil"
	"koto/internal/store/storetest"
)

// The consents page: linked from the card; a consent given on the form
// shows by name, never by code; errors at their fields; a withdrawal is
// confirmed on its own page and then shows on the list with the original
// kept; another organisation's client is 404.
func TestConsentsPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		cw, other := s.login(t, "cw.a"), s.login(t, "cw.b")
		id := s.create(t, newClientForm(map[string]string{"hetu": hetu(8, 8, 88, 932), "lastName": "Suostuja"}), cw)
		today := civil.DateOf(time.Now().In(civil.Helsinki)).String()

		mustContain(t, s.do(t, "GET", "/clients/"+id, nil, cw).Body, `href="/clients/`+id+`/consents"`, fi("consents.link"))
		res := s.do(t, "GET", "/clients/"+id+"/consents", nil, cw)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("list: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("consents.none"), fi("consent.type.after-integration-period"), fi("consent.channel.paper"))

		res = s.do(t, "POST", "/clients/"+id+"/consents", url.Values{"type": {"disclosure-named-party"}, "given": {today}, "channel": {"paper"}}, cw)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("invalid consent: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("consent.scope_party_required"), `href="#f-scope"`)

		res = s.do(t, "POST", "/clients/"+id+"/consents", url.Values{"type": {"after-integration-period"}, "given": {today}, "channel": {"in-person"}}, cw)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("give: %d\n%s", res.StatusCode, res.Body)
		}
		res = s.do(t, "GET", "/clients/"+id+"/consents", nil, cw)
		mustContain(t, res.Body, fi("consent.type.after-integration-period"), fi("consent.channel.in-person"), fi("consents.status.active"), "cw.a")
		if strings.Contains(res.Body, ">after-integration-period<") {
			t.Error("a code shown instead of a name")
		}
		i := strings.Index(res.Body, `/withdraw"`)
		if i < 0 {
			t.Fatal("no withdrawal link")
		}
		link := res.Body[strings.LastIndex(res.Body[:i], `"`)+1 : i+len("/withdraw")]
		res = s.do(t, "GET", link, nil, cw)
		mustContain(t, res.Body, fi("consents.withdraw.warning"), fi("consents.withdraw.confirm"))
		post := strings.TrimSuffix(link, "/withdraw") + "/withdrawal"
		if res := s.do(t, "POST", post, url.Values{"date": {today}}, cw); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("withdrawal without a channel: %d", res.StatusCode)
		}
		if res := s.do(t, "POST", post, url.Values{"date": {today}, "channel": {"phone"}}, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("withdraw: %d\n%s", res.StatusCode, res.Body)
		}
		res = s.do(t, "GET", "/clients/"+id+"/consents", nil, cw)
		mustContain(t, res.Body, fi("consents.status.withdrawn"), fi("consent.channel.phone"), fi("consent.channel.in-person"))
		if strings.Contains(res.Body, `/withdraw"`) {
			t.Error("a withdrawn consent can be withdrawn again")
		}

		if res := s.do(t, "GET", "/clients/"+id+"/consents", nil, other); res.StatusCode != http.StatusNotFound {
			t.Errorf("other organisation: %d", res.StatusCode)
		}
		if res := s.do(t, "POST", "/clients/"+id+"/consents", url.Values{"type": {"e-service"}, "given": {today}, "channel": {"paper"}}, other); res.StatusCode != http.StatusNotFound {
			t.Errorf("other organisation gives: %d", res.StatusCode)
		}
	})
}

// The attack through the UI: a note on a client whose service has ended
// is refused with the reason until the client consents, and again at
// once after the withdrawal.
func TestCaseworkAfterServiceEndNeedsConsentUI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		cw := s.login(t, "cw.a")
		id := s.create(t, newClientForm(map[string]string{"hetu": hetu(7, 7, 87, 933), "lastName": "Paattynyt"}), cw)
		today := civil.DateOf(time.Now().In(civil.Helsinki)).String()
		end := civil.DateOf(time.Now().In(civil.Helsinki).AddDate(0, 0, -5)).String()
		if res := s.do(t, "POST", "/clients/"+id+"/edit/service", url.Values{"version": {"1"}, "serviceEnd": {end}, "serviceEndReason": {"employed"}}, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("service end: %d\n%s", res.StatusCode, res.Body)
		}
		note := url.Values{"type": {"phone"}, "date": {today}, "text": {"Puhelu."}}
		res := s.do(t, "POST", "/clients/"+id+"/notes", note, cw)
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("note without consent: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("consent.required_after_integration_period"))
		if res := s.do(t, "POST", "/clients/"+id+"/consents", url.Values{"type": {"after-integration-period"}, "given": {today}, "channel": {"paper"}}, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("give: %d", res.StatusCode)
		}
		if res := s.do(t, "POST", "/clients/"+id+"/notes", note, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("note with consent: %d\n%s", res.StatusCode, res.Body)
		}
		body := s.do(t, "GET", "/clients/"+id+"/consents", nil, cw).Body
		i := strings.Index(body, `/withdraw"`)
		link := body[strings.LastIndex(body[:i], `"`)+1 : i]
		if res := s.do(t, "POST", link+"/withdrawal", url.Values{"date": {today}, "channel": {"phone"}}, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("withdraw: %d", res.StatusCode)
		}
		if res := s.do(t, "POST", "/clients/"+id+"/notes", note, cw); res.StatusCode != http.StatusConflict {
			t.Fatalf("note after withdrawal: %d", res.StatusCode)
		}
	})
}

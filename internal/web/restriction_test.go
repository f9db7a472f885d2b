package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/store/storetest"
)

// The data-protection officer restricts a client's processing; every
// client page of the caseworker shows the banner; an edit and a note are
// refused with the reason on the form, which keeps what was typed, and
// nothing changes; after the lifting the edit goes through. Only the DPO
// has the forms; a caseworker cannot place a restriction.
func TestRestrictionPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		s.env.AddUser(t, "001", "tsv.a", access.DPO)
		cw, sup, dpo := s.login(t, "cw.a"), s.login(t, "sup.a"), s.login(t, "tsv.a")
		id := s.create(t, newClientForm(map[string]string{"hetu": hetu(3, 4, 91, 936), "lastName": "Rajattu"}), cw)
		page := "/clients/" + id + "/restriction"
		today := civil.DateOf(time.Now().In(civil.Helsinki))
		banner := fi("restriction.banner", fmt.Sprintf("%d.%d.%d", today.Day, int(today.Month), today.Year))

		if res := s.do(t, "GET", "/clients/"+id, nil, cw); strings.Contains(res.Body, "restriction-banner") {
			t.Fatal("banner without a restriction")
		}
		res := s.do(t, "GET", page, nil, dpo)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("page: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("restriction.status.none"), fi("restriction.ground.accuracy_contested"), `action="`+page+`"`)
		// The caseworker may neither see the page nor place a restriction.
		if res := s.do(t, "GET", page, nil, cw); res.StatusCode != http.StatusNotFound {
			t.Errorf("caseworker's page: %d", res.StatusCode)
		}
		form := url.Values{"ground": {"accuracy_contested"}, "reason": {"Asiakas kiistää osoitteensa."}, "requestId": {"dsr-7"}}
		if res := s.do(t, "POST", page, form, cw); res.StatusCode != http.StatusNotFound {
			t.Errorf("caseworker placed: %d", res.StatusCode)
		}
		if res := s.do(t, "POST", page, url.Values{"ground": {"accuracy_contested"}}, dpo); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("no reason: %d", res.StatusCode)
		} else {
			mustContain(t, res.Body, fi("restriction.reason_required"), `href="#f-reason"`)
		}
		if res := s.do(t, "POST", page, form, dpo); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("place: %d\n%s", res.StatusCode, res.Body)
		}
		res = s.do(t, "GET", page, nil, sup)
		mustContain(t, res.Body, fi("restriction.ground.accuracy_contested"), "Asiakas kiistää osoitteensa.", "dsr-7", banner)
		if strings.Contains(res.Body, `action="`+page+`/removal"`) {
			t.Error("a supervisor has the lift form")
		}

		// Every client page of the caseworker shows the banner, as status.
		for _, p := range []string{"/clients/" + id, "/clients/" + id + "/notes", "/clients/" + id + "/edit", "/clients/" + id + "/plans"} {
			res := s.do(t, "GET", p, nil, cw)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", p, res.StatusCode)
			}
			mustContain(t, res.Body, `role="status" id="restriction-banner"`, banner)
		}
		edit := newClientForm(map[string]string{"hetu": hetu(3, 4, 91, 936), "lastName": "Muutettu", "version": "1"})
		res = s.do(t, "POST", "/clients/"+id, edit, cw)
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("edit of a restricted client: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("client.restricted"), `value="Muutettu"`)
		note := url.Values{"type": {"phone"}, "date": {"2025-01-02"}, "text": {"Puhelu rajoituksen aikana."}}
		res = s.do(t, "POST", "/clients/"+id+"/notes", note, cw)
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("note on a restricted client: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("client.restricted"), "Puhelu rajoituksen aikana.")
		mustContain(t, s.do(t, "GET", "/clients/"+id, nil, cw).Body, "Rajattu")
		if strings.Contains(s.do(t, "GET", "/clients/"+id, nil, cw).Body, "Muutettu") {
			t.Fatal("the refused edit was saved")
		}

		// The DPO lifts it; the edit then goes through.
		res = s.do(t, "GET", page, nil, dpo)
		mustContain(t, res.Body, `action="`+page+`/removal"`)
		if res := s.do(t, "POST", page+"/removal", url.Values{"reason": {"Osoite tarkistettu."}}, dpo); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("lift: %d\n%s", res.StatusCode, res.Body)
		}
		if res := s.do(t, "GET", "/clients/"+id, nil, cw); strings.Contains(res.Body, "restriction-banner") {
			t.Fatal("banner after the lifting")
		}
		if res := s.do(t, "POST", "/clients/"+id, edit, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit after the lifting: %d\n%s", res.StatusCode, res.Body)
		}
		mustContain(t, s.do(t, "GET", page, nil, dpo).Body, "Osoite tarkistettu.", fi("restriction.status.none"))
	})
}

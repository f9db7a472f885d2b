package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/store/storetest"
)

// The merge through the UI: a caseworker setting a taken HETU is told to
// ask a supervisor, the supervisor gets the link, compares, merges (the
// card shows the banner, the merged id leads to the survivor), cannot
// confirm their own merge, undoes; another supervisor confirms.
func TestMergeUI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		s.env.AddUser(t, "001", "sup.b", access.Supervisor)
		cw, sup, sup2 := s.login(t, "cw.a"), s.login(t, "sup.a"), s.login(t, "sup.b")
		taken := hetu(15, 3, 90, 902)
		a := s.create(t, newClientForm(map[string]string{"hetu": taken, "firstNames": "Muhammad", "lastName": "Hassan"}), sup)
		noHETU := newClientForm(map[string]string{"hetu": "", "birthDate": "1990-03-15", "firstNames": "Mohammed", "lastName": "Hasan",
			"phone": "+358 40 765 4321", "confirmDuplicate": "1"})
		b := s.create(t, noHETU, cw)

		edit := newClientForm(map[string]string{"hetu": taken, "birthDate": "", "firstNames": "Mohammed", "lastName": "Hasan", "version": "1"})
		res := s.do(t, "POST", "/clients/"+b, edit, cw)
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("taken HETU: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("client.hetu_taken_merge"), fi("merge.ask_supervisor"))
		res = s.do(t, "POST", "/clients/"+b, edit, sup)
		mustContain(t, res.Body, `href="/clients/`+a+`/merge?with=`+b+`"`)

		res = s.do(t, "GET", "/clients/"+a+"/merge?with="+b, nil, sup)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("merge page: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("merge.field.name"), `name="choice.name" value="survivor" checked`, "Mohammed Hasan")
		res = s.do(t, "POST", "/clients/"+a+"/merge", url.Values{"with": {b}, "choice.name": {"survivor"}}, sup)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/clients/"+a {
			t.Fatalf("merge: %d %s", res.StatusCode, res.Body)
		}
		res = s.do(t, "GET", "/clients/"+a, nil, sup)
		mustContain(t, res.Body, fi("merge.banner.title"), `action="/clients/`+a+`/merge/undo"`, fi("merge.confirm_other"), "&#43;358 40 765 4321")
		if res = s.do(t, "GET", "/clients/"+b, nil, sup); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/clients/"+a {
			t.Errorf("merged id: %d → %s", res.StatusCode, res.Header.Get("Location"))
		}
		if res = s.do(t, "POST", "/clients/"+a+"/merge/confirm", url.Values{}, sup); res.StatusCode != http.StatusForbidden {
			t.Errorf("own merge confirmed: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("merge.confirm_own"))
		if res = s.do(t, "POST", "/clients/"+a+"/merge/undo", url.Values{}, sup); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("undo: %d", res.StatusCode)
		}
		if res = s.do(t, "GET", "/clients/"+b, nil, sup); res.StatusCode != http.StatusOK {
			t.Errorf("after undo the record is back: %d", res.StatusCode)
		}
		s.do(t, "POST", "/clients/"+a+"/merge", url.Values{"with": {b}}, sup)
		res = s.do(t, "GET", "/clients/"+a, nil, sup2)
		mustContain(t, res.Body, `action="/clients/`+a+`/merge/confirm"`)
		if res = s.do(t, "POST", "/clients/"+a+"/merge/confirm", url.Values{}, sup2); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("confirm: %d %s", res.StatusCode, res.Body)
		}
		if res = s.do(t, "GET", "/clients/"+a, nil, sup2); res.StatusCode != http.StatusOK || contains(res.Body, fi("merge.banner.title")) {
			t.Errorf("banner after confirm")
		}
		// Candidates of a record: the merge page without "with".
		res = s.do(t, "GET", "/clients/"+a+"/merge", nil, sup)
		mustContain(t, res.Body, fi("merge.candidates.none"))
	})
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

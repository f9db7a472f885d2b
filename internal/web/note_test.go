package web

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"koto/internal/store/storetest"
)

// The notes page: a note written on the form shows with its type by name
// and its author; an amendment shows under the original, which stays; a
// sensitive note opens for a purpose for the responsible caseworker and
// stays hidden from a supervisor without a relation; each error at its
// field with what was typed kept; another organisation's client is 404.
func TestNotesPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		cw, sup, other := s.login(t, "cw.a"), s.login(t, "sup.a"), s.login(t, "cw.b")
		id := s.create(t, newClientForm(map[string]string{"hetu": hetu(9, 9, 89, 931), "lastName": "Kirjattu"}), cw)

		res := s.do(t, "GET", "/clients/"+id, nil, cw)
		mustContain(t, res.Body, `href="/clients/`+id+`/notes"`, fi("notes.link"))
		res = s.do(t, "GET", "/clients/"+id+"/notes", nil, cw)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("list: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("notes.none"), fi("note.type.home-visit"), `action="/clients/`+id+`/notes"`)

		bad := url.Values{"type": {"home-visit"}, "date": {"huomenna"}, "text": {"Kirjoitettu teksti"}}
		res = s.do(t, "POST", "/clients/"+id+"/notes", bad, cw)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("invalid note: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("validation.date"), `href="#f-date"`, `value="huomenna"`, "Kirjoitettu teksti")

		res = s.do(t, "POST", "/clients/"+id+"/notes", url.Values{"type": {"home-visit"}, "date": {"2025-10-01"}, "text": {"Kotikäynnillä <b>kaikki</b> hyvin."}}, cw)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", res.StatusCode, res.Body)
		}
		res = s.do(t, "POST", "/clients/"+id+"/notes", url.Values{"type": {"counselling"}, "date": {"2025-10-02"}, "text": {"Terveys: uniongelmia."}, "sensitive": {"1"}}, cw)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create sensitive: %d", res.StatusCode)
		}
		res = s.do(t, "GET", "/clients/"+id+"/notes", nil, cw)
		mustContain(t, res.Body, fi("note.type.home-visit"), "1.10.2025", "cw.a", html.EscapeString("Kotikäynnillä <b>kaikki</b> hyvin."),
			fi("notes.sensitive.hidden_open"), fi("notes.sensitive.open"))
		if strings.Contains(res.Body, "uniongelmia") {
			t.Error("a sensitive note shown without a purpose")
		}
		if strings.Index(res.Body, "2.10.2025") > strings.Index(res.Body, "1.10.2025") {
			t.Error("not newest first")
		}
		// Amend the first note from its link.
		i := strings.Index(res.Body, `/amend"`)
		if i < 0 {
			t.Fatal("no amendment link")
		}
		link := res.Body[strings.LastIndex(res.Body[:i], `href="`)+6 : i+6]
		res = s.do(t, "GET", link, nil, cw)
		mustContain(t, res.Body, fi("notes.amend.original"), html.EscapeString("Kotikäynnillä <b>kaikki</b> hyvin."))
		action := strings.TrimSuffix(link, "/amend") + "/amendments"
		if res := s.do(t, "POST", action, url.Values{"text": {" "}}, cw); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("empty amendment: %d", res.StatusCode)
		}
		if res := s.do(t, "POST", action, url.Values{"text": {"Korjaus: käynti oli aamupäivällä."}}, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("amend: %d", res.StatusCode)
		}
		res = s.do(t, "GET", "/clients/"+id+"/notes", nil, cw)
		mustContain(t, res.Body, fi("notes.amendments.heading"), "Korjaus: käynti oli aamupäivällä.", html.EscapeString("Kotikäynnillä <b>kaikki</b> hyvin."))

		// Open the sensitive note for a purpose.
		res = s.do(t, "GET", "/clients/"+id+"/notes?purpose=client_meeting", nil, cw)
		mustContain(t, res.Body, "Terveys: uniongelmia.", fi("notes.sensitive.opened"), fi("case.purpose.client_meeting"))
		// A supervisor without a relation sees that it exists, not its text.
		res = s.do(t, "GET", "/clients/"+id+"/notes?purpose=client_meeting", nil, sup)
		if res.StatusCode != http.StatusOK || strings.Contains(res.Body, "uniongelmia") {
			t.Errorf("supervisor without a relation: %d, text shown %v", res.StatusCode, strings.Contains(res.Body, "uniongelmia"))
		}
		mustContain(t, res.Body, fi("notes.sensitive.hidden"), "Kotikäynnillä")
		// Another organisation's caseworker: 404 on every notes route.
		for _, rq := range []struct{ method, path string }{{"GET", "/clients/" + id + "/notes"}, {"POST", "/clients/" + id + "/notes"}, {"GET", link}, {"POST", action}} {
			if res := s.do(t, rq.method, rq.path, url.Values{"type": {"phone"}, "date": {"2025-01-01"}, "text": {"x"}}, other); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s %s by another organisation: %d", rq.method, rq.path, res.StatusCode)
			}
		}
	})
}

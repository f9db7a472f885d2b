package web

import (
	"net/http"
	"strings"
	"testing"

	"koto/internal/store/storetest"
)

// The card, the list, the history and the form show coded values by
// name in the reader's language, never as the raw code.
func TestCodesShownByName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		cw := s.login(t, "cw.a")
		form := newClientForm(map[string]string{"hetu": hetu(5, 6, 80, 921), "lastName": "Koodinen",
			"motherTongue": "prs", "serviceLanguage": "fin", "homeMunicipality": "091", "nationality": "hazara"})
		form["citizenships"] = []string{"AF", "", "IR"} // one select per citizenship, an empty one
		id := s.create(t, form, cw)

		res := s.do(t, "GET", "/clients/"+id, nil, cw)
		mustContain(t, res.Body, "<dd>dari</dd>", "<dd>suomi</dd>", "<dd>Afganistan, Iran</dd>", "<dd>Helsinki</dd>", "<dd>hazara</dd>")
		for _, raw := range []string{"<dd>prs</dd>", "<dd>AF, IR</dd>", "<dd>091</dd>"} {
			if strings.Contains(res.Body, raw) {
				t.Errorf("card shows raw code %s", raw)
			}
		}
		sv := &http.Cookie{Name: langCookie, Value: "sv"}
		res = s.do(t, "GET", "/clients/"+id, nil, cw, sv)
		mustContain(t, res.Body, "<dd>finska</dd>", "<dd>Helsingfors</dd>", "<dd>Afghanistan, Iran</dd>")
		res = s.do(t, "GET", "/clients?sort=created&dir=desc&size=10", nil, cw, sv)
		mustContain(t, res.Body, "<td>Helsingfors</td>")

		// The edit form: selects with names, the codes as values, the
		// stored values chosen.
		res = s.do(t, "GET", "/clients/"+id+"/edit", nil, cw)
		mustContain(t, res.Body, `<select id="f-motherTongue" name="motherTongue"`, `value="prs" data-s="dari | dari | Dari" selected>dari</option>`,
			`<select id="f-citizenships-2" name="citizenships"`, `value="IR" data-s="Iran | Iran | Iran" selected>Iran</option>`,
			`id="f-citizenships-3"`, `value="091" data-s="Helsinki | Helsingfors | Helsinki" selected>Helsinki</option>`)

		// The history shows old and new values by name.
		edit := newClientForm(map[string]string{"hetu": hetu(5, 6, 80, 921), "lastName": "Koodinen", "version": "1",
			"motherTongue": "fa", "serviceLanguage": "fi", "homeMunicipality": "049", "nationality": "hazara"})
		edit["citizenships"] = []string{"AF"}
		if res := s.do(t, "POST", "/clients/"+id, edit, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit: %d\n%s", res.StatusCode, res.Body)
		}
		res = s.do(t, "GET", "/clients/"+id+"/history", nil, cw)
		mustContain(t, res.Body, "<td>dari</td><td>persia</td>", "<td>Helsinki</td><td>Espoo</td>", "<td>Afganistan, Iran</td><td>Afganistan</td>")
	})
}

// A client whose record holds a withdrawn code (stored before the code
// lists) shows its name, and the edit form offers it so that saving keeps
// it; a merged municipality chosen anew is refused with a message.
func TestWithdrawnCodeOnForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		cw := s.login(t, "cw.a")
		id := s.create(t, newClientForm(map[string]string{"hetu": hetu(7, 8, 75, 922), "homeMunicipality": "091"}), cw)
		if _, err := s.env.DB.SQL().Exec(`UPDATE clients SET citizenships = '["SU"]', home_municipality = '099' WHERE id = '` + id + `'`); err != nil {
			t.Fatal(err)
		}
		res := s.do(t, "GET", "/clients/"+id, nil, cw)
		mustContain(t, res.Body, "<dd>Neuvostoliitto</dd>", "<dd>Honkajoki</dd>")
		res = s.do(t, "GET", "/clients/"+id+"/edit", nil, cw)
		mustContain(t, res.Body, `<option value="SU" data-s="Neuvostoliitto (ei enää käytössä)" selected>`, `<option value="099" data-s="Honkajoki (ei enää käytössä)" selected>`)

		form := newClientForm(map[string]string{"hetu": hetu(7, 8, 75, 922), "lastName": "Muutettu", "homeMunicipality": "099", "version": "1"})
		form["citizenships"] = []string{"SU"}
		if res := s.do(t, "POST", "/clients/"+id, form, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit keeping withdrawn codes: %d\n%s", res.StatusCode, res.Body)
		}
		form.Set("version", "2")
		form.Set("homeMunicipality", "319") // Köyliö, merged away in 2016
		res = s.do(t, "POST", "/clients/"+id, form, cw)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("merged municipality: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("codes.withdrawn.municipalities"), `href="#f-homeMunicipality"`)
	})
}

package api

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"koto/internal/access"
	"koto/internal/store/storetest"
)

// Coded fields are checked against the code lists: an unknown or
// withdrawn code is a 422 naming the field, in the caller's language;
// codes travel on the wire in their canonical form.
func TestCodeFieldsValidated(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		tok := h.user(t, "091", "cw", access.Caseworker)
		tests := []struct {
			name, field, value, lang, code, message string
		}{
			{"unknown language", "motherTongue", "xq", "fi", "codes.unknown.languages", "Valitse kieli luettelosta."},
			{"unknown service language", "serviceLanguage", "zzz", "en", "codes.unknown.languages", "Choose a language from the list."},
			{"unknown municipality", "homeMunicipality", "000", "sv", "codes.unknown.municipalities", "Välj en kommun i listan."},
			{"merged municipality", "homeMunicipality", "099", "fi", "codes.withdrawn.municipalities", "Kunta on liitetty toiseen kuntaan. Valitse nykyinen kunta."},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				body := person("2000-01-01", "A", "B")
				body[tt.field] = tt.value
				w := h.call(t, "POST", "/api/v1/clients", tok, body, "Accept-Language", tt.lang)
				want(t, w, http.StatusUnprocessableEntity)
				wantFieldProblem(t, w, tt.field, tt.code, tt.message)
			})
		}
		for _, c := range []struct{ value, code string }{{"SU", "codes.withdrawn.countries"}, {"ZZ", "codes.unknown.countries"}} {
			body := person("2000-01-01", "A", "B")
			body["citizenships"] = []string{c.value}
			w := h.call(t, "POST", "/api/v1/clients", tok, body, "Accept-Language", "en")
			want(t, w, http.StatusUnprocessableEntity)
			wantFieldProblem(t, w, "citizenships", c.code, "")
		}
		if n := h.total(t, tok); n != 0 {
			t.Fatalf("refused input stored %d clients", n)
		}

		body := person("2000-01-01", "A", "B")
		body["motherTongue"], body["citizenships"], body["homeMunicipality"], body["nationality"] = "FIN", []string{"xx"}, "91", "karjalainen"
		w := h.call(t, "POST", "/api/v1/clients", tok, body)
		want(t, w, http.StatusCreated)
		type coded struct {
			MotherTongue     string   `json:"motherTongue"`
			Citizenships     []string `json:"citizenships"`
			HomeMunicipality string   `json:"homeMunicipality"`
			Nationality      string   `json:"nationality"`
		}
		got := decode[coded](t, w)
		if got.MotherTongue != "fi" || len(got.Citizenships) != 1 || got.Citizenships[0] != "XX" || got.HomeMunicipality != "091" || got.Nationality != "karjalainen" {
			t.Errorf("stored %+v", got)
		}
	})
}

// wantFieldProblem fails unless the problem names field with code (and
// message, when given).
func wantFieldProblem(t *testing.T, w *httptest.ResponseRecorder, field, code, message string) {
	t.Helper()
	for _, e := range decodeProblem(t, w).Errors {
		if e.Field == field && e.Code == code && (message == "" || e.Message == message) {
			return
		}
	}
	t.Errorf("want %s %s %q in %s", field, code, message, w.Body)
}

// GET /api/v1/codes/{list} gives integrators every code with its names,
// withdrawn codes included; another list name is 404.
func TestCodeListEndpoint(t *testing.T) {
	h := newHarness(t, "sqlite")
	tok := h.user(t, "091", "cw", access.Caseworker)
	w := h.call(t, "GET", "/api/v1/codes/countries", tok, nil)
	want(t, w, http.StatusOK)
	got := decode[codeListJSON](t, w)
	found := map[string]codeEntryJSON{}
	for _, e := range got.Entries {
		found[e.Code] = e
	}
	if got.List != "countries" || got.Version == "" || found["SY"].Names["sv"] != "Syrien" || found["SU"].Status != "withdrawn" || found["XX"].Status != "valid" {
		t.Errorf("countries: %s %s %+v %+v %+v", got.List, got.Version, found["SY"], found["SU"], found["XX"])
	}
	w = h.call(t, "GET", "/api/v1/codes/municipalities", tok, nil)
	want(t, w, http.StatusOK)
	for _, e := range decode[codeListJSON](t, w).Entries {
		if e.Code == "099" && (e.Status != "withdrawn" || e.Successor != "214") {
			t.Errorf("Honkajoki %+v", e)
		}
	}
	want(t, h.call(t, "GET", "/api/v1/codes/occupations", tok, nil), http.StatusNotFound)
	want(t, h.call(t, "GET", "/api/v1/codes/countries", "", nil), http.StatusUnauthorized)
}

package api

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/store/storetest"
)

func TestCreateGetUpdate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		tok := h.user(t, "091", "cw", access.Caseworker)
		h1 := synthetic(t, 1990, 1, 15, 901)

		w := h.call(t, "POST", "/api/v1/clients", tok, map[string]any{
			"hetu": strings.ToLower(h1), "firstNames": "Amina", "lastName": "Haddad",
			"motherTongue": "ar", "phone": "+358 40 123 4567",
			"address": map[string]any{"street": "Testikatu 1", "postalCode": "00100", "postOffice": "Helsinki"},
			"permits": []map[string]any{{"kind": "first", "outcome": "granted", "class": "A", "ground": "refugee_status", "validFrom": "2024-01-01"}},
		})
		want(t, w, http.StatusCreated)
		c := decode[clientResp](t, w)
		if c.ID == "" || w.Header().Get("Location") != "/api/v1/clients/"+c.ID {
			t.Fatalf("id %q, Location %q", c.ID, w.Header().Get("Location"))
		}
		if c.HETU != h1 || c.BirthDate != "1990-01-15" || c.Sex != "male" || c.Version != 1 || len(c.Permits) != 1 || c.Permits[0].ID == "" {
			t.Fatalf("created %+v", c)
		}
		if w.Header().Get("Cache-Control") != "no-store" {
			t.Error("personal data without no-store")
		}

		t.Run("minimal without HETU", func(t *testing.T) {
			m := h.create(t, tok, person("2001-02-03", "Oleh", "Shevchenko"))
			if m.HETU != "" || m.BirthDate != "2001-02-03" || m.KotoID == "" {
				t.Fatalf("created %+v", m)
			}
			if !strings.Contains(h.call(t, "GET", path(m.ID), tok, nil).Body.String(), `"birthDate":"2001-02-03"`) {
				t.Error("birth date not stored")
			}
		})

		t.Run("get", func(t *testing.T) {
			w := h.call(t, "GET", path(c.ID), tok, nil)
			want(t, w, http.StatusOK)
			got := decode[clientResp](t, w)
			if got.FirstNames != "Amina" || got.Address == nil || got.Address.Street != "Testikatu 1" || w.Header().Get("ETag") != `"1"` {
				t.Fatalf("got %+v, ETag %q", got, w.Header().Get("ETag"))
			}
		})

		t.Run("patch keeps absent fields", func(t *testing.T) {
			w := h.call(t, "PATCH", path(c.ID), tok, map[string]any{"lastName": "Haddad-Virtanen"}, "If-Match", `"1"`)
			want(t, w, http.StatusOK)
			got := decode[clientResp](t, w)
			if got.LastName != "Haddad-Virtanen" || got.FirstNames != "Amina" || got.HETU != h1 || got.Phone != "+358 40 123 4567" ||
				got.Address == nil || got.Address.Street != "Testikatu 1" || len(got.Permits) != 1 || got.Permits[0].ID != c.Permits[0].ID || got.Version != 2 {
				t.Fatalf("patched %+v", got)
			}
		})

		t.Run("patch version conflict", func(t *testing.T) {
			want(t, h.call(t, "PATCH", path(c.ID), tok, map[string]any{"lastName": "X"}, "If-Match", `"1"`), http.StatusConflict)
			want(t, h.call(t, "PATCH", path(c.ID), tok, map[string]any{"lastName": "X", "version": 1}), http.StatusConflict)
			want(t, h.call(t, "PATCH", path(c.ID), tok, map[string]any{"lastName": "X"}, "If-Match", `nonsense`), http.StatusBadRequest)
		})

		t.Run("patch unknown field changes nothing", func(t *testing.T) {
			w := h.call(t, "PATCH", path(c.ID), tok, `{"lastName": "Changed", "favouriteColour": "blue"}`)
			want(t, w, http.StatusBadRequest)
			if p := decodeProblem(t, w); !strings.Contains(p.Detail, "favouriteColour") || p.Type != ProblemBase+"bad-request" {
				t.Fatalf("problem %+v", p)
			}
			got := decode[clientResp](t, h.call(t, "GET", path(c.ID), tok, nil))
			if got.LastName != "Haddad-Virtanen" || got.Version != 2 {
				t.Fatalf("changed by a refused patch: %+v", got)
			}
		})

		t.Run("patch permits replace the list", func(t *testing.T) {
			w := h.call(t, "PATCH", path(c.ID), tok, map[string]any{"permits": []map[string]any{
				{"kind": "extended", "outcome": "granted", "class": "A", "ground": "refugee_status", "validFrom": "2025-01-01"},
				{"id": c.Permits[0].ID, "kind": "first", "outcome": "granted", "class": "A", "ground": "refugee_status", "validFrom": "2024-01-01"},
			}})
			want(t, w, http.StatusOK)
			got := decode[clientResp](t, w)
			if len(got.Permits) != 2 {
				t.Fatalf("permits %+v", got.Permits)
			}
			for _, p := range got.Permits {
				if p.Kind == "extended" && (p.ID == c.Permits[0].ID || p.ValidFrom != "2025-01-01") {
					t.Errorf("new permit mixed with the old one: %+v", p)
				}
			}
			w = h.call(t, "PATCH", path(c.ID), tok, map[string]any{"permits": []map[string]any{{"id": "someone-elses", "kind": "first", "ground": "work"}}})
			want(t, w, http.StatusUnprocessableEntity)
			if p := decodeProblem(t, w); len(p.Errors) != 1 || p.Errors[0].Field != "permits[0].id" {
				t.Fatalf("problem %+v", p)
			}
		})

		t.Run("patch null clears, bad date is a field error", func(t *testing.T) {
			w := h.call(t, "PATCH", path(c.ID), tok, `{"phone": null, "arrivalDate": "2024-02-30"}`)
			want(t, w, http.StatusUnprocessableEntity)
			if p := decodeProblem(t, w); len(p.Errors) != 1 || p.Errors[0].Field != "arrivalDate" || p.Errors[0].Code != "validation.date" {
				t.Fatalf("problem %+v", p)
			}
			w = h.call(t, "PATCH", path(c.ID), tok, `{"phone": null}`, "Content-Type", "application/merge-patch+json")
			want(t, w, http.StatusOK)
			if got := decode[clientResp](t, w); got.Phone != "" || got.LastName != "Haddad-Virtanen" {
				t.Fatalf("patched %+v", got)
			}
		})

		t.Run("patch a new HETU moves the birth date", func(t *testing.T) {
			m := h.create(t, tok, person(synthetic(t, 1980, 5, 5, 902), "Leyla", "Karimi"))
			h2 := synthetic(t, 1981, 6, 6, 904)
			w := h.call(t, "PATCH", path(m.ID), tok, map[string]any{"hetu": h2})
			want(t, w, http.StatusOK)
			if got := decode[clientResp](t, w); got.HETU != h2 || got.BirthDate != "1981-06-06" || got.Sex != "female" {
				t.Fatalf("patched %+v", got)
			}
		})

		t.Run("history", func(t *testing.T) {
			w := h.call(t, "GET", path(c.ID, "/history"), tok, nil)
			want(t, w, http.StatusOK)
			items := decode[itemsJSON[changeJSON]](t, w).Items
			found := false
			for _, ch := range items {
				if ch.Field == "lastName" && ch.NewValue != nil && *ch.NewValue == "Haddad-Virtanen" && ch.User == "cw" {
					found = true
				}
				if strings.HasPrefix(ch.Field, "address.") && !ch.Hidden {
					t.Errorf("caseworker sees address history %+v", ch)
				}
			}
			if !found {
				t.Fatalf("history %s", w.Body)
			}
		})
	})
}

func TestCreateRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		tok := h.user(t, "091", "cw", access.Caseworker)
		other := h.user(t, "049", "cw2", access.Caseworker)
		h1 := synthetic(t, 1975, 12, 31, 903)
		bad := h1[:10] + string("0123456789ABCDEFHJKLMNPRSTUVWXY"[(strings.IndexByte("0123456789ABCDEFHJKLMNPRSTUVWXY", h1[10])+1)%31])

		t.Run("invalid HETU stores nothing", func(t *testing.T) {
			before := h.total(t, tok)
			w := h.call(t, "POST", "/api/v1/clients", tok, person(bad, "Test", "Person"), "Accept-Language", "en")
			want(t, w, http.StatusUnprocessableEntity)
			p := decodeProblem(t, w)
			if p.Type != ProblemBase+"validation" || len(p.Errors) != 1 || p.Errors[0].Field != "hetu" || p.Errors[0].Code != "hetu.checksum" ||
				!strings.Contains(p.Errors[0].Message, "check character") {
				t.Fatalf("problem %+v", p)
			}
			if strings.Contains(w.Body.String(), bad) {
				t.Error("problem echoes the HETU")
			}
			if after := h.total(t, tok); after != before {
				t.Fatalf("total %d → %d", before, after)
			}
		})

		t.Run("duplicate HETU is 409 in the same organisation only", func(t *testing.T) {
			first := h.create(t, tok, person(h1, "Test", "Person"))
			want(t, h.call(t, "POST", "/api/v1/clients", tok, person(h1, "Other", "Name")), http.StatusConflict)
			h.create(t, other, person(h1, "Test", "Person"))
			if first.ID == "" {
				t.Fatal("no id")
			}
		})

		t.Run("possible duplicate is a warning", func(t *testing.T) {
			a := h.create(t, tok, person("1999-09-09", "Sara", "Ali"))
			b := h.create(t, tok, person("1999-09-09", "Sara", "Ali"))
			if len(a.Warnings) != 0 || len(b.Warnings) != 1 || b.Warnings[0].Code != "possible_duplicate" || b.Warnings[0].ClientID != a.ID {
				t.Fatalf("warnings %+v / %+v", a.Warnings, b.Warnings)
			}
		})

		t.Run("bad input", func(t *testing.T) {
			tests := []struct {
				name, body, ctype string
				status            int
				detail, field     string
			}{
				{"malformed", `{"firstNames": "A",, }`, "application/json", 400, "20", ""},
				{"truncated", `{"firstNames": "A"`, "application/json", 400, "", ""},
				{"unknown field", `{"firstNames": "A", "lastName": "B", "birthDate": "2000-01-01", "shoeSize": 42}`, "application/json", 400, "shoeSize", ""},
				{"unknown permit field", `{"firstNames": "A", "lastName": "B", "birthDate": "2000-01-01", "permits": [{"kind": "first", "ground": "work", "colour": 1}]}`, "application/json", 400, "colour", ""},
				{"version on create", `{"firstNames": "A", "lastName": "B", "birthDate": "2000-01-01", "version": 1}`, "application/json", 400, "version", ""},
				{"trailing data", `{"firstNames": "A", "lastName": "B", "birthDate": "2000-01-01"} {}`, "application/json", 400, "", ""},
				{"not an object", `["A"]`, "application/json", 400, "", ""},
				{"null", `null`, "application/json", 400, "", ""},
				{"empty", ``, "application/json", 400, "", ""},
				{"wrong type", `{"firstNames": 7, "lastName": "B", "birthDate": "2000-01-01"}`, "application/json", 422, "", "firstNames"},
				{"wrong permit type", `{"firstNames": "A", "lastName": "B", "birthDate": "2000-01-01", "permits": [{"kind": 1}]}`, "application/json", 422, "", "permits[0].kind"},
				{"bad date", `{"firstNames": "A", "lastName": "B", "birthDate": "01.01.2000"}`, "application/json", 422, "", "birthDate"},
				{"bad permit date", `{"firstNames": "A", "lastName": "B", "birthDate": "2000-01-01", "permits": [{"kind": "first", "ground": "work", "validTo": "2025-13-01"}]}`, "application/json", 422, "", "permits[0].validTo"},
				{"form post", `firstNames=A`, "application/x-www-form-urlencoded", 415, "", ""},
				{"no content type", `{}`, "", 415, "", ""},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					w := h.call(t, "POST", "/api/v1/clients", tok, tt.body, "Content-Type", tt.ctype, "Accept-Language", "en")
					want(t, w, tt.status)
					p := decodeProblem(t, w)
					if tt.detail != "" && !strings.Contains(p.Detail, tt.detail) {
						t.Errorf("detail %q does not name %q", p.Detail, tt.detail)
					}
					if tt.field != "" && (len(p.Errors) == 0 || p.Errors[0].Field != tt.field) {
						t.Errorf("errors %+v, want field %s", p.Errors, tt.field)
					}
				})
			}
		})

		t.Run("body limit", func(t *testing.T) {
			big := `{"firstNames": "` + strings.Repeat("a", 2<<20) + `"}`
			want(t, h.call(t, "POST", "/api/v1/clients", tok, big), http.StatusRequestEntityTooLarge)
			// Without a Content-Length the limit applies while reading.
			req := httptest.NewRequest("POST", "/api/v1/clients", io.MultiReader(strings.NewReader(big)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tok)
			w := httptest.NewRecorder()
			h.h.ServeHTTP(w, req)
			want(t, w, http.StatusRequestEntityTooLarge)
		})
	})
}

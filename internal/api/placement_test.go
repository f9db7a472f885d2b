package api

import (
	"net/http"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/store/storetest"
)

// The contract of issue 13 items 7–8: the service end and death on the
// client, the placement resource and household links; another
// organisation's client and another client's link answer 404.
func TestPlacementContract(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		tok := h.user(t, "091", "cw", access.Caseworker)
		other := h.user(t, "049", "cw.espoo", access.Caseworker)
		a := h.create(t, tok, map[string]any{"hetu": synthetic(t, 1980, 2, 2, 922), "firstNames": "Aisha", "lastName": "Osman", "arrivalDate": "2020-01-10"})
		b := h.create(t, tok, person(synthetic(t, 2012, 3, 3, 923), "Omar", "Osman"))
		foreign := h.create(t, other, person(synthetic(t, 1979, 4, 4, 924), "Ali", "Muu"))

		t.Run("service end on the client", func(t *testing.T) {
			w := h.call(t, "PATCH", path(a.ID), tok, map[string]any{"serviceEnd": "2025-01-31", "serviceEndReason": "employed"})
			want(t, w, http.StatusOK)
			body := w.Body.String()
			if !strings.Contains(body, `"serviceEnd":"2025-01-31"`) || !strings.Contains(body, `"serviceEndReason":"employed"`) || !strings.Contains(body, `"dateOfDeath":null`) {
				t.Fatalf("client %s", body)
			}
			w = h.call(t, "PATCH", path(a.ID), tok, map[string]any{"serviceEnd": "2019-12-31"})
			want(t, w, http.StatusUnprocessableEntity)
			if p := decodeProblem(t, w); len(p.Errors) == 0 || p.Errors[0].Field != "serviceEnd" {
				t.Errorf("service end before arrival: %+v", p)
			}
			w = h.call(t, "PATCH", path(a.ID), tok, map[string]any{"dateOfDeath": "2099-01-01"})
			want(t, w, http.StatusUnprocessableEntity)
			w = h.call(t, "GET", path(a.ID, "/history"), tok, nil)
			want(t, w, http.StatusOK)
			if !strings.Contains(w.Body.String(), `serviceEndReason`) {
				t.Error("the service end is not in the history")
			}
		})
		t.Run("death implies the end", func(t *testing.T) {
			w := h.call(t, "PATCH", path(b.ID), tok, map[string]any{"dateOfDeath": "2025-03-01"})
			want(t, w, http.StatusOK)
			if body := w.Body.String(); !strings.Contains(body, `"serviceEnd":"2025-03-01"`) || !strings.Contains(body, `"serviceEndReason":"death"`) {
				t.Fatalf("client %s", body)
			}
		})
		t.Run("placement", func(t *testing.T) {
			w := h.call(t, "GET", path(a.ID, "/placement"), tok, nil)
			want(t, w, http.StatusOK)
			if !strings.Contains(w.Body.String(), `"version":0`) {
				t.Fatalf("empty placement %s", w.Body)
			}
			w = h.call(t, "PUT", path(a.ID, "/placement"), tok, map[string]any{"receptionCentre": "Joutsenon vastaanottokeskus",
				"unhcrNumber": "123-45C67890", "quotaRefugee": true, "municipality": "091", "decisionDate": "2020-01-01", "arrivalDate": "2020-01-10", "version": 0})
			want(t, w, http.StatusOK)
			if body := w.Body.String(); !strings.Contains(body, `"unhcrNumber":"123-45C67890"`) || !strings.Contains(body, `"version":1`) {
				t.Fatalf("saved %s", body)
			}
			w = h.call(t, "GET", path(a.ID, "/history"), tok, nil)
			want(t, w, http.StatusOK)
			for _, s := range []string{`"field":"placement.unhcrNumber","oldValue":"","newValue":"123-45C67890"`,
				`"field":"placement.municipality","oldValue":"","newValue":"091"`, `"field":"placement.quotaRefugee","oldValue":"false","newValue":"true"`} {
				if !strings.Contains(w.Body.String(), s) {
					t.Errorf("history lacks %s", s)
				}
			}
			want(t, h.call(t, "PUT", path(a.ID, "/placement"), tok, map[string]any{"municipality": "091", "version": 0}), http.StatusConflict)
			want(t, h.call(t, "PUT", path(a.ID, "/placement"), tok, map[string]any{"municipality": "999"}), http.StatusUnprocessableEntity)
			want(t, h.call(t, "PUT", path(a.ID, "/placement"), tok, map[string]any{"nonsense": 1}), http.StatusBadRequest)
			want(t, h.call(t, "GET", path(foreign.ID, "/placement"), tok, nil), http.StatusNotFound)
			want(t, h.call(t, "PUT", path(foreign.ID, "/placement"), tok, map[string]any{"municipality": "091"}), http.StatusNotFound)
		})
		t.Run("household", func(t *testing.T) {
			w := h.call(t, "POST", path(a.ID, "/household"), tok, map[string]any{"otherId": b.ID, "kind": "child"})
			want(t, w, http.StatusCreated)
			link := decode[householdLinkJSON](t, w)
			if link.OtherID != b.ID || link.Kind != "child" || link.OtherName != "Omar Osman" {
				t.Fatalf("link %+v", link)
			}
			w = h.call(t, "GET", path(b.ID, "/household"), tok, nil)
			want(t, w, http.StatusOK)
			links := decode[[]householdLinkJSON](t, w)
			if len(links) != 1 || links[0].OtherID != a.ID || links[0].Kind != "parent" {
				t.Fatalf("from b %+v", links)
			}
			want(t, h.call(t, "POST", path(a.ID, "/household"), tok, map[string]any{"otherId": b.ID, "kind": "spouse"}), http.StatusConflict)
			want(t, h.call(t, "POST", path(a.ID, "/household"), tok, map[string]any{"otherId": foreign.ID, "kind": "spouse"}), http.StatusNotFound)
			want(t, h.call(t, "GET", path(foreign.ID, "/household"), tok, nil), http.StatusNotFound)
			// A link of another client answers like a missing one.
			c := h.create(t, tok, person(synthetic(t, 1981, 5, 5, 925), "Cyrus", "Kolmas"))
			want(t, h.call(t, "DELETE", path(c.ID, "/household/"+link.ID), tok, nil), http.StatusNotFound)
			want(t, h.call(t, "DELETE", path(foreign.ID, "/household/"+link.ID), other, nil), http.StatusNotFound)
			want(t, h.call(t, "DELETE", path(b.ID, "/household/"+link.ID), tok, nil), http.StatusNoContent)
			// Both clients' histories hold the link and its removal.
			for _, id := range []string{a.ID, b.ID} {
				w := h.call(t, "GET", path(id, "/history"), tok, nil)
				if n := strings.Count(w.Body.String(), `"field":"household"`); n != 2 {
					t.Errorf("history of %s has %d household entries: %s", id, n, w.Body)
				}
			}
			want(t, h.call(t, "DELETE", path(a.ID, "/household/"+link.ID), tok, nil), http.StatusNotFound)
		})
	})
}

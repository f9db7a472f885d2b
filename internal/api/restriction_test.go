package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/natrep"
	"koto/internal/store/storetest"
)

// Over the API: the DPO places a restriction (PUT), the client JSON says
// restricted, a caseworker's PATCH and note answer 403 of problem type
// processing-restricted and change nothing, the national repository
// export leaves the client out; DELETE lifts it and the PATCH passes.
func TestRestrictionAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		cw := h.user(t, "091", "cw", access.Caseworker)
		sup := h.user(t, "091", "sup", access.Supervisor)
		dpo := h.user(t, "091", "tsv", access.DPO)
		c := h.create(t, cw, person(synthetic(t, 1988, 5, 6, 937), "Rajattu", "Asiakas"))
		other := h.create(t, cw, person(synthetic(t, 1987, 5, 6, 938), "Vapaa", "Asiakas"))
		for _, id := range []string{c.ID, other.ID} {
			w := h.call(t, "POST", path(id, "/assessments"), cw, map[string]any{"kind": "basic", "date": "2025-03-01",
				"status": "completed", "authors": "Ohjaaja", "planNeeded": "no", "furtherMeasures": "Ei", "dataSource": "asiakas",
				"topics": map[string]any{"literacy": "Lukee."}})
			want(t, w, http.StatusCreated)
		}
		restricted := func(id string) bool {
			t.Helper()
			w := h.call(t, "GET", path(id), cw, nil)
			want(t, w, http.StatusOK)
			var got struct {
				Restricted *bool `json:"restricted"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || got.Restricted == nil {
				t.Fatalf("no restricted in %s", w.Body)
			}
			return *got.Restricted
		}
		if restricted(c.ID) {
			t.Fatal("restricted before any restriction")
		}
		place := map[string]any{"ground": "objection_pending", "reason": "Asiakas vastustaa käsittelyä.", "requestId": "dsr-3"}
		want(t, h.call(t, "PUT", path(c.ID, "/restriction"), cw, place), http.StatusNotFound)
		want(t, h.call(t, "PUT", path(c.ID, "/restriction"), sup, place), http.StatusNotFound)
		want(t, h.call(t, "PUT", path(c.ID, "/restriction"), dpo, map[string]any{"ground": "nope", "reason": ""}), http.StatusUnprocessableEntity)
		want(t, h.call(t, "PUT", path(c.ID, "/restriction"), dpo, place), http.StatusOK)
		want(t, h.call(t, "PUT", path(c.ID, "/restriction"), dpo, place), http.StatusConflict)
		if !restricted(c.ID) || restricted(other.ID) {
			t.Fatal("restricted flags wrong")
		}
		w := h.call(t, "GET", path(c.ID, "/restriction"), sup, nil)
		want(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), `"restricted":true`) || !strings.Contains(w.Body.String(), `"requestId":"dsr-3"`) {
			t.Fatalf("status for the supervisor: %s", w.Body)
		}
		if w := h.call(t, "GET", path(c.ID, "/restriction"), cw, nil); strings.Contains(w.Body.String(), "history") {
			t.Errorf("history for a caseworker: %s", w.Body)
		}

		for _, req := range []struct {
			method, path string
			body         any
		}{
			{"PATCH", path(c.ID), map[string]any{"lastName": "Muutettu"}},
			{"POST", path(c.ID, "/notes"), map[string]any{"type": "phone", "date": "2025-01-02", "text": "Puhelu."}},
		} {
			w := h.call(t, req.method, req.path, cw, req.body, "If-Match", `"1"`)
			want(t, w, http.StatusForbidden)
			var p problemJSON
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Type != ProblemBase+processingRestricted || p.Detail == "" {
				t.Errorf("%s %s: %s", req.method, req.path, w.Body)
			}
		}
		if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE result = 'denied' AND action = 'client.update' AND touched LIKE '%restricted%'`); n != 1 {
			t.Errorf("%d denied restricted client.update entries, want 1", n)
		}
		if w := h.call(t, "GET", path(c.ID), cw, nil); !strings.Contains(w.Body.String(), `"lastName":"Asiakas"`) {
			t.Fatalf("the refused change was kept: %s", w.Body)
		}

		// The national repository export leaves the restricted client out.
		from := time.Now().AddDate(0, 0, -1).Format(time.DateOnly)
		to := time.Now().AddDate(0, 0, 1).Format(time.DateOnly)
		w = h.call(t, "GET", "/api/v1/national-repository?from="+from+"&to="+to, sup, nil)
		want(t, w, http.StatusOK)
		var d natrep.Document
		if err := json.Unmarshal(w.Body.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		if len(d.Records) != 1 || d.Records[0].Person.KotoID != other.KotoID {
			t.Fatalf("export of a restricted client: %s", w.Body)
		}
		if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE action = 'natrep.export' AND touched LIKE '%withheld_restricted:1%'`); n != 1 {
			t.Errorf("the export's entry does not count the withheld client (%d)", n)
		}

		want(t, h.call(t, "DELETE", path(c.ID, "/restriction"), sup, map[string]any{"reason": "Ei."}), http.StatusNotFound)
		want(t, h.call(t, "DELETE", path(c.ID, "/restriction"), dpo, map[string]any{"reason": "Arvioitu, jatketaan."}), http.StatusOK)
		want(t, h.call(t, "DELETE", path(c.ID, "/restriction"), dpo, map[string]any{"reason": "Uudelleen."}), http.StatusConflict)
		want(t, h.call(t, "PATCH", path(c.ID), cw, map[string]any{"lastName": "Muutettu"}, "If-Match", `"1"`), http.StatusOK)
	})
}

package api

import (
	"net/http"
	"testing"

	"koto/internal/access"
	"koto/internal/store/storetest"
)

// The contract outside tools rely on: create 201, list, get, update and
// complete, background and language tests; a client of another
// organisation and a record of another client answer 404 like a missing
// one; reads are logged as assessment.*.
func TestAssessmentContract(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		cw := h.user(t, "091", "cw", access.Caseworker)
		other := h.user(t, "092", "muu", access.Supervisor)
		c := h.create(t, cw, person("1990-02-03", "Arvio", "Asiakas"))
		c2 := h.create(t, cw, person("1991-02-03", "Toinen", "Asiakas"))

		w := h.call(t, "POST", path(c.ID, "/assessments"), cw, map[string]any{"kind": "basic", "date": "2025-03-01",
			"topics": map[string]any{"literacy": "Lukee ja kirjoittaa."}})
		want(t, w, http.StatusCreated)
		a := decode[assessmentJSON](t, w)
		if a.ID == "" || a.Status != "draft" || a.Version != 1 || a.Topics.Literacy != "Lukee ja kirjoittaa." {
			t.Fatalf("created %+v", a)
		}
		w = h.call(t, "POST", path(c.ID, "/assessments"), cw, map[string]any{"kind": "deep"})
		want(t, w, http.StatusUnprocessableEntity)

		w = h.call(t, "GET", path(c.ID, "/assessments"), cw, nil)
		want(t, w, http.StatusOK)
		if l := decode[assessmentListJSON](t, w); len(l.Assessments) != 1 || l.Window.State != "unknown" {
			t.Fatalf("list %+v", l)
		}
		w = h.call(t, "PUT", path(c.ID, "/assessments/", a.ID), cw, map[string]any{"kind": "basic", "date": "2025-03-01",
			"status": "completed", "authors": "Ohjaaja", "planNeeded": "yes", "plannedPlanDate": "2025-04-01", "version": 1})
		want(t, w, http.StatusOK)
		if got := decode[assessmentJSON](t, w); got.Status != "completed" || got.CompletedAt == nil {
			t.Fatalf("completed %+v", got)
		}
		w = h.call(t, "PUT", path(c.ID, "/assessments/", a.ID), cw, map[string]any{"kind": "basic", "date": "2025-03-01", "version": 2})
		want(t, w, http.StatusConflict)
		want(t, h.call(t, "GET", path(c.ID, "/assessments/", a.ID), cw, nil), http.StatusOK)

		// Another client's record and another organisation's client: 404.
		want(t, h.call(t, "GET", path(c2.ID, "/assessments/", a.ID), cw, nil), http.StatusNotFound)
		want(t, h.call(t, "GET", path(c.ID, "/assessments/", "missing"), cw, nil), http.StatusNotFound)
		for _, r := range []struct{ method, rest string }{{"GET", "/assessments"}, {"GET", "/assessments/" + a.ID}, {"GET", "/background"}, {"GET", "/language-tests"}} {
			want(t, h.call(t, r.method, path(c.ID, r.rest), other, nil), http.StatusNotFound)
		}
		want(t, h.call(t, "POST", path(c.ID, "/assessments"), other, map[string]any{"kind": "basic", "date": "2025-03-01"}), http.StatusNotFound)

		w = h.call(t, "PUT", path(c.ID, "/background"), cw, map[string]any{"education": []any{map[string]any{"level": "6", "field": "09", "country": "SY", "years": 4, "completed": true}},
			"work": []any{map[string]any{"occupation": "22", "years": 3}}, "literacy": "literate", "targetOccupation": "32", "unemployedMonths": 6, "version": 0})
		want(t, w, http.StatusOK)
		w = h.call(t, "PUT", path(c.ID, "/background"), cw, map[string]any{"education": []any{map[string]any{"level": "99"}}, "version": 1})
		want(t, w, http.StatusUnprocessableEntity)
		if p := decodeProblem(t, w); len(p.Errors) != 1 || p.Errors[0].Field != "education[0].level" {
			t.Fatalf("problem %+v", p)
		}
		w = h.call(t, "GET", path(c.ID, "/background"), cw, nil)
		want(t, w, http.StatusOK)
		if b := decode[backgroundJSON](t, w); b.Version != 1 || len(b.Education) != 1 || b.Education[0].Field != "09" {
			t.Fatalf("background %+v", b)
		}

		w = h.call(t, "POST", path(c.ID, "/language-tests"), cw, map[string]any{"kind": "final", "date": "2025-05-01",
			"listening": "B1.1", "reading": "B1.2", "speaking": "A2.2", "writing": "B1.1", "provider": "Opisto"})
		want(t, w, http.StatusCreated)
		w = h.call(t, "GET", path(c.ID, "/language-tests"), cw, nil)
		want(t, w, http.StatusOK)
		l := decode[languageTestsJSON](t, w)
		if len(l.Tests) != 1 || l.Progress.Goal != "B1.1" || len(l.Progress.Skills) != 4 || l.Progress.Skills[2].Reached {
			t.Fatalf("tests %+v", l)
		}
		if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE action = 'assessment.read' AND result = 'denied'`); n < 5 {
			t.Errorf("%d denied assessment.read entries, want at least 5", n)
		}
		if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE action = 'assessment.read' AND result = 'allowed'`); n < 4 {
			t.Errorf("%d assessment.read entries, want at least 4", n)
		}
	})
}
